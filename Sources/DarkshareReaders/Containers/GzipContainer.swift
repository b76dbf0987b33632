/// A `.gz` file: one compressed input, streamed out through an ``InflatingByteSource``.
///
/// ```swift
/// GzipContainer.isGzip(head)                      // true for 1F 8B …
/// GzipContainer.innerName(for: "chat.txt.gz")    // "chat.txt": sniff the inner format by it
/// let inner = try GzipContainer.open(FileByteSource(path: "chat.txt.gz"))
/// ```
///
/// `.tgz` and `.tar.gz` hold a tar archive, which darkshare does not read: ``innerName(for:)``
/// names them `….tar`, and ``isTar(_:)`` recognises the tar inside so the caller can say so
/// rather than audit tar headers as text. The inner file's name is only a label, never a path:
/// nothing is written to disk.
public enum GzipContainer {
  /// Whether `head` (the first bytes of an input) starts with gzip's magic bytes `1F 8B`.
  public static func isGzip(_ head: some Collection<UInt8>) -> Bool {
    head.starts(with: [0x1F, 0x8B])
  }

  /// The name of the compressed file, for format sniffing and reports: `path` without its
  /// `.gz` extension (any case); `x.tgz` becomes `x.tar`; any other name is returned unchanged.
  public static func innerName(for path: String) -> String {
    let lower = path.lowercased()
    if lower.hasSuffix(".gz"), path.count > 3 { return String(path.dropLast(3)) }
    if lower.hasSuffix(".tgz") { return String(path.dropLast(4)) + ".tar" }
    return path
  }

  /// Whether `head` (at least 262 expanded bytes) is a POSIX tar header (`ustar` at offset 257),
  /// which darkshare does not read.
  public static func isTar(_ head: some Collection<UInt8>) -> Bool {
    Array(head.dropFirst(257).prefix(5)) == Array("ustar".utf8)
  }

  /// The expanded bytes of the gzip data in `source`.
  /// - Parameters:
  ///   - source: the compressed bytes (a file, standard input, a zip entry).
  ///   - limits: size and ratio limits, enforced while reading.
  ///   - depth: how deep this `.gz` is nested in containers; 1 for an input that is a `.gz`.
  ///   - budget: the enclosing archive's ``ZipArchive/budget`` for a `.gz` inside a zip, or nil.
  /// - Throws: ``ReaderError`` when nested deeper than the limits allow. Reading the returned
  ///   source throws on corrupt, truncated or oversized data.
  public static func open(
    _ source: any ByteSource, limits: ContainerLimits = .default, depth: Int = 1, budget: ExpansionBudget? = nil
  ) throws(ReaderError) -> InflatingByteSource {
    try limits.checkNesting(depth: depth)
    return try InflatingByteSource(source, format: .gzip, limits: limits, budget: budget)
  }
}

/// A zip archive read with random access: its central directory listed as ``entries``, and each
/// entry's bytes pulled through ``open(_:)`` as a ``ByteSource``, so a 1 GB mbox inside a Google
/// Takeout zip streams instead of being expanded into memory.
///
/// Reads PKWARE APPNOTE.TXT zips, including ZIP64 (archives and entries over 4 GiB, more than
/// 65 535 entries), entries stored (method 0) or deflated (method 8). Encrypted entries and
/// other methods are listed but refused one by one (``ZipEntry/unsupportedReason``).
/// Directories are left out of ``entries``. Entry names are labels only: **nothing is ever
/// written to disk** and no path is built from a name.
///
/// ```swift
/// let archive = try ZipArchive(path: "WhatsApp Chat with Ann.zip")
/// for entry in archive.entries where entry.name.hasSuffix(".txt") {
///   let text = try archive.open(entry).readAll(limit: 64 << 20)
/// }
/// ```
///
/// The ``ContainerLimits`` apply throughout: the entry count while the central directory is
/// read, size and ratio while each entry streams, and the total over all entries opened.
public final class ZipArchive {
  /// The files in the archive, in central-directory order, directories left out.
  public let entries: [ZipEntry]
  /// The limits this archive is read with.
  public let limits: ContainerLimits
  /// What all entries opened from this archive may expand to together.
  public let budget: ExpansionBudget

  let bytes: any RandomAccessBytes

  /// Reads the central directory of the zip file at `path`.
  /// - Parameters:
  ///   - path: the zip file; it is read at offsets, never loaded whole.
  ///   - limits: the limits to read with.
  ///   - budget: a parent archive's budget to share, or nil for a new one of
  ///     ``ContainerLimits/maximumTotalBytes``.
  /// - Throws: ``ReaderError`` when the file cannot be read, is not a zip, is truncated, or
  ///   lists more entries than ``ContainerLimits/maximumEntryCount``.
  /// - Complexity: O(*n*) in the number of entries; two small reads per entry.
  public convenience init(
    path: String, limits: ContainerLimits = .default, budget: ExpansionBudget? = nil
  ) throws(ReaderError) {
    try self.init(reading: RandomAccessFile(path: path), limits: limits, depth: 1, budget: budget)
  }

  /// Reads the central directory of a zip held in memory: one nested in another zip, or read
  /// from standard input.
  /// - Parameters:
  ///   - bytes: the whole zip.
  ///   - limits: the limits to read with.
  ///   - depth: how deep this zip is nested; 1 for an input that is a zip, 2 for a zip in a zip.
  ///   - budget: the parent archive's budget to share, or nil for a new one.
  /// - Throws: ``ReaderError`` as ``init(path:limits:budget:)``, and when `depth` exceeds
  ///   ``ContainerLimits/maximumNestingDepth``.
  public convenience init(
    bytes: [UInt8], limits: ContainerLimits = .default, depth: Int = 1, budget: ExpansionBudget? = nil
  ) throws(ReaderError) {
    try self.init(reading: RandomAccessMemory(bytes), limits: limits, depth: depth, budget: budget)
  }

  init(reading bytes: any RandomAccessBytes, limits: ContainerLimits, depth: Int, budget: ExpansionBudget?) throws(ReaderError) {
    try limits.checkNesting(depth: depth)
    self.bytes = bytes
    self.limits = limits
    self.budget = budget ?? ExpansionBudget(total: limits.maximumTotalBytes)
    let directory = try Self.findCentralDirectory(in: bytes)
    guard directory.entryCount <= Int64(limits.maximumEntryCount) else {
      throw ReaderError(
        "the zip lists \(directory.entryCount) entries, more than the limit of \(limits.maximumEntryCount)")
    }
    entries = try Self.readEntries(of: directory, in: bytes).filter { !$0.isDirectory }
  }

  /// Whether `head` (the first bytes of an input) starts like a zip: a local file header
  /// `PK\3\4`, or `PK\5\6` for an empty archive.
  public static func isZip(_ head: some Collection<UInt8>) -> Bool {
    head.starts(with: [0x50, 0x4B, 0x03, 0x04]) || head.starts(with: [0x50, 0x4B, 0x05, 0x06])
  }
}

/// Opening an entry: its local header, then its data streamed and checked.
extension ZipArchive {
  private static let localHeaderSignature: UInt32 = 0x0403_4B50

  /// The expanded bytes of `entry`, pulled as they are read.
  ///
  /// Reads the entry's local header (for its own name and extra-field lengths), then streams
  /// the data: a bounded slice for a stored entry, an ``InflatingByteSource`` in raw-deflate
  /// mode for a deflated one. While streaming, the source enforces the ``limits`` and the
  /// shared ``budget``, refuses to expand past the declared ``ZipEntry/uncompressedSize``, and at
  /// the end checks the size and the CRC-32. Nothing is written to disk.
  ///
  /// - Parameter entry: one of ``entries``.
  /// - Returns: a source used by one reader at a time; the archive stays alive while it is read.
  /// - Throws: ``ReaderError`` now when the entry is encrypted, uses another compression method,
  ///   declares more than ``ContainerLimits/maximumEntryBytes``, or its local header is missing or
  ///   truncated; and from the source's `read(upTo:)` on corrupt or truncated data, a bomb, a
  ///   size that lies, or a CRC mismatch. Every message names the entry.
  public func open(_ entry: ZipEntry) throws(ReaderError) -> any ByteSource {
    if let reason = entry.unsupportedReason { throw ReaderError(reason) }
    let name = entry.displayName
    guard entry.uncompressedSize <= limits.maximumEntryBytes else {
      throw ReaderError(
        "entry '\(name)' declares \(entry.uncompressedSize) bytes, more than the \(limits.maximumEntryBytes)-byte limit for one entry")
    }
    if entry.method == ZipEntry.storedMethod, entry.compressedSize != entry.uncompressedSize {
      throw ReaderError(
        "corrupt zip: entry '\(name)' is stored but declares \(entry.compressedSize) stored and \(entry.uncompressedSize) expanded bytes")
    }
    let header = try bytes.readExactly(at: entry.localHeaderOffset, count: 30, what: "the local header of entry '\(name)'")
    guard header.uint32(at: 0) == Self.localHeaderSignature else {
      throw ReaderError("corrupt zip: entry '\(name)' has no local header at byte \(entry.localHeaderOffset)")
    }
    let dataStart = entry.localHeaderOffset + 30 + Int64(header.uint16(at: 26)) + Int64(header.uint16(at: 28))
    guard entry.compressedSize <= bytes.size - dataStart else {
      throw ReaderError("the zip is truncated: the data of entry '\(name)' runs past the end of the file")
    }
    let raw = RandomAccessSlice(bytes, offset: dataStart, length: entry.compressedSize)
    let data: any ByteSource =
      entry.method == ZipEntry.storedMethod ? raw : try InflatingByteSource(raw, format: .rawDeflate, limits: limits)
    return ZipEntryByteSource(data, entry: entry, limits: limits, budget: budget, archive: self)
  }
}

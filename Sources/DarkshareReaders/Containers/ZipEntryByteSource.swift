internal import CZlib

/// An entry's expanded bytes, checked as they pass: the declared size is never exceeded, the
/// archive's budget is charged, and at the end the size and CRC-32 must match the central
/// directory. Errors from below are prefixed with the entry's name.
final class ZipEntryByteSource: ByteSource {
  private let data: any ByteSource
  private let entry: ZipEntry
  private let limits: ContainerLimits
  private let budget: ExpansionBudget
  /// Keeps the archive (and its open file) alive while the entry is read.
  private let archive: ZipArchive
  private var count: Int64 = 0
  private var crc: uLong = crc32(0, nil, 0)
  private var ended = false

  init(_ data: any ByteSource, entry: ZipEntry, limits: ContainerLimits, budget: ExpansionBudget, archive: ZipArchive) {
    self.data = data
    self.entry = entry
    self.limits = limits
    self.budget = budget
    self.archive = archive
  }

  func read(upTo requested: Int) throws(ReaderError) -> [UInt8] {
    if ended { return [] }
    let name = entry.displayName
    let chunk: [UInt8]
    do {
      chunk = try data.read(upTo: requested)
    } catch {
      throw ReaderError("entry '\(name)': \(error.message)")
    }
    guard !chunk.isEmpty else {
      ended = true
      guard count == entry.uncompressedSize else {
        throw ReaderError(
          "entry '\(name)' is shorter than its declared size: \(count) of \(entry.uncompressedSize) bytes (the zip is corrupt)")
      }
      guard UInt32(crc) == entry.crc32 else {
        throw ReaderError(
          "entry '\(name)' fails its CRC-32 check (expected \(Self.hex(entry.crc32)), got \(Self.hex(UInt32(crc)))): the zip is corrupt")
      }
      return []
    }
    count += Int64(chunk.count)
    guard count <= entry.uncompressedSize else {
      throw ReaderError("entry '\(name)' expands beyond its declared size of \(entry.uncompressedSize) bytes")
    }
    guard count <= limits.maximumEntryBytes else {
      throw ReaderError(
        "entry '\(name)' looks like a decompression bomb: it expands past the \(limits.maximumEntryBytes)-byte limit for one entry")
    }
    try budget.charge(chunk.count, name: "entry '\(name)'")
    crc = chunk.withUnsafeBufferPointer { crc32(crc, $0.baseAddress, uInt($0.count)) }
    return chunk
  }

  private static func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
  }
}

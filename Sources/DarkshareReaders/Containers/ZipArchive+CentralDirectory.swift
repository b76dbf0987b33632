internal import CZlib

/// Finding and reading the central directory (APPNOTE.TXT §4.3.12–4.3.16, §4.5.3).
extension ZipArchive {
  /// Where the central directory is, from the end records.
  struct CentralDirectoryLocation {
    var offset: Int64
    var size: Int64
    var entryCount: Int64
    /// Bytes prepended to the archive (a self-extractor stub), added to every stored offset.
    var shift: Int64 = 0
  }

  private static let endRecordLength = 22
  private static let endSignature: UInt32 = 0x0605_4B50
  private static let zip64LocatorSignature: UInt32 = 0x0706_4B50
  private static let zip64EndSignature: UInt32 = 0x0606_4B50
  private static let centralHeaderSignature: UInt32 = 0x0201_4B50

  /// Finds the end of central directory record in the last 64 KiB (+ 22 bytes), then the ZIP64
  /// end record through its locator when there is one.
  static func findCentralDirectory(in bytes: any RandomAccessBytes) throws(ReaderError) -> CentralDirectoryLocation {
    guard bytes.size >= Int64(endRecordLength) else {
      throw ReaderError("not a zip file: \(bytes.size) bytes are too few for a zip's end record")
    }
    let tailLength = Int(min(bytes.size, Int64(endRecordLength + 0xFFFF)))
    let tailStart = bytes.size - Int64(tailLength)
    let tail = try bytes.readExactly(at: tailStart, count: tailLength, what: "the end record")
    // The record whose comment reaches exactly the end wins; otherwise the last one found.
    var found: Int?
    var index = tail.count - endRecordLength
    while index >= 0 {
      if tail.uint32(at: index) == endSignature {
        if found == nil { found = index }
        if index + endRecordLength + Int(tail.uint16(at: index + 20)) == tail.count {
          found = index
          break
        }
      }
      index -= 1
    }
    guard let end = found else {
      throw ReaderError(
        "not a zip file, or a truncated one: no end of central directory record in its last 64 KiB")
    }
    let endOffset = tailStart + Int64(end)
    var location = CentralDirectoryLocation(
      offset: Int64(tail.uint32(at: end + 16)), size: Int64(tail.uint32(at: end + 12)),
      entryCount: Int64(tail.uint16(at: end + 10)))
    var directoryEnd = endOffset
    var disk = UInt32(tail.uint16(at: end + 4))
    let locator = endOffset >= 20 ? try bytes.readExactly(at: endOffset - 20, count: 20, what: "the ZIP64 locator") : []
    if !locator.isEmpty, locator.uint32(at: 0) == zip64LocatorSignature {
      let recordOffset = Int64(bitPattern: locator.uint64(at: 8))
      let record = try bytes.readExactly(at: recordOffset, count: 56, what: "the ZIP64 end record")
      guard record.uint32(at: 0) == zip64EndSignature else {
        throw ReaderError("corrupt zip: the ZIP64 locator points at byte \(recordOffset), where there is no ZIP64 end record")
      }
      disk = record.uint32(at: 16)
      location = CentralDirectoryLocation(
        offset: Int64(bitPattern: record.uint64(at: 48)), size: Int64(bitPattern: record.uint64(at: 40)),
        entryCount: Int64(bitPattern: record.uint64(at: 32)))
      directoryEnd = recordOffset
    }
    guard disk == 0 || disk == 0xFFFF else {
      throw ReaderError("the zip is split over several disks (a spanned archive), which darkshare does not read")
    }
    guard location.offset >= 0, location.size >= 0, location.entryCount >= 0,
      location.offset <= directoryEnd, location.size <= directoryEnd - location.offset
    else {
      throw ReaderError(
        "the zip is truncated or corrupt: its central directory (\(location.size) bytes at \(location.offset)) lies beyond the end record")
    }
    guard location.entryCount <= location.size / 46 else {
      throw ReaderError(
        "corrupt zip: \(location.entryCount) entries cannot fit in a \(location.size)-byte central directory")
    }
    // Bytes prepended to the zip (a self-extractor stub) shift every offset by the same amount.
    let shift = directoryEnd - location.offset - location.size
    if shift > 0, location.entryCount > 0,
      try bytes.read(at: location.offset, count: 4) != [0x50, 0x4B, 0x01, 0x02],
      try bytes.read(at: location.offset + shift, count: 4) == [0x50, 0x4B, 0x01, 0x02]
    {
      location.offset += shift
      location.shift = shift
    }
    return location
  }

  /// The entries of the central directory, in order, directories included.
  static func readEntries(of directory: CentralDirectoryLocation, in bytes: any RandomAccessBytes) throws(ReaderError) -> [ZipEntry] {
    var entries = [ZipEntry]()
    entries.reserveCapacity(Int(directory.entryCount))
    var position = directory.offset
    let end = directory.offset + directory.size
    for index in 0..<Int(directory.entryCount) {
      let what = "central directory entry \(index + 1)"
      guard position + 46 <= end else {
        throw ReaderError("corrupt zip: \(what) lies beyond the central directory")
      }
      let header = try bytes.readExactly(at: position, count: 46, what: what)
      guard header.uint32(at: 0) == centralHeaderSignature else {
        throw ReaderError("corrupt zip: \(what) at byte \(position) has no central directory signature")
      }
      let nameLength = Int(header.uint16(at: 28))
      let extraLength = Int(header.uint16(at: 30))
      let commentLength = Int(header.uint16(at: 32))
      let variable = try bytes.readExactly(at: position + 46, count: nameLength + extraLength, what: what)
      let rawName = Array(variable[..<nameLength])
      let extra = Array(variable[nameLength...])
      let flags = header.uint16(at: 8)
      var entry = ZipEntry(
        index: index, name: "", displayName: "", method: header.uint16(at: 10), isEncrypted: flags & 1 != 0,
        flags: flags, crc32: header.uint32(at: 16), compressedSize: Int64(header.uint32(at: 20)),
        uncompressedSize: Int64(header.uint32(at: 24)), localHeaderOffset: Int64(header.uint32(at: 42)))
      entry.name = decodeName(rawName, flags: flags, extra: extra)
      entry.displayName = ZipEntry.printable(entry.name)
      applyZip64Extra(extra, to: &entry)
      entry.localHeaderOffset += directory.shift
      guard entry.compressedSize >= 0, entry.uncompressedSize >= 0, entry.localHeaderOffset >= 0 else {
        throw ReaderError("corrupt zip: \(what) ('\(entry.displayName)') declares a negative size or offset")
      }
      entries.append(entry)
      position += Int64(46 + nameLength + extraLength + commentLength)
    }
    return entries
  }

  /// The extra fields of a header as (id, data) pairs; a malformed tail is ignored.
  static func extraFields(_ extra: [UInt8]) -> [(id: UInt16, data: [UInt8])] {
    var fields = [(id: UInt16, data: [UInt8])]()
    var offset = 0
    while offset + 4 <= extra.count {
      let length = Int(extra.uint16(at: offset + 2))
      let end = min(extra.count, offset + 4 + length)
      fields.append((extra.uint16(at: offset), Array(extra[(offset + 4)..<end])))
      offset += 4 + length
    }
    return fields
  }

  /// UTF-8 when flag bit 11 says so, the Info-ZIP Unicode Path field (0x7075) when it matches
  /// the stored name's CRC, plain ASCII as itself, code page 437 otherwise.
  private static func decodeName(_ raw: [UInt8], flags: UInt16, extra: [UInt8]) -> String {
    if flags & 0x800 != 0 { return String(decoding: raw, as: UTF8.self) }
    for field in extraFields(extra) where field.id == 0x7075 && field.data.count > 5 && field.data[0] == 1 {
      let crc = raw.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, uInt($0.count))) }
      if field.data.uint32(at: 1) == crc { return String(decoding: field.data[5...], as: UTF8.self) }
    }
    return CodePage437.decode(raw)
  }

  /// Replaces the 32-bit fields saturated at 0xFFFFFFFF with the ZIP64 extra field's (0x0001)
  /// 64-bit values, which appear in this order and only for the saturated fields.
  private static func applyZip64Extra(_ extra: [UInt8], to entry: inout ZipEntry) {
    guard let field = extraFields(extra).first(where: { $0.id == 1 })?.data else { return }
    var offset = 0
    func next() -> Int64? {
      guard offset + 8 <= field.count else { return nil }
      defer { offset += 8 }
      return Int64(bitPattern: field.uint64(at: offset))
    }
    if entry.uncompressedSize == 0xFFFF_FFFF, let value = next() { entry.uncompressedSize = value }
    if entry.compressedSize == 0xFFFF_FFFF, let value = next() { entry.compressedSize = value }
    if entry.localHeaderOffset == 0xFFFF_FFFF, let value = next() { entry.localHeaderOffset = value }
  }
}

/// Turns a UTF-16 byte stream (after its byte-order mark) into UTF-8 a chunk at a time, for
/// streaming readers whose scanning works on UTF-8 bytes (SMS backups written as UTF-16).
///
/// A code unit or surrogate pair split between chunks is carried to the next; an unpaired
/// surrogate becomes U+FFFD. Line breaks stay line breaks, so line numbers are those of the file.
struct UTF16Decoder {
  let isBigEndian: Bool
  private var carry: [UInt8] = []
  private var highSurrogate: UInt16?

  init(isBigEndian: Bool) { self.isBigEndian = isBigEndian }

  /// The byte-order mark `head` starts with, if any: whether the stream is big-endian.
  static func byteOrder<Bytes: Collection>(of head: Bytes) -> Bool? where Bytes.Element == UInt8 {
    if head.starts(with: [0xFF, 0xFE]) { return false }
    if head.starts(with: [0xFE, 0xFF]) { return true }
    return nil
  }

  /// The UTF-8 of `chunk`; `isLast` flushes what was carried.
  mutating func decode(_ chunk: [UInt8], isLast: Bool) -> [UInt8] {
    var bytes = carry + chunk
    carry = []
    if bytes.count % 2 == 1 { carry = [bytes.removeLast()] }
    var output = [UInt8]()
    output.reserveCapacity(bytes.count)
    var index = 0
    while index + 1 < bytes.count {
      let unit = isBigEndian ? UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1]) : UInt16(bytes[index + 1]) << 8 | UInt16(bytes[index])
      index += 2
      if let high = highSurrogate {
        highSurrogate = nil
        if (0xDC00...0xDFFF).contains(unit) {
          let scalar = 0x10000 + (UInt32(high - 0xD800) << 10) + UInt32(unit - 0xDC00)
          append(Unicode.Scalar(scalar), to: &output)
          continue
        }
        append(nil, to: &output)
      }
      if (0xD800...0xDBFF).contains(unit) {
        highSurrogate = unit
      } else {
        append(Unicode.Scalar(UInt32(unit)), to: &output)
      }
    }
    if isLast {
      if highSurrogate != nil || !carry.isEmpty { append(nil, to: &output) }
      highSurrogate = nil
      carry = []
    }
    return output
  }

  private func append(_ scalar: Unicode.Scalar?, to output: inout [UInt8]) {
    output += Array(String(Character(scalar ?? "\u{FFFD}")).utf8)
  }

  /// `bytes` with the encoding named in a leading XML declaration made `UTF-8`, since the bytes
  /// handed on are UTF-8 now (libxml2 refuses UTF-8 content labelled UTF-16).
  static func relabelledDeclaration(_ bytes: [UInt8]) -> [UInt8] {
    guard bytes.starts(with: Array("<?xml".utf8)), let end = bytes.firstIndex(ofBytes: Array("?>".utf8)),
      let name = bytes[..<end].firstIndex(ofBytes: Array("encoding".utf8))
    else { return bytes }
    var cursor = name + "encoding".utf8.count
    while cursor < end, bytes[cursor] == 0x20 || bytes[cursor] == UInt8(ascii: "=") { cursor += 1 }
    guard cursor < end, bytes[cursor] == UInt8(ascii: "\"") || bytes[cursor] == UInt8(ascii: "'") else { return bytes }
    let quote = bytes[cursor]
    guard let close = bytes[(cursor + 1)..<end].firstIndex(of: quote) else { return bytes }
    return Array(bytes[...cursor]) + Array("UTF-8".utf8) + Array(bytes[close...])
  }
}

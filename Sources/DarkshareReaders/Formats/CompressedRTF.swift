/// Decompresses an Outlook `PidTagRtfCompressed` body (MS-OXRTFCP): LZFu, or stored uncompressed.
///
/// The stream starts with a 16-byte header (`COMPSIZE`, `RAWSIZE`, `COMPTYPE`, `CRC`, all
/// little-endian). `COMPTYPE` `MELA` stores the RTF as is; `LZFu` compresses it against a
/// 4096-byte ring dictionary that starts with 207 bytes of common RTF. Each control byte's bits,
/// lowest first, say whether the next token is one literal byte (0) or a big-endian 16-bit
/// reference (1): 12 bits of dictionary offset and 4 bits of length − 2. A reference to the
/// current write position ends the data.
///
/// ```swift
/// try CompressedRTF.decompress(spec example 2)   // "{\rtf1 WXYZWXYZWXYZWXYZWXYZ}"
/// ```
///
/// The output is bounded by `RAWSIZE`, which is itself bounded by ``maximumExpansion`` times the
/// compressed size (a reference expands at most 17 bytes from 2, 8.5 : 1), so a hostile header
/// cannot make it allocate more than that. The CRC is not checked: a damaged body still yields
/// the links it holds, and the result is parsed as RTF after.
///
/// - Complexity: O(*n*) in the decompressed size.
enum CompressedRTF {
  /// The dictionary's first bytes (MS-OXRTFCP §2.1.3.1.1).
  static let prefix = Array(
    (#"{\rtf1\ansi\mac\deff0\deftab720{\fonttbl;}{\f0\fnil \froman \fswiss \fmodern \fscript \fdecor MS Sans SerifSymbolArialTimes New RomanCourier{\colortbl\red0\green0\blue0"#
      + "\r\n" + #"\par \pard\plain\f0\fs20\b\i\u\tab\tx"#).utf8)
  /// The most bytes one compressed byte can stand for: 17 bytes from a 2-byte reference, plus
  /// the control byte's share.
  static let maximumExpansion = 9

  private static let compressed: UInt32 = 0x7546_5A4C  // "LZFu"
  private static let uncompressed: UInt32 = 0x414C_454D  // "MELA"

  /// The RTF in `stream`.
  /// - Throws: ``ReaderError`` for a header that is cut short, names another compression, or
  ///   claims sizes the stream cannot hold.
  static func decompress(_ stream: [UInt8]) throws(ReaderError) -> [UInt8] {
    guard stream.count >= 16 else { throw ReaderError("the compressed RTF body is truncated: \(stream.count) bytes, no 16-byte header") }
    let compressedSize = Int(stream.uint32(at: 0))
    let rawSize = Int(stream.uint32(at: 4))
    let type = stream.uint32(at: 8)
    // COMPSIZE counts the bytes after itself; a shorter stream is cut short, a longer one padded.
    let end = min(stream.count, compressedSize + 4)
    guard end >= 16 else { throw ReaderError("the compressed RTF body's header claims \(compressedSize) bytes, fewer than its own") }
    switch type {
    case uncompressed:
      return Array(stream[16..<min(end, 16 + rawSize)])
    case compressed:
      guard rawSize <= (end - 16) * maximumExpansion + prefix.count else {
        throw ReaderError("the compressed RTF body claims \(rawSize) bytes, more than its \(end - 16) compressed bytes can hold")
      }
      return lzfu(stream[16..<end], rawSize: rawSize)
    default:
      throw ReaderError("the RTF body's compression type 0x\(String(type, radix: 16)) is neither LZFu nor MELA")
    }
  }

  /// LZFu-decoded `data`: at most `rawSize` bytes, fewer when the data ends early.
  private static func lzfu(_ data: ArraySlice<UInt8>, rawSize: Int) -> [UInt8] {
    var dictionary = [UInt8](repeating: 0, count: 4096)
    dictionary.replaceSubrange(0..<prefix.count, with: prefix)
    var write = prefix.count
    var output = [UInt8]()
    output.reserveCapacity(rawSize)
    var index = data.startIndex
    while index < data.endIndex, output.count < rawSize {
      let control = data[index]
      index += 1
      for bit in 0..<8 where output.count < rawSize {
        guard index < data.endIndex else { return output }
        if control & (1 << bit) == 0 {
          dictionary[write] = data[index]
          output.append(data[index])
          write = (write + 1) & 0xFFF
          index += 1
          continue
        }
        guard index + 1 < data.endIndex else { return output }
        let reference = Int(data[index]) << 8 | Int(data[index + 1])
        index += 2
        var offset = reference >> 4
        if offset == write { return output }
        for _ in 0..<(reference & 0xF) + 2 where output.count < rawSize {
          let byte = dictionary[offset]
          dictionary[write] = byte
          output.append(byte)
          write = (write + 1) & 0xFFF
          offset = (offset + 1) & 0xFFF
        }
      }
    }
    return output
  }
}

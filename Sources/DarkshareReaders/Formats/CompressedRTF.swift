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

  /// The size of the stream's header, in bytes.
  static let headerSize = 16

  /// The RTF in `stream`: the whole stream fed to one ``Decoder``.
  /// - Throws: ``ReaderError`` for a header that is cut short, names another compression, or
  ///   claims sizes the stream cannot hold.
  static func decompress(_ stream: [UInt8]) throws(ReaderError) -> [UInt8] {
    var decoder = try Decoder(header: stream.prefix(headerSize), streamSize: stream.count)
    return decoder.feed(stream.dropFirst(headerSize))
  }

  /// Decompresses a stream a chunk at a time, with the output ``decompress(_:)`` gives for the
  /// whole: the dictionary, its write position, the control byte and its next bit, and the
  /// first byte of a reference cut by a chunk's end carry over to the next chunk.
  struct Decoder {
    private let isCompressed: Bool
    /// How many more bytes of the stream are data (`COMPSIZE` counts them; padding after is not).
    private var dataLeft: Int
    /// How many more bytes may be output (`RAWSIZE`; for `MELA`, no more than the data holds).
    private var outputLeft: Int
    private var dictionary: [UInt8]
    private var write: Int
    private var control: UInt8 = 0
    /// The control byte's next bit; 8 when the next byte is a control byte.
    private var bit = 8
    /// The first byte of a 2-byte reference whose second has not come yet.
    private var referenceHigh: UInt8?
    /// Whether a reference to the write position ended the data.
    private var isEnded = false

    /// A decoder for the stream that starts with `header` (its first 16 bytes) and is
    /// `streamSize` bytes long in all.
    /// - Throws: ``ReaderError`` for a header that is cut short, names another compression, or
    ///   claims sizes the stream cannot hold.
    init(header: ArraySlice<UInt8>, streamSize: Int) throws(ReaderError) {
      guard streamSize >= headerSize, header.count >= headerSize else {
        throw ReaderError("the compressed RTF body is truncated: \(streamSize) bytes, no 16-byte header")
      }
      let header = Array(header)
      let compressedSize = Int(header.uint32(at: 0))
      let rawSize = Int(header.uint32(at: 4))
      let type = header.uint32(at: 8)
      // COMPSIZE counts the bytes after itself; a shorter stream is cut short, a longer one padded.
      let end = min(streamSize, compressedSize + 4)
      guard end >= headerSize else { throw ReaderError("the compressed RTF body's header claims \(compressedSize) bytes, fewer than its own") }
      dataLeft = end - headerSize
      switch type {
      case uncompressed:
        isCompressed = false
        outputLeft = min(dataLeft, rawSize)
        dictionary = []
      case compressed:
        guard rawSize <= dataLeft * maximumExpansion + prefix.count else {
          throw ReaderError("the compressed RTF body claims \(rawSize) bytes, more than its \(dataLeft) compressed bytes can hold")
        }
        isCompressed = true
        outputLeft = rawSize
        dictionary = [UInt8](repeating: 0, count: 4096)
        dictionary.replaceSubrange(0..<prefix.count, with: prefix)
      default:
        throw ReaderError("the RTF body's compression type 0x\(String(type, radix: 16)) is neither LZFu nor MELA")
      }
      write = prefix.count
    }

    /// The RTF that the next `data` (the stream's bytes after its header, in order) decodes to;
    /// bytes past `COMPSIZE`, past `RAWSIZE`'s output or after the end reference are ignored.
    mutating func feed<Bytes: Collection<UInt8>>(_ data: Bytes) -> [UInt8] {
      var output = [UInt8]()
      guard isCompressed else {
        let count = min(data.count, dataLeft, outputLeft)
        dataLeft -= count
        outputLeft -= count
        return Array(data.prefix(count))
      }
      output.reserveCapacity(min(outputLeft, data.count * maximumExpansion))
      for byte in data {
        guard dataLeft > 0, outputLeft > 0, !isEnded else { break }
        dataLeft -= 1
        if bit == 8 {
          control = byte
          bit = 0
        } else if control & (1 << bit) == 0 {
          dictionary[write] = byte
          output.append(byte)
          outputLeft -= 1
          write = (write + 1) & 0xFFF
          bit += 1
        } else if let high = referenceHigh {
          referenceHigh = nil
          bit += 1
          copy(reference: Int(high) << 8 | Int(byte), to: &output)
        } else {
          referenceHigh = byte
        }
      }
      return output
    }

    /// Copies the dictionary bytes a reference (12 bits of offset, 4 of length − 2) names.
    private mutating func copy(reference: Int, to output: inout [UInt8]) {
      var offset = reference >> 4
      if offset == write {
        isEnded = true
        return
      }
      for _ in 0..<(reference & 0xF) + 2 where outputLeft > 0 {
        let byte = dictionary[offset]
        dictionary[write] = byte
        output.append(byte)
        outputLeft -= 1
        write = (write + 1) & 0xFFF
        offset = (offset + 1) & 0xFFF
      }
    }
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Converts text in a legacy character set to UTF-8 with iconv.
///
/// Used for HTML documents (``HTMLCharset``) and for mail parts and RFC 2047 header words,
/// whose charset MIME declares.
public enum Transcoder {
  /// A charset label as the name iconv knows, lower-case, with the aliases browsers and mail
  /// clients follow: `iso-8859-1`/`latin1` read as windows-1252 (WHATWG), `gb2312` as GBK,
  /// `ks_c_5601-1987` as CP949. `us-ascii` stays itself: HTML reads it as windows-1252, mail
  /// as UTF-8 when valid, and each caller decides.
  public static func canonicalLabel(_ label: String) -> String {
    let lowered = label.lowercased()
    switch lowered {
    case "utf8", "utf-8", "unicode-1-1-utf-8": return "utf-8"
    case "us-ascii", "ascii", "ansi_x3.4-1968": return "us-ascii"
    case "iso-8859-1", "iso8859-1", "latin1", "l1", "cp1252", "windows-1252", "x-cp1252": return "windows-1252"
    case "gb2312", "x-gbk", "gbk": return "gbk"
    case "ks_c_5601-1987", "ks_c_5601", "euc-kr": return "cp949"
    case "iso-8859-8-i": return "iso-8859-8"
    case "x-mac-cyrillic": return "maccyrillic"
    default: return lowered
    }
  }

  /// Whether `bytes` is well-formed UTF-8.
  ///
  /// - Complexity: O(*n*) in the number of bytes.
  public static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
    bytes.withUnsafeBytes { buffer in
      var index = 0
      while index < buffer.count {
        // Eight ASCII bytes at a time: most of a document, markup and URLs, is ASCII.
        if index + 8 <= buffer.count, buffer.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
          index += 8
          continue
        }
        guard let length = sequenceLength(in: buffer, at: index) else { return false }
        index += length
      }
      return true
    }
  }

  /// The length of the well-formed UTF-8 sequence at `index` (RFC 3629 §4: no overlong forms,
  /// surrogates or values past U+10FFFF), or nil when there is none.
  private static func sequenceLength(in bytes: UnsafeRawBufferPointer, at index: Int) -> Int? {
    let lead = bytes[index]
    if lead < 0x80 { return 1 }
    // The range the second byte must fall in, and how many bytes the sequence has.
    let second: ClosedRange<UInt8>
    let length: Int
    switch lead {
    case 0xC2...0xDF: (second, length) = (0x80...0xBF, 2)
    case 0xE0: (second, length) = (0xA0...0xBF, 3)
    case 0xE1...0xEC, 0xEE...0xEF: (second, length) = (0x80...0xBF, 3)
    case 0xED: (second, length) = (0x80...0x9F, 3)
    case 0xF0: (second, length) = (0x90...0xBF, 4)
    case 0xF1...0xF3: (second, length) = (0x80...0xBF, 4)
    case 0xF4: (second, length) = (0x80...0x8F, 4)
    default: return nil
    }
    guard index + length <= bytes.count, second.contains(bytes[index + 1]) else { return nil }
    for offset in 2..<length where bytes[index + offset] & 0xC0 != 0x80 { return nil }
    return length
  }

  /// `bytes` converted from the iconv charset `charset` (`ISO-8859-1`, `SHIFT_JIS`, …) to UTF-8,
  /// or nil when iconv does not know the charset. Bytes that cannot be converted (invalid or
  /// truncated sequences) become U+FFFD, so the result is always valid UTF-8.
  ///
  /// - Complexity: O(*n*) in the number of bytes.
  public static func utf8(from bytes: [UInt8], charset: String) -> [UInt8]? {
    // The commonest legacy charset of mail and newsletters, one byte a character: read through
    // a table of iconv's own answers rather than through iconv (a converter opened per part,
    // and a step of its machinery per character).
    if charset == "WINDOWS-1252" { return windows1252(bytes) }
    return iconvUTF8(from: bytes, charset: charset)
  }

  /// Each byte of windows-1252 as UTF-8, as iconv converts it alone (U+FFFD for the five bytes
  /// iconv does not map): the charset has no state and no sequences, so a text converts as its
  /// bytes do one by one.
  private static let windows1252Table: [[UInt8]] = (0...255).map { byte in
    iconvUTF8(from: [UInt8(byte)], charset: "WINDOWS-1252") ?? [0xEF, 0xBF, 0xBD]
  }

  /// `bytes` from windows-1252 to UTF-8: ASCII runs copied as they are, other bytes by table.
  static func windows1252(_ bytes: [UInt8]) -> [UInt8] {
    var output = [UInt8]()
    output.reserveCapacity(bytes.count + bytes.count / 4)
    bytes.withUnsafeBufferPointer { input in
      var index = 0
      while index < input.count {
        let runStart = index
        while index < input.count, input[index] < 0x80 { index += 1 }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: input[runStart..<index]))
        guard index < input.count else { break }
        output.append(contentsOf: windows1252Table[Int(input[index])])
        index += 1
      }
    }
    return output
  }

  /// ``utf8(from:charset:)`` through iconv.
  static func iconvUTF8(from bytes: [UInt8], charset: String) -> [UInt8]? {
    let converter = iconv_open("UTF-8", charset)
    if converter == iconv_t(bitPattern: -1) { return nil }
    defer { iconv_close(converter) }
    var output = [UInt8]()
    output.reserveCapacity(bytes.count + bytes.count / 4)
    var input = bytes
    let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]
    let chunk = 64 * 1024
    var buffer = [UInt8](repeating: 0, count: chunk)
    input.withUnsafeMutableBufferPointer { inputBuffer in
      var inPointer: UnsafeMutablePointer<CChar>? = inputBuffer.baseAddress.map {
        UnsafeMutableRawPointer($0).assumingMemoryBound(to: CChar.self)
      }
      var inLeft = inputBuffer.count
      while inLeft > 0 {
        let (status, produced) = buffer.withUnsafeMutableBufferPointer { out -> (Int, Int) in
          var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(out.baseAddress!)
            .assumingMemoryBound(to: CChar.self)
          var outLeft = chunk
          let status = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
          return (status, chunk - outLeft)
        }
        output.append(contentsOf: buffer[0..<produced])
        if status == -1 {
          switch errno {
          case E2BIG: continue
          default:  // EILSEQ or EINVAL (truncated sequence): replace one byte and go on.
            output.append(contentsOf: replacement)
            inPointer = inPointer.map { $0 + 1 }
            inLeft -= 1
          }
        }
      }
    }
    return output
  }

  /// A conversion to UTF-8 fed a chunk at a time, with the bytes ``Transcoder/utf8(from:charset:)``
  /// gives for the whole: a sequence cut by a chunk's end waits for the next chunk, and
  /// iconv's shift state (ISO-2022-JP) carries over.
  public final class Stream {
    private let converter: iconv_t
    private var carried: [UInt8] = []

    /// A conversion from the iconv charset `charset`; nil when iconv does not know it.
    public init?(charset: String) {
      guard let converter = iconv_open("UTF-8", charset), converter != iconv_t(bitPattern: -1) else { return nil }
      self.converter = converter
    }

    deinit { iconv_close(converter) }

    /// The next `bytes` converted; `isLast` ends the text (a sequence left unfinished is U+FFFD).
    public func convert(_ bytes: [UInt8], isLast: Bool) -> [UInt8] {
      var input = carried + bytes
      carried = []
      var output = [UInt8]()
      output.reserveCapacity(input.count + input.count / 4)
      let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]
      let chunk = 64 * 1024
      var buffer = [UInt8](repeating: 0, count: chunk)
      var left = 0
      input.withUnsafeMutableBufferPointer { inputBuffer in
        var inPointer: UnsafeMutablePointer<CChar>? = inputBuffer.baseAddress.map {
          UnsafeMutableRawPointer($0).assumingMemoryBound(to: CChar.self)
        }
        var inLeft = inputBuffer.count
        while inLeft > 0 {
          let (status, produced, reason) = buffer.withUnsafeMutableBufferPointer { out -> (Int, Int, Int32) in
            var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(out.baseAddress!)
              .assumingMemoryBound(to: CChar.self)
            var outLeft = chunk
            let status = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
            return (status, chunk - outLeft, errno)
          }
          output.append(contentsOf: buffer[0..<produced])
          guard status == -1 else { continue }
          if reason == E2BIG { continue }
          // A sequence cut by the chunk's end: finished by the next chunk.
          if reason == EINVAL, !isLast {
            left = inLeft
            break
          }
          output.append(contentsOf: replacement)
          inPointer = inPointer.map { $0 + 1 }
          inLeft -= 1
        }
      }
      if left > 0 { carried = Array(input[(input.count - left)...]) }
      return output
    }
  }
}

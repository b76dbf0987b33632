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
  /// Whether `bytes` is well-formed UTF-8.
  ///
  /// - Complexity: O(*n*) in the number of bytes.
  public static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
    var iterator = bytes.makeIterator()
    var decoder = UTF8()
    while true {
      switch decoder.decode(&iterator) {
      case .scalarValue: continue
      case .emptyInput: return true
      case .error: return false
      }
    }
  }

  /// `bytes` converted from the iconv charset `charset` (`ISO-8859-1`, `SHIFT_JIS`, …) to UTF-8,
  /// or nil when iconv does not know the charset. Bytes that cannot be converted (invalid or
  /// truncated sequences) become U+FFFD, so the result is always valid UTF-8.
  ///
  /// - Complexity: O(*n*) in the number of bytes.
  public static func utf8(from bytes: [UInt8], charset: String) -> [UInt8]? {
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
}

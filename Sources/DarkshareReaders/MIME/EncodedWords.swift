import DarkshareCore

/// Decodes RFC 2047 encoded words in header values: `=?charset?B?…?=` and `=?charset?Q?…?=`.
///
/// Whitespace between two adjacent encoded words is dropped (§6.2); in `Q`, `_` is a space.
/// The charset may carry an RFC 2231 language (`=?utf-8*en?Q?…?=`). Bytes of adjacent words in
/// the same charset are joined before conversion, so a multi-byte character split across two
/// words survives. A malformed word is left as written.
///
/// ```swift
/// EncodedWords.decode("=?ISO-8859-1?Q?Gr=FC=DFe?= aus =?UTF-8?B?S8O2bG4=?=")  // "Grüße aus Köln"
/// ```
///
/// - Complexity: O(*n*) in the value's length.
enum EncodedWords {
  static func decode(_ value: String) -> String {
    let bytes = Array(value.utf8)
    guard bytes.firstIndex(ofBytes: [0x3D, 0x3F]) != nil else { return value }  // "=?"
    var output = ""
    var pending: (charset: String, bytes: [UInt8])?
    var index = 0
    var literalStart = 0

    func flush() {
      if let word = pending { output += MIMEText.string(word.bytes, charset: word.charset) }
      pending = nil
    }

    while index < bytes.count {
      if bytes[index] == 0x3D, index + 1 < bytes.count, bytes[index + 1] == 0x3F,
        let word = parseWord(bytes, at: index)
      {
        let literal = String(decoding: bytes[literalStart..<index], as: UTF8.self)
        let onlyWhitespace = literal.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r\n" || $0 == "\n" || $0 == "\r" }
        if pending != nil, onlyWhitespace {
          if pending!.charset.lowercased() == word.charset.lowercased() {
            pending!.bytes += word.bytes
          } else {
            flush()
            pending = (word.charset, word.bytes)
          }
        } else {
          flush()
          output += literal
          pending = (word.charset, word.bytes)
        }
        index = word.end
        literalStart = index
        continue
      }
      index += 1
    }
    flush()
    output += String(decoding: bytes[literalStart...], as: UTF8.self)
    return output
  }

  /// The encoded word starting at `start` (`=?`), decoded to bytes, and where it ends.
  private static func parseWord(_ bytes: [UInt8], at start: Int) -> (charset: String, bytes: [UInt8], end: Int)? {
    var index = start + 2
    let limit = min(bytes.count, start + 2 + 1024)  // words are at most 75 chars; tolerate long ones
    func field() -> ArraySlice<UInt8>? {
      let begin = index
      while index < limit, bytes[index] != 0x3F {
        if bytes[index] == 0x20 || bytes[index] == 0x09 { return nil }
        index += 1
      }
      guard index < limit else { return nil }
      defer { index += 1 }
      return bytes[begin..<index]
    }
    guard let charsetField = field(), !charsetField.isEmpty, let encodingField = field(), encodingField.count == 1
    else { return nil }
    let textStart = index
    while index + 1 < limit, !(bytes[index] == 0x3F && bytes[index + 1] == 0x3D) {
      if bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A { return nil }
      index += 1
    }
    guard index + 1 < limit else { return nil }
    let text = Array(bytes[textStart..<index])
    let charset = String(decoding: charsetField, as: UTF8.self).split(separator: "*").first.map(String.init) ?? ""
    let decoded: [UInt8]
    switch encodingField.first! | 0x20 {
    case UInt8(ascii: "b"): decoded = TransferDecoding.base64(text[...])
    case UInt8(ascii: "q"): decoded = TransferDecoding.quotedPrintable(text[...], underscoreIsSpace: true)
    default: return nil
    }
    return (charset, decoded, index + 2)
  }
}

import DarkshareCore

/// A template file's bytes as stored, with the map from the line and column a reader reports
/// back to the byte offset in the file, so a fix can edit the original bytes.
///
/// Readers count lines and columns in the document decoded to UTF-8 (``HTMLCharset``), columns
/// in Unicode scalars. In a UTF-8 file a position's byte offset is its offset in the decoded
/// text (after any byte-order mark); in a windows-1252 file every character is one byte. Files
/// in any other encoding (UTF-16, iconv charsets) are not mapped: their fixes are refused.
///
/// ```swift
/// let text = StoredText(Array("<a href=\"https://s.example/\">".utf8), isHTML: true)
/// text?.offset(of: TextPosition(line: 1, column: 10))  // 9
/// ```
public struct StoredText: Sendable {
  /// The encoding the file is read and written in: `utf-8` or `windows-1252`.
  public let encoding: String
  private let bytes: [UInt8]
  private let decoded: [UInt8]
  /// Where each line starts in `decoded`.
  private let lineStarts: [Int]
  /// Where each line's text ends in `decoded`, before its `\n`, `\r\n` or `\r`.
  private let lineEnds: [Int]
  /// Where each line starts in the file as stored (after a byte-order mark; in windows-1252,
  /// the number of characters before it), so a position is found in time linear in its column.
  private let storedLineStarts: [Int]

  /// Reads `bytes` as an HTML document (its declared or sniffed charset) or as plain text
  /// (UTF-8); nil when the encoding is one whose byte offsets are not mapped.
  public init?(_ bytes: [UInt8], isHTML: Bool) {
    let hasBOM = bytes.starts(with: [0xEF, 0xBB, 0xBF])
    if isHTML {
      let document = HTMLCharset.decode(bytes)
      guard document.encoding == "utf-8" || document.encoding == "windows-1252" else { return nil }
      encoding = document.encoding
      decoded = document.utf8
    } else {
      guard Transcoder.isValidUTF8(bytes) else { return nil }
      encoding = "utf-8"
      decoded = Array(bytes.dropFirst(hasBOM ? 3 : 0))
    }
    let bomLength = encoding == "utf-8" && hasBOM ? 3 : 0
    // In UTF-8 the decoded text is the file after its byte-order mark, byte for byte; in
    // windows-1252 every character is one stored byte. Anything else cannot be mapped.
    if encoding == "utf-8" {
      guard decoded.count + bomLength == bytes.count else { return nil }
    } else {
      guard decoded.reduce(0, { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }) == bytes.count else { return nil }
    }
    self.bytes = bytes
    var starts = [0]
    var ends = [Int]()
    var stored = [bomLength]
    var characters = 0
    var index = 0
    while index < decoded.count {
      let byte = decoded[index]
      if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
        ends.append(index)
        var length = 1
        if byte == UInt8(ascii: "\r"), index + 1 < decoded.count, decoded[index + 1] == UInt8(ascii: "\n") { length = 2 }
        index += length
        characters += length
        starts.append(index)
        stored.append(encoding == "utf-8" ? index + bomLength : characters)
        continue
      }
      if byte & 0xC0 != 0x80 { characters += 1 }
      index += 1
    }
    ends.append(decoded.count)
    lineStarts = starts
    lineEnds = ends
    storedLineStarts = stored
  }

  /// The byte offset in the file of a 1-based line and column (Unicode scalars); nil past the
  /// end of its line (the position just after its last character is its end).
  public func offset(of position: TextPosition) -> Int? {
    guard position.line >= 1, position.line <= lineStarts.count, position.column >= 1 else { return nil }
    let lineEnd = lineEnds[position.line - 1]
    let lineStart = lineStarts[position.line - 1]
    var cursor = lineStart
    var column = 1
    while column < position.column {
      guard cursor < lineEnd else { return nil }
      cursor += 1
      while cursor < lineEnd, decoded[cursor] & 0xC0 == 0x80 { cursor += 1 }
      column += 1
    }
    let stored = storedLineStarts[position.line - 1]
    return encoding == "utf-8" ? stored + (cursor - lineStart) : stored + (position.column - 1)
  }

  /// The byte stored at `offset`.
  public func byte(at offset: Int) -> UInt8 { bytes[offset] }

  /// The characters stored at `range` (byte offsets), decoded from the file's encoding.
  public func text(at range: Range<Int>) -> String {
    let slice = bytes[range]
    if encoding == "utf-8" { return String(decoding: slice, as: UTF8.self) }
    return String(decoding: Transcoder.utf8(from: Array(slice), charset: "windows-1252") ?? [], as: UTF8.self)
  }

  /// `text` in the file's encoding; nil when a character has no byte there.
  public func encoded(_ text: String) -> [UInt8]? {
    if encoding == "utf-8" { return Array(text.utf8) }
    var result = [UInt8]()
    for scalar in text.unicodeScalars {
      if scalar.value < 0x80 || (0xA0...0xFF).contains(scalar.value) {
        result.append(UInt8(scalar.value))
      } else if let byte = Self.windows1252Specials[scalar] {
        result.append(byte)
      } else {
        return nil
      }
    }
    return result
  }

  /// The characters windows-1252 puts at 0x80–0x9F (the WHATWG index).
  private static let windows1252Specials: [Unicode.Scalar: UInt8] = [
    "\u{20AC}": 0x80, "\u{201A}": 0x82, "\u{0192}": 0x83, "\u{201E}": 0x84, "\u{2026}": 0x85, "\u{2020}": 0x86,
    "\u{2021}": 0x87, "\u{02C6}": 0x88, "\u{2030}": 0x89, "\u{0160}": 0x8A, "\u{2039}": 0x8B, "\u{0152}": 0x8C,
    "\u{017D}": 0x8E, "\u{2018}": 0x91, "\u{2019}": 0x92, "\u{201C}": 0x93, "\u{201D}": 0x94, "\u{2022}": 0x95,
    "\u{2013}": 0x96, "\u{2014}": 0x97, "\u{02DC}": 0x98, "\u{2122}": 0x99, "\u{0161}": 0x9A, "\u{203A}": 0x9B,
    "\u{0153}": 0x9C, "\u{017E}": 0x9E, "\u{0178}": 0x9F,
  ]
}

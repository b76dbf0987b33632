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
  private let bomLength: Int
  private let lineStarts: [Int]

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
    bomLength = encoding == "utf-8" && hasBOM ? 3 : 0
    self.bytes = bytes
    var starts = [0]
    var index = 0
    while index < decoded.count {
      if decoded[index] == UInt8(ascii: "\n") {
        starts.append(index + 1)
      } else if decoded[index] == UInt8(ascii: "\r") {
        if index + 1 < decoded.count, decoded[index + 1] == UInt8(ascii: "\n") { index += 1 }
        starts.append(index + 1)
      }
      index += 1
    }
    lineStarts = starts
  }

  /// The byte offset in the file of a 1-based line and column (Unicode scalars); nil past the
  /// end of its line.
  public func offset(of position: TextPosition) -> Int? {
    guard position.line >= 1, position.line <= lineStarts.count, position.column >= 1 else { return nil }
    let lineEnd = position.line < lineStarts.count ? lineStarts[position.line] : decoded.count
    var cursor = lineStarts[position.line - 1]
    var column = 1
    while column < position.column {
      guard cursor < lineEnd else { return nil }
      cursor += 1
      while cursor < lineEnd, decoded[cursor] & 0xC0 == 0x80 { cursor += 1 }
      column += 1
    }
    if encoding == "utf-8" { return cursor + bomLength }
    // windows-1252: one byte per character, so the offset is the number of scalars before it.
    return decoded[0..<cursor].reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
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
    if encoding == "utf-8" || text.utf8.allSatisfy({ $0 < 0x80 }) { return Array(text.utf8) }
    return nil
  }
}

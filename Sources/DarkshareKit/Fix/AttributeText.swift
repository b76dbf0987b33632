/// The raw text of a URL as stored in an HTML attribute, with its character references decoded
/// and a map from each decoded UTF-8 offset back to the raw one, so an edit of the decoded URL
/// can be made on the bytes as written.
///
/// Only the references that occur in URLs are decoded: `&amp;`, `&lt;`, `&gt;`, `&quot;`,
/// `&apos;`, `&nbsp;`, decimal `&#38;` and hexadecimal `&#x26;`. A reference this does not
/// know is kept as written; the fixer compares the result with the URL the reader saw and
/// leaves the link alone when they differ, so nothing is ever guessed.
///
/// ```swift
/// let text = AttributeText(raw: "a?x=1&amp;y=2", isHTML: true)
/// text.decoded            // "a?x=1&y=2"
/// text.rawOffset(of: 6)   // 10: the `y`, after `&amp;`
/// ```
struct AttributeText {
  /// The decoded text.
  let decoded: String
  /// For each decoded UTF-8 offset (and the end), the raw UTF-8 offset; nil inside the
  /// expansion of a reference.
  private let map: [Int?]

  /// How the raw text writes `&`: `&amp;`, `&#38;` (or `&#x26;`), bare, or not at all.
  enum Ampersand: Equatable {
    case named, numeric(String), bare
  }

  /// The spelling of `&` in the raw text, when it has one.
  let ampersand: Ampersand?

  private static let named: [String: String] = [
    "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}",
  ]

  init(raw: String, isHTML: Bool) {
    let bytes = Array(raw.utf8)
    guard isHTML else {
      decoded = raw
      map = Array(0...bytes.count)
      ampersand = bytes.contains(UInt8(ascii: "&")) ? .bare : nil
      return
    }
    var output = [UInt8]()
    var map = [Int?]()
    var spelling: Ampersand?
    var index = 0
    while index < bytes.count {
      if bytes[index] == UInt8(ascii: "&"), let (text, length) = Self.reference(at: index, in: bytes) {
        if text == "&", spelling == nil {
          let written = String(decoding: bytes[index..<index + length], as: UTF8.self)
          spelling = written == "&amp;" ? .named : .numeric(written)
        }
        let expansion = Array(text.utf8)
        map.append(index)
        map.append(contentsOf: Array(repeating: nil, count: expansion.count - 1))
        output.append(contentsOf: expansion)
        index += length
        continue
      }
      if bytes[index] == UInt8(ascii: "&"), spelling == nil { spelling = .bare }
      map.append(index)
      output.append(bytes[index])
      index += 1
    }
    map.append(bytes.count)
    decoded = String(decoding: output, as: UTF8.self)
    self.map = map
    ampersand = spelling
  }

  /// The raw offset of decoded offset `offset`; nil inside a reference's expansion.
  func rawOffset(of offset: Int) -> Int? {
    guard offset >= 0, offset < map.count else { return nil }
    return map[offset]
  }

  /// The character reference at `index` (which holds `&`): its text and raw length.
  private static func reference(at index: Int, in bytes: [UInt8]) -> (String, Int)? {
    guard let semicolon = bytes[index...].prefix(12).firstIndex(of: UInt8(ascii: ";")) else { return nil }
    let body = String(decoding: bytes[(index + 1)..<semicolon], as: UTF8.self)
    let length = semicolon + 1 - index
    if let text = named[body] { return (text, length) }
    guard body.hasPrefix("#") else { return nil }
    let digits = body.dropFirst()
    let value: UInt32?
    if digits.first == "x" || digits.first == "X" {
      value = UInt32(digits.dropFirst(), radix: 16)
    } else {
      value = UInt32(digits, radix: 10)
    }
    guard let value, value != 0, let scalar = Unicode.Scalar(value) else { return nil }
    return (String(Character(scalar)), length)
  }
}

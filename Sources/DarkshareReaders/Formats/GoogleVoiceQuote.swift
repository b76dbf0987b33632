/// The text of one Google Voice message (the inside of its `<q>`), decoded, with the byte
/// offset in the file of every scalar, and the `<a href>` links written inside it.
///
/// Character references are decoded (`&amp;`, `&#39;`, `&#8239;`, `&#x1F600;`), `<br>` is a line
/// break, other tags are left out, and the text of an `<a>` element is replaced by one space:
/// its link is the `href`, so the anchor text is not searched for URLs a second time.
///
/// ```swift
/// let quote = GoogleVoiceQuote(Array(#"<q>see <a href="https://a.example/?x=1&amp;y=2">here</a></q>"#.utf8), from: 3, to: 57)
/// quote.anchors.map(\.url)   // ["https://a.example/?x=1&y=2"]
/// ```
struct GoogleVoiceQuote {
  /// The decoded text, outside `<a>` elements.
  private(set) var scalars: [Unicode.Scalar] = []
  /// For each scalar of ``scalars``, the byte offset in the file where it is written.
  private(set) var offsets: [Int] = []
  /// The links written as `<a href>`: the URL (references decoded, ASCII whitespace trimmed), the
  /// byte offset of its first character in the file, and the anchor text.
  private(set) var anchors: [(url: String, offset: Int, text: String)] = []

  /// Decodes `bytes[start..<end]`.
  init(_ bytes: [UInt8], from start: Int, to end: Int) {
    self.init(bytes, from: start, to: end, cuttingAfter: nil)
    if let open = anchor { finish(open) }
    anchor = nil
  }

  /// The first part of a quote of which only `bytes[start..<end]` is held yet: its text up to
  /// the first ASCII whitespace outside tags and `<a>` elements at least `length` bytes on, else
  /// up to the last, and where that part ends (the whitespace starts the rest); nil when there
  /// is no such place.
  ///
  /// Decoding the part, then the rest of the quote from there, gives the scalars, offsets and
  /// anchors of decoding the whole quote: the part ends where decoding stands between two
  /// characters with no `<a>` open, and it stands there whatever follows as long as every `<`
  /// before has its `>` held (the walk stops at one that has not). A character reference or a
  /// UTF-8 sequence never takes in whitespace, so none decodes differently when the bytes after the
  /// whitespace are not there. And a URL neither spans whitespace nor looks back across it
  /// (``PlainTextLinkDetector``), so the part's text and the rest give the links of the whole.
  static func leadingPart(
    _ bytes: [UInt8], from start: Int, to end: Int, length: Int = .max
  ) -> (quote: GoogleVoiceQuote, end: Int)? {
    let quote = GoogleVoiceQuote(bytes, from: start, to: end, cuttingAfter: length)
    guard let cut = quote.lastCut else { return nil }
    var part = GoogleVoiceQuote()
    part.scalars = Array(quote.scalars[..<cut.scalars])
    part.offsets = Array(quote.offsets[..<cut.scalars])
    part.anchors = Array(quote.anchors[..<cut.anchors])
    return (part, cut.offset)
  }

  private init() {}

  /// The `<a>` element being read.
  private var anchor: (url: String, offset: Int, text: [Unicode.Scalar])?
  /// When cutting, the last place the text may be cut (``leadingPart(_:from:to:length:)``).
  private var lastCut: (offset: Int, scalars: Int, anchors: Int)?

  /// Decodes `bytes[start..<end]`; with `length`, only up to a place to cut a leading part.
  private init(_ bytes: [UInt8], from start: Int, to end: Int, cuttingAfter length: Int?) {
    var index = start
    // Once no `>` follows a `<`, none follows any later `<` either: they are text, found in one
    // pass (a run of `<<<<…` is not searched to its end again for each).
    var hasTagEnd = true
    while index < end {
      let byte = bytes[index]
      if let length, index > start, anchor == nil, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
        lastCut = (index, scalars.count, anchors.count)
        if index - start >= length { break }
      }
      let close = byte == UInt8(ascii: "<") && hasTagEnd
        ? bytes.firstIndex(ofBytes: [UInt8(ascii: ">")], from: index, within: end - index - 1) : nil
      if byte == UInt8(ascii: "<"), close == nil {
        // Its `>` may be in bytes not yet held.
        if length != nil { break }
        hasTagEnd = false
      }
      if let close {
        let tag = Self.tagName(bytes, from: index + 1, to: close)
        switch tag {
        case "br", "br/":
          append("\n", at: index)
        case "a":
          if let open = anchor { finish(open) }
          if let href = Self.attribute("href", in: bytes, from: index, to: close) {
            anchor = (href.value, href.offset, [])
          }
          append(" ", at: index)
        case "/a":
          if let open = anchor { finish(open) }
          anchor = nil
        default:
          break
        }
        index = close + 1
        continue
      }
      let (scalar, length) = Self.character(in: bytes, at: index, end: end)
      if anchor != nil { anchor!.text.append(scalar) } else { append(scalar, at: index) }
      index += length
    }
  }

  private mutating func append(_ scalar: Unicode.Scalar, at offset: Int) {
    scalars.append(scalar)
    offsets.append(offset)
  }

  private mutating func finish(_ open: (url: String, offset: Int, text: [Unicode.Scalar])) {
    let text = String(String.UnicodeScalarView(open.text)).trimmingASCIIWhitespace()
    anchors.append((open.url, open.offset, text))
  }

  /// The lower-cased name of the tag whose `<` is just before `start` (`a`, `/a`, `br/`).
  private static func tagName(_ bytes: [UInt8], from start: Int, to end: Int) -> String {
    var name = [UInt8]()
    var index = start
    while index < end, name.count < 16 {
      let byte = bytes[index]
      if byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { break }
      name.append(byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte)
      index += 1
    }
    return String(decoding: name, as: UTF8.self)
  }

  /// The value of attribute `name` in the tag `bytes[start..<end]` (references decoded), and
  /// the offset of its first non-whitespace character.
  static func attribute(_ name: String, in bytes: [UInt8], from start: Int, to end: Int) -> (value: String, offset: Int)? {
    let pattern = Array((name + "=").utf8)
    var search = start
    while let hit = bytes.firstIndex(ofBytes: pattern, from: search, within: max(0, end - search - pattern.count)) {
      search = hit + 1
      // Only a whole attribute name: `data-href=` is not `href=`.
      guard hit > start, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[hit - 1]) else { continue }
      var cursor = hit + pattern.count
      guard cursor < end else { return nil }
      let quote = bytes[cursor]
      let quoted = quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'")
      if quoted { cursor += 1 }
      while cursor < end, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[cursor]) { cursor += 1 }
      let valueStart = cursor
      while cursor < end, quoted ? bytes[cursor] != quote : !(bytes[cursor] == 0x20 || bytes[cursor] == UInt8(ascii: ">")) {
        cursor += 1
      }
      var value = [Unicode.Scalar]()
      var index = valueStart
      while index < cursor {
        let (scalar, length) = character(in: bytes, at: index, end: cursor)
        value.append(scalar)
        index += length
      }
      return (String(String.UnicodeScalarView(value)).trimmingASCIIWhitespace(), valueStart)
    }
    return nil
  }

  /// The character at `index`: a character reference decoded, or one UTF-8 scalar (U+FFFD for
  /// a byte that starts none), and how many bytes it takes.
  static func character(in bytes: [UInt8], at index: Int, end: Int) -> (Unicode.Scalar, Int) {
    if bytes[index] == UInt8(ascii: "&"), let (scalar, length) = reference(in: bytes, at: index, end: end) {
      return (scalar, length)
    }
    let lead = bytes[index]
    let length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
    guard index + length <= end else { return ("\u{FFFD}", 1) }
    var decoded: Unicode.Scalar?
    var iterator = bytes[index..<index + length].makeIterator()
    var codec = UTF8()
    if case .scalarValue(let scalar) = codec.decode(&iterator) { decoded = scalar }
    guard let scalar = decoded else { return ("\u{FFFD}", 1) }
    return (scalar, length)
  }

  /// The references Takeout writes: numeric ones and the five XML names (`&nbsp;` too).
  private static let named: [String: Unicode.Scalar] = [
    "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{00A0}",
  ]

  private static func reference(in bytes: [UInt8], at index: Int, end: Int) -> (Unicode.Scalar, Int)? {
    guard let semicolon = bytes.firstIndex(ofBytes: [UInt8(ascii: ";")], from: index + 1, within: min(12, end - index - 2)),
      semicolon > index + 1
    else { return nil }
    let body = String(decoding: bytes[(index + 1)..<semicolon], as: UTF8.self)
    let length = semicolon - index + 1
    if body.hasPrefix("#") {
      let digits = body.dropFirst()
      let value = digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
      guard let value else { return nil }
      return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }
    return named[body].map { ($0, length) }
  }
}

/// The recursive-descent parser that produces ``PositionedJSON`` values; its top level is walked
/// an element at a time (`PositionedJSONParser+Stream.swift`).
///
/// It parses a document held in memory, or one read from a ``ByteSource`` a chunk at a time:
/// then `bytes` is a window of the document (from offset ``base`` on), which the walk drops up to
/// the element it is at, so memory follows the largest element, not the document
/// (`PositionedJSONParser+Window.swift`). Offsets in a ``PositionedJSON`` value index `bytes`
/// and hold until the walk moves on; offsets in a ``PositionedJSON/SyntaxError`` are the
/// document's.
struct PositionedJSONParser {
  /// The document's bytes from ``base`` on, as far as they were read.
  var bytes: [UInt8]
  /// The offset in the document of `bytes[0]`.
  var base = 0
  var index = 0
  var depth = 0
  /// Whether ``nextElement()`` or ``nextKey()`` is still before the first element or member of
  /// the array or object opened last.
  var isFirstElement = true
  /// Whether `\xHH` in a string is read as U+00HH (Telegram writes control characters so), and
  /// not refused as an unknown escape.
  var allowsHexEscapes = false
  /// Where the rest of the document comes from; nil when `bytes` hold all of it.
  let source: (any ByteSource)?
  let chunkSize: Int
  var isAtEnd: Bool
  /// Why reading the source stopped before its end, when it did: the document ends there.
  var readError: ReaderError?
  /// The line and column of the document offset ``PositionedJSONParser/position(of:)`` reached.
  var tracked = (offset: 0, line: 1, column: 1)

  init(bytes: [UInt8]) {
    self.bytes = bytes
    source = nil
    chunkSize = 0
    isAtEnd = true
  }

  /// A parser of the document `source` holds, read `chunkSize` bytes at a time.
  init(source: any ByteSource, chunkSize: Int = 1 << 20) {
    bytes = []
    self.source = source
    self.chunkSize = max(1, chunkSize)
    isAtEnd = false
  }

  typealias SyntaxError = PositionedJSON.SyntaxError

  mutating func skipByteOrderMark() {
    if base + index == 0, has(3), bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
  }

  mutating func skipWhitespace() {
    while has(), bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 {
      index += 1
    }
  }

  /// An object member's key and the `:` after it, white space before each skipped.
  mutating func memberKey() throws(SyntaxError) -> String {
    skipWhitespace()
    guard has(), bytes[index] == UInt8(ascii: "\"") else { throw expected("a key in quotes") }
    let name = try string()
    skipWhitespace()
    guard has(), bytes[index] == UInt8(ascii: ":") else { throw expected("':'") }
    index += 1
    return name
  }

  mutating func value() throws(SyntaxError) -> PositionedJSON {
    skipWhitespace()
    guard has() else { throw SyntaxError(message: "the JSON ends too early", offset: base + index) }
    switch bytes[index] {
    case UInt8(ascii: "{"): return try object()
    case UInt8(ascii: "["): return try array()
    case UInt8(ascii: "\""):
      let start = index + 1
      return .string(try string(), offset: start)
    case UInt8(ascii: "t"): try literal("true"); return .bool(true)
    case UInt8(ascii: "f"): try literal("false"); return .bool(false)
    case UInt8(ascii: "n"): try literal("null"); return .null
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(number())
    default: throw SyntaxError(message: "unexpected character '\(Unicode.Scalar(bytes[index]))'", offset: base + index)
    }
  }

  mutating func enter() throws(SyntaxError) {
    depth += 1
    if depth > PositionedJSON.maximumDepth {
      throw SyntaxError(message: "nested deeper than \(PositionedJSON.maximumDepth) levels", offset: base + index)
    }
  }

  private mutating func object() throws(SyntaxError) -> PositionedJSON {
    try enter()
    index += 1
    var members = [(key: String, value: PositionedJSON)]()
    skipWhitespace()
    if has(), bytes[index] == UInt8(ascii: "}") {
      index += 1
      depth -= 1
      return .object(members)
    }
    while true {
      let key = try memberKey()
      members.append((key, try value()))
      skipWhitespace()
      guard has() else { throw expected("',' or '}'") }
      if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
      guard bytes[index] == UInt8(ascii: "}") else { throw expected("',' or '}'") }
      index += 1
      depth -= 1
      return .object(members)
    }
  }

  private mutating func array() throws(SyntaxError) -> PositionedJSON {
    try enter()
    index += 1
    var elements = [PositionedJSON]()
    skipWhitespace()
    if has(), bytes[index] == UInt8(ascii: "]") {
      index += 1
      depth -= 1
      return .array(elements)
    }
    while true {
      elements.append(try value())
      skipWhitespace()
      guard has() else { throw expected("',' or ']'") }
      if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
      guard bytes[index] == UInt8(ascii: "]") else { throw expected("',' or ']'") }
      index += 1
      depth -= 1
      return .array(elements)
    }
  }

  func expected(_ what: String) -> SyntaxError {
    index < bytes.count
      ? SyntaxError(message: "expected \(what)", offset: base + index)
      : SyntaxError(message: "the JSON ends too early", offset: base + index)
  }

  private mutating func literal(_ word: String) throws(SyntaxError) {
    let expected = Array(word.utf8)
    guard has(expected.count), bytes.hasBytes(expected, at: index) else {
      throw SyntaxError(message: "unexpected character", offset: base + index)
    }
    index += expected.count
  }

  private mutating func number() -> String {
    let start = index
    while has(), (0x30...0x39).contains(bytes[index]) || [0x2B, 0x2D, 0x2E, 0x45, 0x65].contains(bytes[index]) {
      index += 1
    }
    return String(decoding: bytes[start..<index], as: UTF8.self)
  }

  /// The string whose opening quote is at `index`; `index` ends past its closing quote.
  mutating func string() throws(SyntaxError) -> String {
    let start = index
    index += 1
    var decoded = [UInt8]()
    while has() {
      let byte = bytes[index]
      switch byte {
      case UInt8(ascii: "\""):
        index += 1
        return String(decoding: decoded, as: UTF8.self)
      case UInt8(ascii: "\\"):
        guard has(2) else { break }
        let escape = bytes[index + 1]
        index += 2
        switch escape {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(escape)
        case UInt8(ascii: "b"): decoded.append(0x08)
        case UInt8(ascii: "f"): decoded.append(0x0C)
        case UInt8(ascii: "n"): decoded.append(0x0A)
        case UInt8(ascii: "r"): decoded.append(0x0D)
        case UInt8(ascii: "t"): decoded.append(0x09)
        case UInt8(ascii: "u"):
          var value = try hex4()
          if (0xD800...0xDBFF).contains(value), has(2), bytes.hasBytes([UInt8(ascii: "\\"), UInt8(ascii: "u")], at: index) {
            let save = index
            index += 2
            let low = try hex4()
            if (0xDC00...0xDFFF).contains(low) {
              value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
            } else {
              index = save
            }
          }
          decoded += Array(String(Unicode.Scalar(value) ?? "\u{FFFD}").utf8)
        case UInt8(ascii: "x") where allowsHexEscapes:
          guard has(2), let value = UInt8(String(decoding: bytes[index..<index + 2], as: UTF8.self), radix: 16) else {
            throw SyntaxError(message: "a \\x escape without two hex digits", offset: base + index)
          }
          index += 2
          decoded += Array(String(Unicode.Scalar(value)).utf8)
        default:
          throw SyntaxError(message: "an unknown escape '\\\(Unicode.Scalar(escape))' in a string", offset: base + index - 2)
        }
        continue
      case 0x00..<0x20:
        throw SyntaxError(message: "a control character inside a string", offset: base + index)
      default:
        decoded.append(byte)
        index += 1
        continue
      }
      break
    }
    throw SyntaxError(message: "a string that is never closed", offset: base + start)
  }

  private mutating func hex4() throws(SyntaxError) -> UInt32 {
    guard has(4), let value = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16) else {
      throw SyntaxError(message: "a \\u escape without four hex digits", offset: base + index)
    }
    index += 4
    return value
  }
}

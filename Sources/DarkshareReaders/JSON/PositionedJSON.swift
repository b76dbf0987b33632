/// A JSON document parsed together with where each string is written in the file, so a reader
/// can place a URL found inside a string at its line and column.
///
/// `JSONSerialization` gives values but no positions and loses the order of an object's keys;
/// this parser keeps both. It is strict JSON (RFC 8259) with one allowance: a UTF-8 byte-order
/// mark before the value. Nesting deeper than ``maximumDepth`` is refused rather than recursed
/// into, so a hostile `[[[[…` cannot exhaust the stack.
///
/// ```swift
/// var parser = PositionedJSONParser(bytes: Array(#"{"messages": [{"a": "x\ny"}]}"#.utf8))
/// _ = try parser.openArray(named: "messages")
/// try parser.nextElement()?["a"]?.string   // (value: "x\ny", offset: 21): after the opening quote
/// ```
///
/// - Complexity: O(*n*) in the document's length.
indirect enum PositionedJSON {
  case object([(key: String, value: PositionedJSON)])
  case array([PositionedJSON])
  /// A string's decoded value and the byte offset just after its opening quote (an index of the
  /// parser's `bytes`, which for a document read in chunks start at its `base`).
  case string(String, offset: Int)
  /// A number as written.
  case number(String)
  case bool(Bool)
  case null

  /// How deep arrays and objects may nest.
  static let maximumDepth = 512

  /// Why a document could not be parsed, and the byte offset where parsing stopped.
  struct SyntaxError: Error {
    var message: String
    var offset: Int
  }

  /// The value of `key` in an object (the first, if written twice); nil otherwise.
  subscript(key: String) -> PositionedJSON? {
    guard case .object(let members) = self else { return nil }
    return members.first { $0.key == key }?.value
  }

  /// The value of `key` in an object, the last if written twice (as `JSONSerialization` reads
  /// it); nil otherwise.
  func last(_ key: String) -> PositionedJSON? {
    guard case .object(let members) = self else { return nil }
    return members.last { $0.key == key }?.value
  }

  /// The elements of an array; nil for any other value.
  var elements: [PositionedJSON]? {
    if case .array(let elements) = self { elements } else { nil }
  }

  /// A string's value and where it is written; nil for any other value.
  var string: (value: String, offset: Int)? {
    if case .string(let value, let offset) = self { (value, offset) } else { nil }
  }

  /// A number's text as written; nil for any other value.
  var number: String? {
    if case .number(let text) = self { text } else { nil }
  }

  /// The byte offsets in the file of the given Unicode scalars (0-based, in increasing order) of
  /// the string literal whose content starts at `start`, counting an escape (`\n`, `\u00e9`, a
  /// surrogate pair `\ud83d\ude00`, Telegram's `\x01`) as the one scalar it decodes to.
  ///
  /// - Complexity: O(*m*) in the length of the literal up to the last scalar asked for: one pass
  ///   for all of them.
  static func offsets(ofScalars scalars: [Int], inStringAt start: Int, of bytes: [UInt8]) -> [Int] {
    var result = [Int]()
    result.reserveCapacity(scalars.count)
    var index = start
    var count = 0
    for scalar in scalars {
      while count < scalar, index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
        if bytes[index] == UInt8(ascii: "\\"), index + 1 < bytes.count {
          if bytes[index + 1] == UInt8(ascii: "u") {
            // A surrogate pair written as two escapes is one scalar.
            let isPair = hex4(bytes, at: index + 2).map { (0xD800...0xDBFF).contains($0) } == true
              && bytes.hasBytes([UInt8(ascii: "\\"), UInt8(ascii: "u")], at: index + 6)
              && hex4(bytes, at: index + 8).map { (0xDC00...0xDFFF).contains($0) } == true
            index += isPair ? 12 : 6
          } else {
            // `\xHH`, Telegram's escape for a control character, is four bytes.
            index += bytes[index + 1] == UInt8(ascii: "x") ? 4 : 2
          }
        } else {
          let lead = bytes[index]
          index += lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
        }
        count += 1
      }
      result.append(min(index, bytes.count))
    }
    return result
  }

  /// The value of the four hex digits at `index`, if there are four.
  private static func hex4(_ bytes: [UInt8], at index: Int) -> UInt32? {
    guard index + 4 <= bytes.count else { return nil }
    return UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
  }
}

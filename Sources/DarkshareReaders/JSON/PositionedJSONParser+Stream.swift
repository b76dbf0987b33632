/// Walks the one array of a top-level object an element at a time, so a reader holds one
/// element's values at once rather than the whole document (a conversation of 100,000 messages
/// is 100,000 small trees in turn, not one large one). The other members are parsed, checked and
/// dropped.
///
/// ```swift
/// var parser = PositionedJSONParser(bytes: Array(#"{"a": 1, "messages": [{"x": 1}, {"x": 2}], "b": 2}"#.utf8))
/// try parser.openArray(named: "messages")   // .found
/// try parser.nextElement()                  // {"x": 1}
/// try parser.nextElement()                  // {"x": 2}
/// try parser.nextElement()                  // nil
/// try parser.finishDocument()               // checks `, "b": 2}` and the end
/// ```
extension PositionedJSONParser {
  /// What the top of the document turned out to be.
  enum TopLevel: Equatable {
    /// The array was found and opened: call ``nextElement()`` until it returns nil.
    case found
    /// The document is an object without that array (it was read to its end).
    case noArray
    /// The document is not an object (nothing was read past its first character).
    case notAnObject
  }

  /// Reads the top-level object up to the `[` of the array under `key`.
  mutating func openArray(named key: String) throws(SyntaxError) -> TopLevel {
    skipByteOrderMark()
    skipWhitespace()
    guard has(), bytes[index] == UInt8(ascii: "{") else { return .notAnObject }
    try enter()
    index += 1
    skipWhitespace()
    if has(), bytes[index] == UInt8(ascii: "}") {
      index += 1
      depth -= 1
      try finishTrailing()
      return .noArray
    }
    while true {
      let name = try memberKey()
      skipWhitespace()
      if name == key, has(), bytes[index] == UInt8(ascii: "[") {
        try enter()
        index += 1
        isFirstElement = true
        return .found
      }
      _ = try value()
      guard try memberSeparator() else {
        try finishTrailing()
        return .noArray
      }
    }
  }

  /// The next element of the array ``openArray(named:)`` opened; nil once it is closed.
  mutating func nextElement() throws(SyntaxError) -> PositionedJSON? {
    guard try toNextElement() else { return nil }
    return try value()
  }

  /// Moves past the `,` before the next element of the array opened last: true when an element
  /// follows, false once the `]` closing the array is passed. The bytes before are dropped.
  mutating func toNextElement() throws(SyntaxError) -> Bool {
    dropConsumed()
    skipWhitespace()
    guard has() else { throw expected("',' or ']'") }
    if bytes[index] == UInt8(ascii: "]") {
      index += 1
      depth -= 1
      isFirstElement = false
      return false
    }
    if !isFirstElement {
      guard bytes[index] == UInt8(ascii: ",") else { throw expected("',' or ']'") }
      index += 1
    }
    isFirstElement = false
    return true
  }

  /// The key of the next member of the object opened last, past its `:`; nil once the `}`
  /// closing the object is passed. The bytes before are dropped.
  mutating func nextKey() throws(SyntaxError) -> String? {
    dropConsumed()
    if isFirstElement {
      skipWhitespace()
      if has(), bytes[index] == UInt8(ascii: "}") {
        index += 1
        depth -= 1
        isFirstElement = false
        return nil
      }
    } else {
      guard try memberSeparator() else { return nil }
    }
    isFirstElement = false
    let name = try memberKey()
    return name
  }

  /// Opens the object (`{`) or array (`[`) that comes next, when it is one; then call
  /// ``nextKey()`` or ``toNextElement()`` until it is closed. False, with nothing read, for
  /// any other value.
  mutating func open(_ opening: UInt8) throws(SyntaxError) -> Bool {
    skipWhitespace()
    guard has(), bytes[index] == opening else { return false }
    try enter()
    index += 1
    isFirstElement = true
    return true
  }

  /// Reads the members after the array and checks that nothing follows the object.
  mutating func finishDocument() throws(SyntaxError) {
    while try memberSeparator() {
      _ = try memberKey()
      _ = try value()
    }
    try finishTrailing()
  }

  /// After a member: true for `,` (another member follows), false for the object's `}`.
  private mutating func memberSeparator() throws(SyntaxError) -> Bool {
    skipWhitespace()
    guard has() else { throw expected("',' or '}'") }
    if bytes[index] == UInt8(ascii: ",") {
      index += 1
      return true
    }
    guard bytes[index] == UInt8(ascii: "}") else { throw expected("',' or '}'") }
    index += 1
    depth -= 1
    isFirstElement = false
    return false
  }

  /// Checks that nothing but whitespace follows the document's value.
  mutating func finishTrailing() throws(SyntaxError) {
    skipWhitespace()
    guard !has() else { throw SyntaxError(message: "unexpected text after the JSON value", offset: base + index) }
  }
}

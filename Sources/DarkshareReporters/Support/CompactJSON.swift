import DarkshareCore

/// A report record written as one line of compact JSON by hand: the bytes JSONEncoder writes
/// with sorted keys and unescaped slashes, at a fraction of its cost (JSONEncoder was the
/// largest single cost of `links --format ndjson` on large archives). `CompactJSONTests` holds
/// every record type to JSONEncoder's output.
protocol CompactJSONRecord: Encodable {
  /// Appends the record as one JSON object, keys in sorted order, no whitespace.
  func appendCompactJSON(to text: inout String)
}

extension CompactJSONRecord {
  /// The record as one JSON object (``appendCompactJSON(to:)`` into a string of its own).
  var compactJSON: String {
    var text = ""
    appendCompactJSON(to: &text)
    return text
  }
}

/// Writes one JSON object at the end of a string; fields must be added in sorted key order,
/// nil values are left out (as JSONEncoder leaves out nil optionals).
///
/// The object is written into the caller's string in place (``write(to:_:)``), so a report
/// of many records grows one buffer instead of making a string per record (a message context,
/// the one nested object, is made once per message: ``MessageJSONCache``).
struct CompactJSONObject {
  fileprivate var text = ""
  private var isEmpty = true

  /// Appends to `text` the object `build` fills in.
  static func write(to text: inout String, _ build: (inout CompactJSONObject) -> Void) {
    var object = CompactJSONObject()
    // Swapped in and out, not copied: the buffer stays uniquely referenced and grows in place.
    swap(&object.text, &text)
    object.text += "{"
    build(&object)
    object.text += "}"
    swap(&object.text, &text)
  }

  mutating func add(_ key: String, _ value: String?) {
    guard let value else { return }
    open(key)
    Self.appendQuoted(value, to: &text)
  }

  mutating func add(_ key: String, _ value: Int?) {
    guard let value else { return }
    open(key)
    text += String(value)
  }

  mutating func add(_ key: String, _ values: [String]?) {
    guard let values else { return }
    open(key)
    text += "["
    for (index, value) in values.enumerated() {
      if index > 0 { text += "," }
      Self.appendQuoted(value, to: &text)
    }
    text += "]"
  }

  fileprivate mutating func open(_ key: String) {
    if !isEmpty { text += "," }
    isEmpty = false
    text += "\""
    text += key
    text += "\":"
  }

  /// `value` as a JSON string: `"` and `\` escaped, control characters as `\n`-style or
  /// `\u00XX` escapes, the other unsafe scalars of ``OutputSafety`` (DEL, C1 controls, bidi
  /// controls, invisible characters) as `\uXXXX`, everything else (slashes, non-ASCII) as is.
  static func appendQuoted(_ value: String, to text: inout String) {
    text += "\""
    if isPlain(value) {
      // Almost every URL, path and anchor text: nothing to escape, copied in one go.
      text += value
      text += "\""
      return
    }
    var plainStart = value.utf8.startIndex
    var index = plainStart
    let utf8 = value.utf8
    while index != utf8.endIndex {
      let byte = utf8[index]
      if mayStartUnsafeScalar(byte) {
        // Only a few lead bytes can start an unsafe scalar; decode the scalar for those.
        let scalar = value.unicodeScalars[index]
        if OutputSafety.isUnsafe(scalar) {
          text += value[plainStart..<index]
          text += OutputSafety.jsonEscape(scalar)
          index = value.unicodeScalars.index(after: index)
          plainStart = index
          continue
        }
      } else if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
        text += value[plainStart..<index]
        switch byte {
        case UInt8(ascii: "\""): text += "\\\""
        case UInt8(ascii: "\\"): text += "\\\\"
        case 0x0A: text += "\\n"
        case 0x0D: text += "\\r"
        case 0x09: text += "\\t"
        case 0x08: text += "\\b"
        case 0x0C: text += "\\f"
        default:
          let hex = String(byte, radix: 16)
          text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        }
        plainStart = utf8.index(after: index)
      }
      index = utf8.index(after: index)
    }
    text += value[plainStart..<utf8.endIndex]
    text += "\""
  }

  /// Whether `value` has no byte that ``appendQuoted(_:to:)`` must look at: no control
  /// character, quote, backslash or possible start of an unsafe scalar.
  private static func isPlain(_ value: String) -> Bool {
    let plain = value.utf8.withContiguousStorageIfAvailable { bytes in
      bytes.allSatisfy { byte in
        byte >= 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") && !mayStartUnsafeScalar(byte)
      }
    }
    return plain ?? false
  }

  /// Whether `byte` is DEL or the first byte of the UTF-8 form of an unsafe scalar above
  /// U+007F: C2 (C1 controls), D8 (U+061C), E2 (U+200B–U+2069), EF (U+FEFF, U+FFF9–U+FFFB).
  private static func mayStartUnsafeScalar(_ byte: UInt8) -> Bool {
    byte == 0x7F || byte == 0xC2 || byte == 0xD8 || byte == 0xE2 || byte == 0xEF
  }
}

extension MessageContext: CompactJSONRecord {
  func appendCompactJSON(to output: inout String) {
    CompactJSONObject.write(to: &output) { object in
      object.add("date", date)
      object.add("from", from)
      object.add("id", id)
      object.add("index", index)
      object.add("subject", subject)
    }
  }
}

/// The JSON of the last message context written, written again for the next records of the
/// same message: a message's links follow one another and share it, and writing it was a
/// third of writing a link of an archive.
struct MessageJSONCache {
  private var message: MessageContext?
  private var json = ""

  /// Appends `message` as JSON to `text`, as ``MessageContext/appendCompactJSON(to:)`` does.
  mutating func append(_ message: MessageContext, to text: inout String) {
    if message != self.message {
      json = message.compactJSON
      self.message = message
    }
    text += json
  }
}

/// A record that carries a message context, which it writes through a ``MessageJSONCache``.
protocol MessageCompactJSONRecord: CompactJSONRecord {
  /// ``CompactJSONRecord/appendCompactJSON(to:)``, the message context written through `messages`.
  func appendCompactJSON(to output: inout String, messages: inout MessageJSONCache)
}

extension MessageCompactJSONRecord {
  /// The record alone, its message context written afresh.
  func appendCompactJSON(to output: inout String) {
    var cache = MessageJSONCache()
    appendCompactJSON(to: &output, messages: &cache)
  }
}

extension CompactJSONObject {
  /// A message context, written through `cache`.
  mutating func add(_ key: String, message: MessageContext?, cache: inout MessageJSONCache) {
    guard let message else { return }
    open(key)
    cache.append(message, to: &text)
  }
}

extension ReportModels.LinkRecord: MessageCompactJSONRecord {
  func appendCompactJSON(to output: inout String, messages: inout MessageJSONCache) {
    CompactJSONObject.write(to: &output) { object in
      object.add("channel", channel.rawValue)
      object.add("column", column)
      object.add("destination", destination)
      object.add("file", file)
      object.add("hops", hops)
      object.add("line", line)
      object.add("message", message: message, cache: &messages)
      object.add("resolveError", resolveError)
      object.add("rules", rules)
      object.add("status", status.rawValue)
      object.add("text", text)
      object.add("url", url)
      object.add("via", via)
    }
  }
}

extension ReportModels.FindingRecord: MessageCompactJSONRecord {
  func appendCompactJSON(to output: inout String, messages: inout MessageJSONCache) {
    CompactJSONObject.write(to: &output) { object in
      object.add("column", column)
      object.add("destination", destination)
      object.add("explanation", explanation)
      object.add("file", file)
      object.add("line", line)
      object.add("message", message: message, cache: &messages)
      object.add("rule", rule)
      object.add("severity", severity.rawValue)
      object.add("suggestion", suggestion)
      object.add("text", text)
      object.add("url", url)
    }
  }
}

extension ReportModels.ErrorRecord: CompactJSONRecord {
  func appendCompactJSON(to output: inout String) {
    CompactJSONObject.write(to: &output) { object in
      object.add("error", error)
      object.add("file", file)
    }
  }
}

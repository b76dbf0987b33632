import DarkshareCore

/// A report record written as one line of compact JSON by hand: the bytes JSONEncoder writes
/// with sorted keys and unescaped slashes, at a fraction of its cost (JSONEncoder was the
/// largest single cost of `links --format ndjson` on large archives). `CompactJSONTests` holds
/// every record type to JSONEncoder's output.
protocol CompactJSONRecord: Encodable {
  /// Appends the record's UTF-8 as one JSON object, keys in sorted order, no whitespace.
  func appendCompactJSON(to output: inout [UInt8])
}

extension CompactJSONRecord {
  /// The record as one JSON object (``appendCompactJSON(to:)`` into bytes of its own).
  var compactJSON: String {
    var output = [UInt8]()
    appendCompactJSON(to: &output)
    return String(decoding: output, as: UTF8.self)
  }
}

/// Writes one JSON object's UTF-8 at the end of a byte buffer; fields must be added in sorted
/// key order, nil values are left out (as JSONEncoder leaves out nil optionals).
///
/// The object is written into the caller's buffer in place (``write(to:_:)``), so a report of
/// many records grows one buffer instead of making a string per record (a message context,
/// the one nested object, is made once per message: ``MessageJSONCache``). Bytes, not a
/// `String`: appending to a string checks and updates its form at every append, a tenth of
/// writing a record.
struct CompactJSONObject {
  fileprivate var bytes = [UInt8]()
  private var isEmpty = true

  /// Appends to `output` the object `build` fills in.
  static func write(to output: inout [UInt8], _ build: (inout CompactJSONObject) -> Void) {
    var object = CompactJSONObject()
    // Swapped in and out, not copied: the buffer stays uniquely referenced and grows in place.
    swap(&object.bytes, &output)
    object.bytes.append(UInt8(ascii: "{"))
    build(&object)
    object.bytes.append(UInt8(ascii: "}"))
    swap(&object.bytes, &output)
  }

  mutating func add(_ key: String, _ value: String?) {
    guard let value else { return }
    open(key)
    Self.appendQuoted(value, to: &bytes)
  }

  mutating func add(_ key: String, _ value: Int?) {
    guard let value else { return }
    open(key)
    bytes.append(contentsOf: String(value).utf8)
  }

  mutating func add(_ key: String, _ values: [String]?) {
    guard let values else { return }
    open(key)
    bytes.append(UInt8(ascii: "["))
    for (index, value) in values.enumerated() {
      if index > 0 { bytes.append(UInt8(ascii: ",")) }
      Self.appendQuoted(value, to: &bytes)
    }
    bytes.append(UInt8(ascii: "]"))
  }

  fileprivate mutating func open(_ key: String) {
    if !isEmpty { bytes.append(UInt8(ascii: ",")) }
    isEmpty = false
    bytes.append(UInt8(ascii: "\""))
    bytes.append(contentsOf: key.utf8)
    bytes.append(UInt8(ascii: "\""))
    bytes.append(UInt8(ascii: ":"))
  }

  /// `value` as a JSON string: `"` and `\` escaped, control characters as `\n`-style or
  /// `\u00XX` escapes, the other unsafe scalars of ``OutputSafety`` (DEL, C1 controls, bidi
  /// controls, invisible characters) as `\uXXXX`, everything else (slashes, non-ASCII) as is.
  static func appendQuoted(_ value: String, to output: inout [UInt8]) {
    output.append(UInt8(ascii: "\""))
    if isPlain(value) {
      // Almost every URL, path and anchor text: nothing to escape, copied in one go.
      output.append(contentsOf: value.utf8)
      output.append(UInt8(ascii: "\""))
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
          output.append(contentsOf: utf8[plainStart..<index])
          output.append(contentsOf: OutputSafety.jsonEscape(scalar).utf8)
          index = value.unicodeScalars.index(after: index)
          plainStart = index
          continue
        }
      } else if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
        output.append(contentsOf: utf8[plainStart..<index])
        let escape: String
        switch byte {
        case UInt8(ascii: "\""): escape = "\\\""
        case UInt8(ascii: "\\"): escape = "\\\\"
        case 0x0A: escape = "\\n"
        case 0x0D: escape = "\\r"
        case 0x09: escape = "\\t"
        case 0x08: escape = "\\b"
        case 0x0C: escape = "\\f"
        default:
          let hex = String(byte, radix: 16)
          escape = "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        }
        output.append(contentsOf: escape.utf8)
        plainStart = utf8.index(after: index)
      }
      index = utf8.index(after: index)
    }
    output.append(contentsOf: utf8[plainStart..<utf8.endIndex])
    output.append(UInt8(ascii: "\""))
  }

  /// Whether `value` has no byte that ``appendQuoted(_:to:)`` must look at: no control
  /// character, quote, backslash or possible start of an unsafe scalar.
  private static func isPlain(_ value: String) -> Bool {
    // One pass over the bytes, a table load each: the strings are short (four passes of one
    // vectorised comparison each measured slower), and nearly all are plain.
    value.utf8.withContiguousStorageIfAvailable { !bytesToLookAt.containsAny(of: $0) } ?? false
  }

  /// The bytes ``isPlain(_:)`` looks for.
  private static let bytesToLookAt = ByteSet { byte in
    byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || mayStartUnsafeScalar(byte)
  }

  /// Whether `byte` is DEL or the first byte of the UTF-8 form of an unsafe scalar above
  /// U+007F: C2 (C1 controls), D8 (U+061C), E2 (U+200B–U+2069), EF (U+FEFF, U+FFF9–U+FFFB).
  private static func mayStartUnsafeScalar(_ byte: UInt8) -> Bool {
    byte == 0x7F || byte == 0xC2 || byte == 0xD8 || byte == 0xE2 || byte == 0xEF
  }
}

extension MessageContext: CompactJSONRecord {
  func appendCompactJSON(to output: inout [UInt8]) {
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
  private var json = [UInt8]()

  /// Appends `message` as JSON to `output`, as ``MessageContext/appendCompactJSON(to:)`` does.
  mutating func append(_ message: MessageContext, to output: inout [UInt8]) {
    if message != self.message {
      json.removeAll(keepingCapacity: true)
      message.appendCompactJSON(to: &json)
      self.message = message
    }
    output.append(contentsOf: json)
  }
}

/// A record that carries a message context, which it writes through a ``MessageJSONCache``.
protocol MessageCompactJSONRecord: CompactJSONRecord {
  /// ``CompactJSONRecord/appendCompactJSON(to:)``, the message context written through `messages`.
  func appendCompactJSON(to output: inout [UInt8], messages: inout MessageJSONCache)
}

extension MessageCompactJSONRecord {
  /// The record alone, its message context written afresh.
  func appendCompactJSON(to output: inout [UInt8]) {
    var cache = MessageJSONCache()
    appendCompactJSON(to: &output, messages: &cache)
  }
}

extension CompactJSONObject {
  /// A message context, written through `cache`.
  mutating func add(_ key: String, message: MessageContext?, cache: inout MessageJSONCache) {
    guard let message else { return }
    open(key)
    cache.append(message, to: &bytes)
  }
}

extension ReportModels.LinkRecord: MessageCompactJSONRecord {
  func appendCompactJSON(to output: inout [UInt8], messages: inout MessageJSONCache) {
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
  func appendCompactJSON(to output: inout [UInt8], messages: inout MessageJSONCache) {
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
  func appendCompactJSON(to output: inout [UInt8]) {
    CompactJSONObject.write(to: &output) { object in
      object.add("error", error)
      object.add("file", file)
    }
  }
}

import Foundation

/// A JSON document read just far enough to follow a path of object keys to a string.
///
/// Wrappers nest JSON inside JSON as a string (Mandrill's `p` field holds `"{\"url\":…}"`), so
/// a string met on the way is parsed as JSON itself before the next key is looked up.
///
/// ```swift
/// JSONPayload.string(at: ["p", "url"], in: Array(#"{"p":"{\"url\":\"https://s.example\"}"}"#.utf8))
/// // "https://s.example"
/// ```
enum JSONPayload {
  /// The longest document parsed, in bytes (the decoder also limits nesting depth).
  static let maximumLength = 64 * 1024

  /// The string at `path` in the JSON `bytes`; nil when the bytes are not JSON, a key is
  /// missing, or the value there is not a string. An empty path yields nothing.
  static func string(at path: [String], in bytes: [UInt8]) -> String? {
    guard !path.isEmpty, var value = parse(bytes) else { return nil }
    for key in path {
      if case .string(let text) = value, let nested = parse(Array(text.utf8)) { value = nested }
      guard case .object(let members) = value, let next = members[key] else { return nil }
      value = next
    }
    guard case .string(let text) = value else { return nil }
    return text
  }

  private static func parse(_ bytes: [UInt8]) -> Value? {
    guard bytes.count <= maximumLength, let first = bytes.first(where: { !isWhitespace($0) }),
      first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
    else { return nil }
    return try? JSONDecoder().decode(Value.self, from: Data(bytes))
  }

  private static func isWhitespace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
  }

  /// Any JSON value; numbers, booleans and null are kept only as "not a string or object".
  private enum Value: Decodable {
    case string(String)
    case object([String: Value])
    case array([Value])
    case other

    init(from decoder: any Decoder) throws {
      let container = try decoder.singleValueContainer()
      if let text = try? container.decode(String.self) {
        self = .string(text)
      } else if let members = try? container.decode([String: Value].self) {
        self = .object(members)
      } else if let items = try? container.decode([Value].self) {
        self = .array(items)
      } else {
        self = .other
      }
    }
  }
}

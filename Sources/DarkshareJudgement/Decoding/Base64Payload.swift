import Foundation

/// Lenient base64 as wrappers write it: standard (`+/`) or URL-safe (`-_`), padded or not.
///
/// wrappers.md §0 rule 6: accept both alphabets and pad to a multiple of 4. Anything else
/// (whitespace, a stray `%`, an impossible length) is rejected, never guessed at.
///
/// ```swift
/// Base64Payload.bytes("aHR0cHM6Ly9zLmV4YW1wbGU")   // the bytes of "https://s.example"
/// Base64Payload.text("aHR0cHM6Ly9zLmV4YW1wbGU=")  // "https://s.example"
/// Base64Payload.text("not base64!")                // nil
/// ```
enum Base64Payload {
  /// The longest encoded text decoded, in bytes; real wrapper payloads are a few hundred.
  static let maximumEncodedLength = 64 * 1024

  /// The decoded bytes, or nil when `encoded` is not base64 in either alphabet.
  static func bytes<S: StringProtocol>(_ encoded: S) -> [UInt8]? {
    guard encoded.utf8.count <= maximumEncodedLength else { return nil }
    var text = Array(encoded.utf8)
    while text.last == UInt8(ascii: "=") { text.removeLast() }
    guard !text.isEmpty, text.count % 4 != 1 else { return nil }
    for index in text.indices {
      switch text[index] {
      case UInt8(ascii: "-"): text[index] = UInt8(ascii: "+")
      case UInt8(ascii: "_"): text[index] = UInt8(ascii: "/")
      default: break
      }
    }
    text.append(contentsOf: repeatElement(UInt8(ascii: "="), count: (4 - text.count % 4) % 4))
    return Data(base64Encoded: Data(text)).map(Array.init)
  }

  /// The decoded bytes read as UTF-8, or nil when they are not base64 or not valid UTF-8.
  static func text<S: StringProtocol>(_ encoded: S) -> String? {
    bytes(encoded).flatMap { String(bytes: $0, encoding: .utf8) }
  }
}

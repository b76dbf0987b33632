/// A parsed `Content-Type` value (RFC 2045 §5.1): `type/subtype; name=value; …`.
///
/// Tolerant of real mail: names and values are case-folded as the RFC allows, values may be
/// quoted (with `\` escapes) or not, a missing subtype is empty, and RFC 2231 continuations
/// (`boundary*0=…`) are joined.
struct ContentType: Sendable, Hashable {
  /// Lower-case type (`text`, `multipart`, `message`); `text` when absent (RFC 2045 §5.2).
  var type: String
  /// Lower-case subtype (`html`, `alternative`, `rfc822`); may be empty.
  var subtype: String
  /// Parameters by lower-case name; values as written, without quotes.
  var parameters: [String: String]

  /// `text/plain; charset=us-ascii`, the default of RFC 2045 §5.2.
  static let textPlain = ContentType(type: "text", subtype: "plain", parameters: [:])
  /// `message/rfc822`, the default inside `multipart/digest` (RFC 2046 §5.1.5).
  static let messageRFC822 = ContentType(type: "message", subtype: "rfc822", parameters: [:])

  var charset: String? { parameters["charset"].flatMap { $0.isEmpty ? nil : $0 } }
  var boundary: String? { parameters["boundary"].flatMap { $0.isEmpty ? nil : $0 } }

  init(type: String, subtype: String, parameters: [String: String]) {
    self.type = type
    self.subtype = subtype
    self.parameters = parameters
  }

  /// Parses a header value; nil when it names no type at all.
  init?(_ value: String) {
    var pieces = Self.split(value)
    guard !pieces.isEmpty else { return nil }
    let mime = pieces.removeFirst().lowercased().filter { !$0.isWhitespace }
    let parts = mime.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
    guard let first = parts.first, !first.isEmpty else { return nil }
    type = String(first)
    subtype = parts.count > 1 ? String(parts[1]) : ""
    var parameters = [String: String]()
    var continued = [String: [(Int, String)]]()
    for piece in pieces {
      guard let equals = piece.firstIndex(of: "=") else { continue }
      var name = String(piece[..<equals]).trimmingMailWhitespace().lowercased()
      let value = Self.unquote(String(piece[piece.index(after: equals)...]).trimmingMailWhitespace())
      if name.hasSuffix("*") { name.removeLast() }
      if let star = name.firstIndex(of: "*"), let number = Int(name[name.index(after: star)...]) {
        continued[String(name[..<star]), default: []].append((number, value))
      } else if parameters[name] == nil {
        parameters[name] = value
      }
    }
    for (name, sections) in continued where parameters[name] == nil {
      parameters[name] = sections.sorted { $0.0 < $1.0 }.map(\.1).joined()
    }
    self.parameters = parameters
  }

  /// Splits at `;` outside double quotes.
  private static func split(_ value: String) -> [String] {
    var pieces = [String]()
    var current = ""
    var quoted = false
    var escaped = false
    for character in value {
      if escaped {
        escaped = false
      } else if character == "\\" && quoted {
        escaped = true
      } else if character == "\"" {
        quoted.toggle()
      } else if character == ";" && !quoted {
        pieces.append(current)
        current = ""
        continue
      }
      current.append(character)
    }
    pieces.append(current)
    return pieces.map { $0.trimmingMailWhitespace() }.filter { !$0.isEmpty }
  }

  private static func unquote(_ value: String) -> String {
    guard value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") else {
      // RFC 2231 charset'lang'value: keep the value (boundaries and charsets are ASCII).
      return value
    }
    var result = ""
    var escaped = false
    for character in value.dropFirst().dropLast() {
      if !escaped && character == "\\" {
        escaped = true
        continue
      }
      escaped = false
      result.append(character)
    }
    return result
  }
}

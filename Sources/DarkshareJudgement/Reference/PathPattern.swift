import Foundation

/// A wrapper's path regular expression (``LinkWrapper/pathPattern``), compiled only when a path
/// gets past its literal start.
///
/// Most reference patterns are `^` and a literal (`^/redirect`, `^/i/redirect`), and the rest
/// start with one (`^/?qs=` of `^/\?qs=[0-9a-f]{64,}`). Comparing those bytes first answers most
/// paths without a regular expression; a pattern that is only a literal is never compiled. That
/// keeps ICU's regular-expression engine — about a millisecond to initialise, at the first
/// pattern of a process — out of runs whose links never get that far (a one-newsletter gate).
///
/// The answers are those of `NSRegularExpression.firstMatch(in:range:)` over the whole path
/// for every pattern that compiles, which the reference's do (`PathPatternTests`).
final class PathPattern: @unchecked Sendable {
  /// What a path must start with before the regular expression is worth running.
  private enum Form {
    /// `.*`: every path matches.
    case everything
    /// `^` and a literal only: a path matches exactly when it starts with these bytes.
    case literal([UInt8])
    /// Anything else: a match needs the path to start with these bytes (the literal run after
    /// `^`; none for an unanchored pattern or one with a top-level `|`), then the expression.
    case expression(requiredStart: [UInt8])
  }

  /// The pattern as the reference writes it (ICU syntax).
  let pattern: String
  private let form: Form
  private let lock = NSLock()
  /// nil until first needed; then the compiled expression, or `.some(nil)` when it does not compile.
  private var compiled: NSRegularExpression??

  init(_ pattern: String) {
    self.pattern = pattern
    form = Self.form(of: Array(pattern.utf8))
  }

  /// Whether the pattern matches somewhere in `path` (anchored patterns: at its start); nil when
  /// the path gets past the literal start and the pattern does not compile.
  func matches(_ path: String) -> Bool? {
    switch form {
    case .everything:
      return true
    case .literal(let bytes):
      return path.utf8.starts(with: bytes)
    case .expression(let requiredStart):
      guard path.utf8.starts(with: requiredStart) else { return false }
      guard let regex = expression() else { return nil }
      return regex.firstMatch(in: path, range: NSRange(path.startIndex..., in: path)) != nil
    }
  }

  /// Whether the regular expression has been compiled (tests: a literal pattern never is).
  var wasCompiled: Bool {
    lock.lock()
    defer { lock.unlock() }
    return compiled != nil
  }

  private func expression() -> NSRegularExpression? {
    lock.lock()
    defer { lock.unlock() }
    if let compiled { return compiled }
    let regex = try? NSRegularExpression(pattern: pattern)
    compiled = .some(regex)
    return regex
  }

  /// Reads the literal start of an ICU pattern; anything it is unsure of leaves the start empty.
  private static func form(of pattern: [UInt8]) -> Form {
    if pattern == Array(".*".utf8) { return .everything }
    guard pattern.first == UInt8(ascii: "^"), !hasTopLevelAlternation(pattern) else { return .expression(requiredStart: []) }
    var literal = [UInt8]()
    var index = 1
    while index < pattern.count {
      let byte = pattern[index]
      if byte == UInt8(ascii: "\\") {
        // `\.` `\?` `\+` are literals; `\d`, `\w`, `\Q`, back-references are not.
        guard index + 1 < pattern.count, isEscapablePunctuation(pattern[index + 1]) else { break }
        literal.append(pattern[index + 1])
        index += 2
      } else if byte >= 0x80 || metacharacters.contains(byte) || byte < 0x20 {
        break
      } else {
        literal.append(byte)
        index += 1
      }
    }
    if index == pattern.count { return .literal(literal) }
    // A quantifier that allows none of the last literal (`?`, `*`, `{0,…}`) takes it away.
    if [UInt8(ascii: "?"), UInt8(ascii: "*"), UInt8(ascii: "{")].contains(pattern[index]), !literal.isEmpty {
      literal.removeLast()
    }
    return .expression(requiredStart: literal)
  }

  /// ICU's metacharacters outside a set (and `#`, a comment in free-spacing mode).
  private static let metacharacters = Set("\\^$.|?*+()[]{}#".utf8)

  private static func isEscapablePunctuation(_ byte: UInt8) -> Bool {
    byte < 0x80 && !(byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
      && !(byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) && !(byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
      && byte > 0x20
  }

  /// Whether `|` separates alternatives of the whole pattern (`^/(a|u)/…|^/u/click`), so its
  /// literal start belongs to the first alternative only. Sets (`[…]`, nested or not) and
  /// escapes are skipped; groups are counted.
  private static func hasTopLevelAlternation(_ pattern: [UInt8]) -> Bool {
    var depth = 0
    var setDepth = 0
    var index = 0
    while index < pattern.count {
      let byte = pattern[index]
      if byte == UInt8(ascii: "\\") {
        index += 2
        continue
      }
      if setDepth > 0 {
        if byte == UInt8(ascii: "[") { setDepth += 1 } else if byte == UInt8(ascii: "]") { setDepth -= 1 }
      } else if byte == UInt8(ascii: "[") {
        setDepth = 1
        // `[]…]` and `[^]…]`: a `]` first in a set is one of its members.
        if index + 1 < pattern.count, pattern[index + 1] == UInt8(ascii: "^") { index += 1 }
        if index + 1 < pattern.count, pattern[index + 1] == UInt8(ascii: "]") { index += 1 }
      } else if byte == UInt8(ascii: "(") {
        depth += 1
      } else if byte == UInt8(ascii: ")") {
        depth -= 1
      } else if byte == UInt8(ascii: "|"), depth <= 0 {
        return true
      }
      index += 1
    }
    // Unbalanced: be unsure.
    return depth != 0 || setDepth != 0
  }
}

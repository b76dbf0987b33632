import Foundation

/// A wrapper's path regular expression (``LinkWrapper/pathPattern``), compiled only when a path
/// gets past its literal start.
///
/// Most reference patterns are `^` and a literal (`^/redirect`), or literal alternatives
/// (`^/(redir/redirect|safety/go)`), and the rest start with one (`/?qs=` of
/// `^/\?qs=[0-9a-f]{64,}`). Comparing those bytes first answers most paths without a regular
/// expression, and a pattern that is only literals is never compiled. That keeps ICU's
/// regular-expression engine — about a millisecond to initialise, at the first pattern of a
/// process — out of runs whose links never get that far (a one-newsletter gate).
///
/// A pattern past its literal start is matched by ``PathExpression`` when it is written in the
/// small part of ICU's syntax that type reads (most of the reference's: character sets and
/// counts, `\d`, groups of alternatives), and by `NSRegularExpression` otherwise.
///
/// The answers are those of `NSRegularExpression.firstMatch(in:range:)` over the whole path
/// for every pattern that compiles, which the reference's do (`PathPatternTests`).
final class PathPattern: @unchecked Sendable {
  /// What a path must start with before the regular expression is worth running.
  ///
  /// A struct, not an enum with the starts as payloads: Swift keeps such an enum's case in the
  /// spare bits of the array pointer, which LeakSanitizer then cannot follow, and every fuzz run
  /// ended in a false "leak" of the reference patterns.
  private struct Form {
    enum Kind {
      /// `.*`: every path matches.
      case everything
      /// Anchored literal alternatives only: a path matches exactly when it starts with one.
      case literal
      /// Anything else: a match needs the path to start with one of ``starts`` (`[[]]` when
      /// the pattern has no literal start that can be read with certainty), then the expression.
      case expression
    }

    var kind: Kind
    var starts: [[UInt8]]

    static let everything = Form(kind: .everything, starts: [])
    static func literal(_ starts: [[UInt8]]) -> Form { Form(kind: .literal, starts: starts) }
    static func expression(requiredStarts: [[UInt8]]) -> Form { Form(kind: .expression, starts: requiredStarts) }
  }

  /// The pattern as the reference writes it (ICU syntax).
  let pattern: String
  private let form: Form
  /// The pattern read without ICU; nil when it uses more than ``PathExpression`` reads.
  private let expressionWithoutICU: PathExpression?
  private let lock = NSLock()
  /// nil until first needed; then the compiled expression, or `.some(nil)` when it does not compile.
  private var compiled: NSRegularExpression??

  init(_ pattern: String) {
    self.pattern = pattern
    let form = Self.form(of: Array(pattern.utf8))
    self.form = form
    // Read only where it can be used: a pattern past its literal start, or one with a group.
    expressionWithoutICU = form.kind == .expression || pattern.utf8.contains(UInt8(ascii: "(")) ? PathExpression(pattern) : nil
  }

  /// Whether the pattern matches somewhere in `path` (anchored patterns: at its start); nil when
  /// the path gets past the literal start and the pattern does not compile.
  func matches(_ path: String) -> Bool? {
    switch form.kind {
    case .everything:
      return true
    case .literal:
      return startsAsRequired(path)
    case .expression:
      guard startsAsRequired(path) else { return false }
      if let expressionWithoutICU { return expressionWithoutICU.firstMatch(in: path).found }
      guard let regex = expression() else { return nil }
      return regex.firstMatch(in: path, range: NSRange(path.startIndex..., in: path)) != nil
    }
  }

  /// The text of the pattern's first capture group in `subject`, at the pattern's first match;
  /// nil without a match or group, or when the pattern does not compile. A subject that does
  /// not start as the pattern requires is let go of without the regular expression.
  func firstGroup(in subject: String) -> Substring? {
    if form.kind != .everything, !startsAsRequired(subject) { return nil }
    if let expressionWithoutICU {
      guard let group = expressionWithoutICU.firstMatch(in: subject).group else { return nil }
      let utf8 = subject.utf8
      return subject[utf8.index(utf8.startIndex, offsetBy: group.lowerBound)..<utf8.index(utf8.startIndex, offsetBy: group.upperBound)]
    }
    guard let regex = expression(),
      let match = regex.firstMatch(in: subject, range: NSRange(subject.startIndex..., in: subject)),
      match.numberOfRanges > 1, let range = Range(match.range(at: 1), in: subject)
    else { return nil }
    return subject[range]
  }

  /// Whether `subject` starts with one of the literal starts a match needs.
  private func startsAsRequired(_ subject: String) -> Bool {
    form.starts.contains { subject.utf8.starts(with: $0) }
  }

  /// Whether the regular expression has been compiled (tests: a literal pattern, or one
  /// ``PathExpression`` reads, never is).
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
}

// MARK: - Reading a pattern's literal start

extension PathPattern {
  /// Byte constants of the ICU syntax read here.
  private enum Byte {
    static let caret = UInt8(ascii: "^"), backslash = UInt8(ascii: "\\"), bar = UInt8(ascii: "|")
    static let open = UInt8(ascii: "("), close = UInt8(ascii: ")"), question = UInt8(ascii: "?")
    static let colon = UInt8(ascii: ":"), setOpen = UInt8(ascii: "["), setClose = UInt8(ascii: "]")
    /// Quantifiers that allow none of what they follow.
    static let optional: Set<UInt8> = [UInt8(ascii: "?"), UInt8(ascii: "*"), UInt8(ascii: "{")]
    /// ICU's metacharacters outside a set (and `#`, a comment in free-spacing mode).
    static let meta = Set("\\^$.|?*+()[]{}#".utf8)
  }

  /// The form of a pattern: each top-level alternative must be anchored (`^`) for its literal
  /// start to be required; anything this reader is unsure of requires nothing.
  private static func form(of pattern: [UInt8]) -> Form {
    if pattern == Array(".*".utf8) { return .everything }
    guard let alternatives = topLevelAlternatives(pattern) else { return .expression(requiredStarts: [[]]) }
    var starts = [[UInt8]]()
    var onlyLiterals = true
    for alternative in alternatives {
      guard alternative.first == Byte.caret else { return .expression(requiredStarts: [[]]) }
      let (alternativeStarts, isLiteral) = literalStarts(of: alternative.dropFirst())
      starts += alternativeStarts
      onlyLiterals = onlyLiterals && isLiteral
    }
    return onlyLiterals ? .literal(starts) : .expression(requiredStarts: starts)
  }

  /// The starts one anchored alternative requires (after its `^`): its literal run, extended by
  /// a group of literal alternatives right after it (`/(a|u)/…` requires `/a` or `/u`); and
  /// whether that is the whole alternative.
  private static func literalStarts(of body: ArraySlice<UInt8>) -> (starts: [[UInt8]], isLiteral: Bool) {
    var index = body.startIndex
    let run = literalRun(body, from: &index)
    guard index < body.endIndex else { return ([run], true) }
    if Byte.optional.contains(body[index]) { return ([Array(run.dropLast())], false) }
    guard body[index] == Byte.open, let (group, end) = literalGroup(body, at: index) else { return ([run], false) }
    let starts = group.map { run + $0 }
    guard end < body.endIndex else { return (starts, true) }
    if Byte.optional.contains(body[end]) { return ([run], false) }
    return (starts, false)
  }

  /// The literal bytes from `index` up to the first metacharacter, escapes of punctuation
  /// (`\.`, `\?`) read as the character; `index` ends at the byte that stopped the run.
  private static func literalRun(_ body: ArraySlice<UInt8>, from index: inout Int) -> [UInt8] {
    var literal = [UInt8]()
    while index < body.endIndex {
      let byte = body[index]
      if byte == Byte.backslash {
        // `\d`, `\w`, `\Q`, back-references are not literals.
        guard index + 1 < body.endIndex, isEscapedLiteral(body[index + 1]) else { break }
        literal.append(body[index + 1])
        index += 2
      } else if byte >= 0x80 || byte <= 0x20 || Byte.meta.contains(byte) {
        break
      } else {
        literal.append(byte)
        index += 1
      }
    }
    return literal
  }

  /// A group at `start` (`(…)` or `(?:…)`) holding only literal alternatives, and the index
  /// after its `)`; nil for any other group.
  private static func literalGroup(_ body: ArraySlice<UInt8>, at start: Int) -> (alternatives: [[UInt8]], end: Int)? {
    var index = start + 1
    if index < body.endIndex, body[index] == Byte.question {
      guard index + 1 < body.endIndex, body[index + 1] == Byte.colon else { return nil }
      index += 2
    }
    var alternatives = [[UInt8]]()
    while true {
      alternatives.append(literalRun(body, from: &index))
      guard index < body.endIndex else { return nil }
      if body[index] == Byte.close { return (alternatives, index + 1) }
      guard body[index] == Byte.bar else { return nil }
      index += 1
    }
  }

  private static func isEscapedLiteral(_ byte: UInt8) -> Bool {
    let isAlphanumeric =
      (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
    return byte > 0x20 && byte < 0x80 && !isAlphanumeric
  }

  /// The pattern split at the `|`s outside every group and set; nil when its groups or sets do
  /// not balance. Escapes are skipped; sets may nest (`[[a-z]&&[^q]]`).
  private static func topLevelAlternatives(_ pattern: [UInt8]) -> [ArraySlice<UInt8>]? {
    var alternatives = [ArraySlice<UInt8>]()
    var depth = 0
    var setDepth = 0
    var start = 0
    var index = 0
    while index < pattern.count {
      let byte = pattern[index]
      if byte == Byte.backslash {
        index += 2
        continue
      }
      if setDepth > 0 {
        if byte == Byte.setOpen { setDepth += 1 } else if byte == Byte.setClose { setDepth -= 1 }
      } else if byte == Byte.setOpen {
        setDepth = 1
        // `[]…]` and `[^]…]`: a `]` first in a set is one of its members.
        if index + 1 < pattern.count, pattern[index + 1] == Byte.caret { index += 1 }
        if index + 1 < pattern.count, pattern[index + 1] == Byte.setClose { index += 1 }
      } else if byte == Byte.open {
        depth += 1
      } else if byte == Byte.close {
        depth -= 1
        if depth < 0 { return nil }
      } else if byte == Byte.bar, depth == 0 {
        alternatives.append(pattern[start..<index])
        start = index + 1
      }
      index += 1
    }
    guard depth == 0, setDepth == 0, index == pattern.count else { return nil }
    alternatives.append(pattern[start...])
    return alternatives
  }
}

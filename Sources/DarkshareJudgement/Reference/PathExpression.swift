/// A regular expression of the small part of ICU's syntax the wrapper reference writes, matched
/// on a string's UTF-8 without ICU: `^/[A-Za-z0-9_-]+`, `^/C?L0/[^/]+/\d+/`,
/// `^/(click|external)/[\d.]+/`, `^/[A-Za-z0-9]{20,}$`.
///
/// What it reads: literal characters and escaped punctuation (`\.`, `\?`); sets of characters,
/// ranges and `\d` (`[A-Za-z0-9_-]`, `[^/?]`, `[\d.]`); `\d` (ICU's: a decimal digit of any
/// script, general category Nd); `.` (anything but a line terminator); `^` and `$` (ICU's: the
/// end, or before one line terminator that ends the subject); the greedy quantifiers `?`, `*`,
/// `+`, `{n}`, `{n,}`, `{n,m}` on those; `|` between alternatives; and groups, `(…)` or `(?:…)`,
/// of alternatives of those, not nested, optional (`?`) or not. Anything else (`\w`, flags,
/// lazy or possessive quantifiers, back-references, set operations) is not read (``init(_:)``
/// is nil) and stays with `NSRegularExpression` (``PathPattern``).
///
/// A match is searched for as ICU searches: at each start from the left, each alternative in
/// order, each quantifier trying its longest run first; so the match found, and the text of
/// group 1, are the ones `NSRegularExpression.firstMatch(in:range:)` finds (`PathPatternTests`
/// holds the two side by side on every reference pattern).
struct PathExpression: Sendable {
  /// One character class, anchor or literal, repeated `minimum`…`maximum` times.
  private struct Item: Sendable {
    enum Atom: Sendable {
      case scalar(UInt32)
      /// A set: any of `ranges` (or a decimal digit with `digits`), or with `negated` anything else.
      case set(ranges: [ClosedRange<UInt32>], digits: Bool, negated: Bool)
      case digit
      /// `.`: any scalar but a line terminator.
      case any
      /// `^`: the start of the subject.
      case start
      /// `$`: the end of the subject, or before a line terminator that ends it.
      case end
    }

    var atom: Atom
    var minimum = 1
    var maximum = 1
  }

  /// One way through the expression, its groups' alternatives chosen: a list of items, with
  /// group 1 (when this way goes through it) as the items `group.lowerBound..<group.upperBound`.
  private struct Path: Sendable {
    var items: [Item]
    var group: Range<Int>?
  }

  /// Every way through the expression, in the order ICU tries them.
  private let paths: [Path]
  /// Whether every path starts with `^`: the search stops after the first start.
  private let isAnchored: Bool

  /// The expression `pattern` writes; nil when it uses anything this reader does not read.
  init?(_ pattern: String) {
    var reader = Reader(Array(pattern.unicodeScalars))
    guard let paths = reader.expression(), !paths.isEmpty, paths.count <= 64, reader.findsICUsGroup else { return nil }
    self.paths = paths
    isAnchored = paths.allSatisfy { path in
      if case .start = path.items.first?.atom { return true }
      return false
    }
  }

  /// The first match in `subject`: whether there is one and, when group 1 took part in it,
  /// the UTF-8 offsets of its text.
  func firstMatch(in subject: String) -> (found: Bool, group: Range<Int>?) {
    var subject = subject
    return subject.withUTF8 { bytes in
      var start = 0
      while true {
        for path in paths {
          var group: Range<Int>?
          if matches(path, from: 0, at: start, in: bytes, group: &group) { return (true, group) }
        }
        guard !isAnchored, start < bytes.count else { return (false, nil) }
        start = Self.scalar(at: start, in: bytes).next
      }
    }
  }

  /// Whether `path.items[index...]` match from `position`; on a match, `group` holds group 1's
  /// offsets when the path goes through it.
  private func matches(
    _ path: Path, from index: Int, at position: Int, in bytes: UnsafeBufferPointer<UInt8>, group: inout Range<Int>?
  ) -> Bool {
    guard index < path.items.count else {
      Self.note(position, at: index, of: path, in: &group)
      return true
    }
    let item = path.items[index]
    // Anchors take no characters.
    switch item.atom {
    case .start, .end:
      guard Self.holds(item.atom, at: position, in: bytes) else { return false }
      guard matches(path, from: index + 1, at: position, in: bytes, group: &group) else { return false }
      Self.note(position, at: index, of: path, in: &group)
      return true
    default:
      break
    }
    // The longest run first, then one character fewer at a time.
    var end = position
    var count = 0
    while count < item.maximum, end < bytes.count {
      let (value, next) = Self.scalar(at: end, in: bytes)
      guard Self.accepts(item.atom, value) else { break }
      end = next
      count += 1
    }
    guard count >= item.minimum else { return false }
    while true {
      if matches(path, from: index + 1, at: end, in: bytes, group: &group) {
        Self.note(position, at: index, of: path, in: &group)
        return true
      }
      guard count > item.minimum else { return false }
      end = Self.scalarStart(before: end, in: bytes)
      count -= 1
    }
  }

  /// On the way back from a match, at the item numbered `index`, whose text starts at
  /// `position`: group 1 ends where its items do (noted first, being further on) and starts
  /// where its first item does.
  private static func note(_ position: Int, at index: Int, of path: Path, in group: inout Range<Int>?) {
    guard let range = path.group else { return }
    if range.upperBound == index { group = position..<position }
    if range.lowerBound == index, let end = group?.upperBound { group = position..<end }
  }

  private static func accepts(_ atom: Item.Atom, _ value: UInt32) -> Bool {
    switch atom {
    case .scalar(let scalar): return value == scalar
    case .set(let ranges, let digits, let negated):
      return (ranges.contains { $0.contains(value) } || digits && isDecimalDigit(value)) != negated
    case .digit: return isDecimalDigit(value)
    case .any: return !isLineTerminator(value)
    case .start, .end: return false
    }
  }

  /// Whether a zero-width anchor holds at `position`.
  private static func holds(_ atom: Item.Atom, at position: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    switch atom {
    case .start: return position == 0
    case .end:
      guard position < bytes.count else { return true }
      let (value, next) = scalar(at: position, in: bytes)
      guard isLineTerminator(value) else { return false }
      if next == bytes.count { return true }
      // CR LF is one line terminator.
      return value == 0x0D && bytes[next] == 0x0A && next + 1 == bytes.count
    default: return false
    }
  }

  /// ICU's `\d`: general category Nd.
  private static func isDecimalDigit(_ value: UInt32) -> Bool {
    value < 0x80 ? value >= 0x30 && value <= 0x39 : isNonASCIIDecimalDigit(value)
  }

  /// Kept apart: reading a resilient standard-library type (`generalCategory`) makes a function
  /// set up its metadata before anything else, for ASCII digits too.
  @inline(never)
  private static func isNonASCIIDecimalDigit(_ value: UInt32) -> Bool {
    Unicode.Scalar(value)?.properties.generalCategory == .decimalNumber
  }

  /// ICU's line terminators, which `.` does not match and `$` may stand before.
  private static func isLineTerminator(_ value: UInt32) -> Bool {
    (value >= 0x0A && value <= 0x0D) || value == 0x85 || value == 0x2028 || value == 0x2029
  }

  /// The scalar whose UTF-8 starts at `offset` (a Swift string's UTF-8 is valid), and the offset after it.
  private static func scalar(at offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (value: UInt32, next: Int) {
    let lead = UInt32(bytes[offset])
    if lead < 0x80 { return (lead, offset + 1) }
    if lead < 0xE0 { return ((lead & 0x1F) << 6 | UInt32(bytes[offset + 1] & 0x3F), offset + 2) }
    if lead < 0xF0 {
      return ((lead & 0x0F) << 12 | UInt32(bytes[offset + 1] & 0x3F) << 6 | UInt32(bytes[offset + 2] & 0x3F), offset + 3)
    }
    let value = (lead & 0x07) << 18 | UInt32(bytes[offset + 1] & 0x3F) << 12 | UInt32(bytes[offset + 2] & 0x3F) << 6
      | UInt32(bytes[offset + 3] & 0x3F)
    return (value, offset + 4)
  }

  /// The offset where the scalar that ends at `offset` starts.
  private static func scalarStart(before offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
    var start = offset - 1
    while start > 0, bytes[start] & 0xC0 == 0x80 { start -= 1 }
    return start
  }
}

// MARK: - Reading a pattern

extension PathExpression {
  /// Reads a pattern's scalars into the paths through it; each method is nil at anything it
  /// does not read.
  private struct Reader {
    private let pattern: [Unicode.Scalar]
    private var index = 0
    /// Whether a capturing group has been read: only the first is group 1.
    private var hasReadGroupOne = false

    init(_ pattern: [Unicode.Scalar]) { self.pattern = pattern }

    private var next: Unicode.Scalar? { index < pattern.count ? pattern[index] : nil }

    /// The top-level alternatives, each flattened into its paths, in order.
    mutating func expression() -> [Path]? {
      var paths = [Path]()
      while true {
        guard let alternative = alternative() else { return nil }
        paths += alternative
        guard let separator = next else { return paths }
        guard separator == "|" else { return nil }
        index += 1
      }
    }

    /// One top-level alternative: items and groups up to a `|` or the end, one path for each
    /// choice of its groups' alternatives (and, for an optional group, of leaving it out).
    ///
    /// A group of several choices after an item of varying length makes the pattern unread when
    /// it has a capturing group: ICU would try a shorter run of that item before the group's
    /// next choice, and the paths, tried one after the other, could find another group 1.
    /// Whether there is a match at all does not depend on that order.
    private mutating func alternative() -> [Path]? {
      var paths = [Path(items: [], group: nil)]
      var isFixedSoFar = true
      while let scalar = next, scalar != "|" {
        if scalar == "(" {
          guard let (isGroupOne, choices) = group(), paths.count * choices.count <= 64 else { return nil }
          if choices.count > 1, !isFixedSoFar { choiceFollowsVaryingLength = true }
          isFixedSoFar = isFixedSoFar && choices.count == 1 && choices[0]?.allSatisfy { $0.minimum == $0.maximum } == true
          paths = paths.flatMap { path in
            choices.map { choice in
              var longer = path
              if isGroupOne, let items = choice { longer.group = path.items.count..<(path.items.count + items.count) }
              longer.items += choice ?? []
              return longer
            }
          }
        } else {
          guard let item = item() else { return nil }
          isFixedSoFar = isFixedSoFar && item.minimum == item.maximum
          for offset in paths.indices { paths[offset].items.append(item) }
        }
      }
      return paths
    }

    /// Whether a choice among a group's alternatives follows an item of varying length.
    private var choiceFollowsVaryingLength = false
    /// Whether the pattern has a capturing group.
    var hasCapturingGroup: Bool { hasReadGroupOne }
    /// Whether the paths, tried one after the other, find the group 1 ICU finds.
    var findsICUsGroup: Bool { !(choiceFollowsVaryingLength && hasCapturingGroup) }

    /// A group at `(`: whether it is group 1, and its choices in the order ICU tries them: its
    /// alternatives' items, then (nil) leaving it out when it is optional; nil for a group that
    /// nests, has flags or another quantifier.
    private mutating func group() -> (isGroupOne: Bool, choices: [[Item]?])? {
      index += 1
      var isCapturing = true
      if next == "?" {
        guard index + 1 < pattern.count, pattern[index + 1] == ":" else { return nil }
        isCapturing = false
        index += 2
      }
      var choices = [[Item]?]()
      var items = [Item]()
      while true {
        guard let scalar = next, scalar != "(" else { return nil }
        if scalar == ")" || scalar == "|" {
          index += 1
          choices.append(items)
          items = []
          if scalar == ")" { break }
          continue
        }
        guard let item = item() else { return nil }
        items.append(item)
      }
      if next == "?" {
        index += 1
        choices.append(nil)
      }
      if let scalar = next, Self.quantifiers.contains(scalar) { return nil }
      let isGroupOne = isCapturing && !hasReadGroupOne
      if isCapturing { hasReadGroupOne = true }
      return (isGroupOne, choices)
    }

    private static let quantifiers: Set<Unicode.Scalar> = ["?", "*", "+", "{"]

    /// An atom and its quantifier.
    private mutating func item() -> Item? {
      guard let scalar = next else { return nil }
      index += 1
      let atom: Item.Atom
      switch scalar {
      case "^": return next.map { Self.quantifiers.contains($0) } == true ? nil : Item(atom: .start)
      case "$": return next.map { Self.quantifiers.contains($0) } == true ? nil : Item(atom: .end)
      case ".": atom = .any
      case "\\":
        guard let escaped = next else { return nil }
        index += 1
        if escaped == "d" {
          atom = .digit
        } else {
          guard Self.isEscapedLiteral(escaped) else { return nil }
          atom = .scalar(escaped.value)
        }
      case "[":
        guard let set = set() else { return nil }
        atom = set
      default:
        guard Self.isLiteral(scalar) else { return nil }
        atom = .scalar(scalar.value)
      }
      guard let (minimum, maximum) = quantifier() else { return nil }
      return Item(atom: atom, minimum: minimum, maximum: maximum)
    }

    /// The greedy quantifier after an atom (`{1,1}` when there is none); nil for a lazy or
    /// possessive one, a quantifier after a quantifier, or a malformed count.
    private mutating func quantifier() -> (Int, Int)? {
      let bounds: (Int, Int)
      switch next {
      case "?": bounds = (0, 1)
      case "*": bounds = (0, .max)
      case "+": bounds = (1, .max)
      case "{":
        index += 1
        guard let minimum = number() else { return nil }
        var maximum = minimum
        if next == "," {
          index += 1
          maximum = next == "}" ? .max : (number() ?? -1)
        }
        guard next == "}", maximum >= minimum else { return nil }
        bounds = (minimum, maximum)
      default:
        return (1, 1)
      }
      index += 1
      if let scalar = next, Self.quantifiers.contains(scalar) || scalar == "+" { return nil }
      return bounds
    }

    /// Decimal digits (at most six, far above any count the reference writes).
    private mutating func number() -> Int? {
      var value = 0
      var digits = 0
      while let scalar = next, scalar.value >= 0x30, scalar.value <= 0x39, digits < 6 {
        value = value * 10 + Int(scalar.value - 0x30)
        digits += 1
        index += 1
      }
      return digits == 0 ? nil : value
    }

    /// A set after its `[`: single characters, ranges and `\d`; `-` only first or last.
    private mutating func set() -> Item.Atom? {
      var negated = false
      if next == "^" {
        negated = true
        index += 1
      }
      var ranges = [ClosedRange<UInt32>]()
      var digits = false
      var isFirst = true
      while let scalar = next {
        if scalar == "]", !isFirst {
          index += 1
          return .set(ranges: ranges, digits: digits, negated: negated)
        }
        if scalar == "-" {
          // A literal only first or last.
          guard isFirst || (index + 1 < pattern.count && pattern[index + 1] == "]") else { return nil }
          index += 1
          ranges.append(0x2D...0x2D)
          isFirst = false
          continue
        }
        guard let lower = setMember() else { return nil }
        isFirst = false
        guard let low = lower else {
          digits = true
          continue
        }
        if next == "-", index + 1 < pattern.count, pattern[index + 1] != "]" {
          index += 1
          guard let upper = setMember(), let high = upper, low <= high else { return nil }
          ranges.append(low...high)
        } else {
          ranges.append(low...low)
        }
      }
      return nil
    }

    /// One member of a set: a character's value, or nil for `\d`; nil (the outer one) for
    /// anything else, nested sets and set operations among them.
    private mutating func setMember() -> UInt32?? {
      guard let scalar = next else { return nil }
      index += 1
      if scalar == "\\" {
        guard let escaped = next else { return nil }
        index += 1
        if escaped == "d" { return .some(nil) }
        return Self.isEscapedLiteral(escaped) ? .some(escaped.value) : nil
      }
      guard scalar.value > 0x20, !Self.specialInSets.contains(scalar) else { return nil }
      // `&&` intersects sets; one `&` is itself.
      if scalar == "&", next == "&" { return nil }
      return .some(scalar.value)
    }

    /// Characters ICU's sets give a meaning (or might): never read as members here.
    private static let specialInSets: Set<Unicode.Scalar> = ["[", "]", "-", "$", "{", "}", "(", ")", "|", "^", ":"]

    /// Characters that stand for themselves outside a set: not ICU's metacharacters, not
    /// white space or a control (which free-spacing mode would treat otherwise), not `#`.
    private static func isLiteral(_ scalar: Unicode.Scalar) -> Bool {
      scalar.value > 0x20 && scalar.value != 0x7F && !"\\^$.|?*+()[]{}#".unicodeScalars.contains(scalar)
    }

    /// An escape that stands for the character (`\.`, `\?`, `\/`): ASCII punctuation.
    private static func isEscapedLiteral(_ scalar: Unicode.Scalar) -> Bool {
      let value = scalar.value
      let isAlphanumeric = (value >= 0x30 && value <= 0x39) || (value | 0x20 >= 0x61 && value | 0x20 <= 0x7A)
      return value > 0x20 && value < 0x7F && !isAlphanumeric
    }
  }
}

/// The characters of input text that no report writes as they are, and how each format writes
/// them instead.
///
/// URLs, anchor texts, subjects, senders and file names come from whoever sent the mail or
/// the message, so they may hold terminal controls (ESC, BEL, C1 controls), characters that
/// reorder what a reader sees (the bidi embeddings, overrides, isolates and marks U+202A–U+202E,
/// U+2066–U+2069, U+200E, U+200F, U+061C: the "Trojan Source" trick) and invisible characters
/// (zero-width space, joiners, word joiner, BOM, line and paragraph separators). Every format
/// neutralises these *unsafe* scalars through this one type, each in its own syntax:
///
/// | format | unsafe scalar becomes |
/// |---|---|
/// | json, ndjson, sarif | a JSON escape `\u202e` (lossless: a JSON reader gets the scalar back) |
/// | junit (XML) | a character reference `&#x202E;`, or, for what XML 1.0 forbids (ESC, NUL), the visible `\u{1B}` |
/// | text, csv, github, markdown, html | the visible escape `\u{1B}`, `\u{202E}` |
///
/// The human-readable formats keep the whitespace their syntax can carry (text turns line
/// breaks and tabs into spaces, CSV keeps LF and tab in a quoted field, GitHub keeps LF, which
/// it writes as `%0A`), and keep a zero-width joiner between two emoji, where it only joins an
/// emoji sequence such as 👨‍👩‍👧.
///
/// ```swift
/// OutputSafety.visible("Pay\u{202E}lmth.exe")  // Pay\u{202E}lmth.exe, the override shown, not obeyed
/// ```
enum OutputSafety {
  /// Whether a report must not write `scalar` raw: C0 controls, DEL, C1 controls, bidi
  /// controls, zero-width and other invisible format characters, U+2028 and U+2029.
  static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x00...0x1F, 0x7F...0x9F: true
    case 0x061C, 0x200B...0x200F, 0x2028...0x202E, 0x2060...0x2064, 0x2066...0x2069: true
    case 0xFEFF, 0xFFF9...0xFFFB: true
    default: false
    }
  }

  /// The visible escape of one scalar: `\u{1B}`, `\u{202E}` (hexadecimal, upper case).
  static func visibleEscape(_ scalar: Unicode.Scalar) -> String {
    "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
  }

  /// The JSON escape of one scalar of the Basic Multilingual Plane: `\u202e` (lower-case
  /// hexadecimal, as JSONEncoder writes control characters).
  static func jsonEscape(_ scalar: Unicode.Scalar) -> String {
    let hex = String(scalar.value, radix: 16)
    return "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
  }

  /// `text` with every unsafe scalar made visible (``visibleEscape(_:)``), except the ones
  /// listed in `kept` and a zero-width joiner inside an emoji sequence.
  ///
  /// - Complexity: O(*n*) in the scalars of `text`; a string without unsafe scalars is
  ///   returned as it is after one scan.
  static func visible(_ text: String, keeping kept: Set<Unicode.Scalar> = []) -> String {
    rewrite(text, keeping: kept, keepingEmojiJoiners: true, visibleEscape)
  }

  /// `json`, a JSON text, with every unsafe scalar left raw in it written as a JSON escape.
  /// Outside strings JSON holds only ASCII punctuation, digits, letters and whitespace, which
  /// JSONEncoder does not leave raw inside strings, so every unsafe scalar found is inside a
  /// string and its escape means the same.
  static func jsonEscapingUnsafe(_ json: String) -> String {
    // The line feeds between the tokens of pretty-printed JSON stay (inside strings
    // JSONEncoder has already escaped them).
    rewrite(json, keeping: ["\n"], keepingEmojiJoiners: false, jsonEscape)
  }

  /// `text` with each unsafe scalar not in `kept` replaced by `replacement(scalar)`.
  static func rewrite(
    _ text: String, keeping kept: Set<Unicode.Scalar> = [], keepingEmojiJoiners: Bool,
    _ replacement: (Unicode.Scalar) -> String
  ) -> String {
    let scalars = text.unicodeScalars
    let isTarget = { (scalar: Unicode.Scalar) in isUnsafe(scalar) && !kept.contains(scalar) }
    guard scalars.contains(where: isTarget) else { return text }
    var out = ""
    out.reserveCapacity(text.utf8.count + 16)
    var index = scalars.startIndex
    while index != scalars.endIndex {
      let scalar = scalars[index]
      if !isTarget(scalar) || keepingEmojiJoiners && isEmojiJoiner(at: index, in: scalars) {
        out.unicodeScalars.append(scalar)
      } else {
        out += replacement(scalar)
      }
      index = scalars.index(after: index)
    }
    return out
  }

  /// Whether the scalar at `index` is a zero-width joiner between two emoji (a variation
  /// selector or skin-tone modifier may stand between the first emoji and the joiner).
  private static func isEmojiJoiner(at index: String.UnicodeScalarView.Index, in scalars: String.UnicodeScalarView) -> Bool {
    guard scalars[index] == "\u{200D}", index != scalars.startIndex else { return false }
    let next = scalars.index(after: index)
    guard next != scalars.endIndex, isEmoji(scalars[next]) else { return false }
    let previous = scalars[scalars.index(before: index)]
    return isEmoji(previous) || previous == "\u{FE0F}"
  }

  private static func isEmoji(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value > 0x7F && scalar.properties.isEmoji
  }
}

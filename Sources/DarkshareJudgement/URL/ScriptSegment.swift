/// The first segment of a URL path as a server script is named by it — after an optional
/// `cgi-bin` — found without splitting the path: nearly every path names no script, and this is
/// asked of every link.
///
/// Segments are the runs between `/`, empty ones skipped (as `split(separator:)` skips them).
struct ScriptSegment {
  /// The segment, `go.cgi` in `/cgi-bin/go.cgi/x`.
  let segment: Substring
  /// The path after it, `/x`.
  let rest: Substring

  /// The first segment of `path` (the second when the first is `cgi-bin`, in any case); nil
  /// when there is none.
  init?(path: String) {
    guard var first = Self.firstRun(of: path[...], between: UInt8(ascii: "/")) else { return nil }
    // "cgi-bin" is ASCII: only a 7-byte segment can be it.
    if first.run.utf8.count == 7, first.run.lowercased() == "cgi-bin" {
      guard let next = Self.firstRun(of: first.rest, between: UInt8(ascii: "/")) else { return nil }
      first = next
    }
    (segment, rest) = first
  }

  /// The segment's name before its first `.` (`go` in `go.cgi`), empty when it is all dots.
  var stem: Substring { Self.firstRun(of: segment, between: UInt8(ascii: "."))?.run ?? "" }

  /// The segment's `.`-separated runs when there are exactly two (`go`, `cgi`).
  var nameAndExtension: (name: Substring, extension: Substring)? {
    guard let name = Self.firstRun(of: segment, between: UInt8(ascii: ".")), let fileExtension = Self.firstRun(of: name.rest, between: UInt8(ascii: ".")),
      Self.firstRun(of: fileExtension.rest, between: UInt8(ascii: ".")) == nil
    else { return nil }
    return (name.run, fileExtension.run)
  }

  /// Whether the segment is the path's last (only `/` after it).
  var isLast: Bool { rest.allSatisfy { $0 == "/" } }

  /// The first run of `text` between `separator`s (what `split(separator:)` would list first),
  /// and the text after it.
  ///
  /// Found on the bytes; by `Character` only where a separator it passes touches a byte over
  /// 0x7F, which may join the separator into a `Character` that is not one (a combining mark
  /// after it, a prepended mark before it). Between ASCII bytes a separator is its own.
  static func firstRun(of text: Substring, between separator: UInt8) -> (run: Substring, rest: Substring)? {
    let utf8 = text.utf8
    func isAlone(_ index: Substring.UTF8View.Index) -> Bool {
      (index == utf8.startIndex || utf8[utf8.index(before: index)] < 0x80)
        && (utf8.index(after: index) == utf8.endIndex || utf8[utf8.index(after: index)] < 0x80)
    }
    var start = utf8.startIndex
    while start != utf8.endIndex, utf8[start] == separator {
      guard isAlone(start) else { return firstCharacterRun(of: text, between: separator) }
      start = utf8.index(after: start)
    }
    guard start != utf8.endIndex else { return nil }
    let end = utf8[start...].firstIndex(of: separator) ?? utf8.endIndex
    guard end == utf8.endIndex || isAlone(end) else { return firstCharacterRun(of: text, between: separator) }
    return (text[start..<end], text[end...])
  }

  /// ``firstRun(of:between:)`` over `Character`s.
  static func firstCharacterRun(of text: Substring, between separator: UInt8) -> (run: Substring, rest: Substring)? {
    let separator = Character(Unicode.Scalar(separator))
    guard let start = text.firstIndex(where: { $0 != separator }) else { return nil }
    let end = text[start...].firstIndex(of: separator) ?? text.endIndex
    return (text[start..<end], text[end...])
  }
}

/// Words of reference data (ASCII), looked up without lower-casing an ASCII word.
struct FoldedWordSet: Sendable {
  private let words: Set<String>
  private let keys: FoldedASCIIKeyTable<Bool>

  init(_ words: Set<String>) {
    self.words = words
    keys = FoldedASCIIKeyTable(words: words)
  }

  /// Whether `text`, lower-cased, is one of the words (a word that is not ASCII is lower-cased
  /// the Unicode way: the Kelvin sign is `k`).
  func contains(_ text: Substring) -> Bool {
    FoldedASCIIKey(text.utf8).map(keys.contains) ?? words.contains(text.lowercased())
  }
}

/// The words that introduce a URL in plain text: what a text/plain footer says instead of an
/// anchor text ("To unsubscribe from these e-mails, go to: https://…").
///
/// The lead-in is the text before the URL on its line, from the previous URL on that line or
/// the last sentence end (`. `, `! `, `? `); when nothing but punctuation stands there, it is
/// the line above, unless that line has a URL of its own (a URL on a line of its own under
/// "To change your address, please visit:").
/// At most ``maximumLength`` Unicode scalars, the ones nearest the URL.
///
/// ```swift
/// let text = "Thanks for reading. To unsubscribe, go to: https://news.example/u?id=1"
/// PlainTextLeadIn.leadIns(of: PlainTextLinkDetector.links(in: text), in: text)
/// // ["To unsubscribe, go to:"]
/// ```
public enum PlainTextLeadIn {
  /// The longest lead-in kept, in Unicode scalars.
  public static let maximumLength = 120

  /// The lead-in of each of `links` (found in `text`), in the same order; nil where there is none.
  ///
  /// - Complexity: O(*n*) in the text's length.
  public static func leadIns(of links: [PlainTextLink], in text: String) -> [String?] {
    guard !links.isEmpty else { return [] }
    let scalars = Array(text.unicodeScalars)
    let lineStarts = PlainTextLinkDetector.lineStarts(of: scalars)
    func lineRange(_ line: Int) -> Range<Int> {
      let start = lineStarts[line - 1]
      var end = line < lineStarts.count ? lineStarts[line] : scalars.count
      while end > start, scalars[end - 1] == "\n" || scalars[end - 1] == "\r" { end -= 1 }
      return start..<end
    }
    let linkedLines = Set(links.map(\.line))
    var previous: PlainTextLink?
    return links.map { link in
      defer { previous = link }
      guard link.line <= lineStarts.count else { return nil }
      let line = lineRange(link.line)
      var start = line.lowerBound
      if let previous, previous.line == link.line { start += previous.endColumn - 1 }
      let end = min(line.lowerBound + link.column - 1, line.upperBound)
      if let clause = clause(scalars[min(start, end)..<end]) { return clause }
      // Nothing before the URL on its line: the line above introduces it.
      guard start == line.lowerBound, link.line > 1, !linkedLines.contains(link.line - 1) else { return nil }
      return clause(scalars[lineRange(link.line - 1)])
    }
  }

  /// The last clause of `scalars`: after the last sentence end, trimmed; nil when it has no
  /// letter.
  private static func clause(_ scalars: ArraySlice<Unicode.Scalar>) -> String? {
    var start = scalars.startIndex
    var index = scalars.endIndex - 1
    while index > scalars.startIndex {
      if scalars[index] == " ", ".!?".unicodeScalars.contains(scalars[index - 1]) {
        start = index + 1
        break
      }
      index -= 1
    }
    start = max(start, scalars.endIndex - maximumLength)
    let words = String(String.UnicodeScalarView(scalars[start...])).trimmingCharacters(in: " \t([<-")
    return words.unicodeScalars.contains { $0.properties.isAlphabetic } ? words : nil
  }
}

extension String {
  fileprivate func trimmingCharacters(in set: String) -> String {
    let drop = Set(set.unicodeScalars)
    var view = unicodeScalars[...]
    while let first = view.first, drop.contains(first) { view = view.dropFirst() }
    while let last = view.last, drop.contains(last) { view = view.dropLast() }
    return String(String.UnicodeScalarView(view))
  }
}

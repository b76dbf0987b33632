/// The words that introduce a URL in plain text: what a text/plain footer says instead of an
/// anchor text ("To unsubscribe from these e-mails, go to: https://…").
///
/// The lead-in is the sentence that runs into the URL, read as a person reads it: back from the
/// URL to the last sentence end (`. `, `! `, `? `, also at a line end), the previous URL, or the
/// start of the paragraph (a blank line), across the line breaks of a wrapped paragraph
/// ("To subscribe, unsubscribe or change your e-mail address⏎for any of our newsletters, go
/// to:⏎https://…"), with runs of white space read as one space.
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
    func offset(line: Int, column: Int) -> Int? {
      guard line >= 1, line <= lineStarts.count else { return nil }
      return min(lineStarts[line - 1] + column - 1, scalars.count)
    }
    var previousEnd = 0
    return links.map { link in
      guard let start = offset(line: link.line, column: link.column) else { return nil }
      defer { previousEnd = max(previousEnd, offset(line: link.line, column: link.endColumn) ?? start) }
      let floor = max(min(previousEnd, start), start - 4 * maximumLength)
      return clause(scalars[floor..<start])
    }
  }

  /// The last sentence of `scalars` within its paragraph, white space squeezed, trimmed; nil
  /// when it has no letter.
  private static func clause(_ scalars: ArraySlice<Unicode.Scalar>) -> String? {
    var start = scalars.startIndex
    var index = scalars.endIndex - 1
    var sawLineBreak = false
    while index > scalars.startIndex {
      let scalar = scalars[index]
      if scalar == "\n" {
        // A blank line (only white space since the line break after it) ends the paragraph.
        if sawLineBreak { start = index + 1; break }
        sawLineBreak = true
      } else if scalar != " ", scalar != "\t", scalar != "\r" {
        sawLineBreak = false
      }
      if scalar == " " || scalar == "\n" || scalar == "\r" || scalar == "\t",
        ".!?".unicodeScalars.contains(scalars[index - 1])
      {
        start = index + 1
        break
      }
      index -= 1
    }
    var words = String.UnicodeScalarView()
    var pendingSpace = false
    for scalar in scalars[start...] {
      if scalar == " " || scalar == "\n" || scalar == "\r" || scalar == "\t" {
        pendingSpace = !words.isEmpty
      } else {
        if pendingSpace { words.append(" ") }
        pendingSpace = false
        words.append(scalar)
      }
    }
    let squeezed = String(words.suffix(maximumLength)).trimmingCharacters(in: " \t([<-")
    return squeezed.unicodeScalars.contains { $0.properties.isAlphabetic } ? squeezed : nil
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

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
    var text = text
    return text.withUTF8 { buffer in
      let s = UTF8Text(buffer)
      var cursor = Cursor()
      var previousEnd = 0
      return links.map { link in
        guard let start = cursor.offset(line: link.line, column: link.column, in: s) else { return nil }
        defer { previousEnd = max(previousEnd, cursor.offset(line: link.line, column: link.endColumn, in: s) ?? start) }
        // Back at most 4 × maximumLength scalars, and not before the previous URL's end.
        var floor = start
        var scalars = 0
        while floor > min(previousEnd, start), scalars < 4 * maximumLength {
          floor = s.index(before: floor)
          scalars += 1
        }
        return clause(Array(s.string(floor..<start).unicodeScalars)[...])
      }
    }
  }

  /// Finds the byte offset of a 1-based line and column (in Unicode scalars), walking forward
  /// from where it was last asked: the links of a text, asked in order, cost one pass over it.
  /// A column past its line's end runs on into the next lines, and an offset past the text is
  /// its end, as counting scalars from the line's start does.
  private struct Cursor {
    private var line = 1
    private var lineStart = 0
    /// A position on the line (or past its end) and its scalar count from the line's start.
    private var position = 0
    private var column = 1

    mutating func offset(line wanted: Int, column wantedColumn: Int, in s: UTF8Text) -> Int? {
      guard wanted >= 1 else { return nil }
      if wanted < line || (wanted == line && wantedColumn < column) { self = Cursor() }
      while line < wanted {
        guard let next = Self.nextLineStart(after: lineStart, in: s) else { return nil }
        line += 1
        lineStart = next
        position = next
        column = 1
      }
      while column < wantedColumn, position < s.count {
        position = s.index(after: position)
        column += 1
      }
      return min(position, s.count)
    }

    /// Where the line after the one starting at `start` starts (after LF, CRLF or CR), or nil.
    private static func nextLineStart(after start: Int, in s: UTF8Text) -> Int? {
      var index = start
      while index < s.count {
        let byte = s[index]
        if byte == UInt8(ascii: "\n") { return index + 1 }
        if byte == UInt8(ascii: "\r") {
          return index + 1 < s.count && s[index + 1] == UInt8(ascii: "\n") ? index + 2 : index + 1
        }
        index += 1
      }
      return nil
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

import DarkshareCore

/// Finds the URLs in plain text the way phones and mail clients linkify them.
///
/// Counted: `http://`, `https://` and `ftp://` URLs and `mailto:` addresses (any case), `www.`
/// hosts, and scheme-less hosts such
/// as `shop.example.com/x` whose last label is a real top-level domain (``TopLevelDomains``).
///
/// Where a URL starts:
/// - A scheme starts a URL wherever it is, also glued to the word before it
///   (`Mottowagenhttps://…`, `Link:https://…`, `_https://…`): the URL starts at the scheme.
/// - A scheme-less host needs a boundary before it: not a letter, digit, `_`, `@`, `.`, `/`,
///   `:` or `%` (so nothing starts inside a word, a path or a percent-escape like `%40host.de`).
/// - A host that turns out to be the local part or the domain of an e-mail address
///   (`jane.doe+news@shop.example.com`) is no link.
/// - `word.In`, `today.Do`: a label after a dot that starts with a capital is a sentence
///   written without a space, unless the whole thing looks like a host (all capitals, a `www.`
///   start, or a path, query, fragment or port after it). `Example.com` is a host.
///
/// Where a URL ends:
/// - at whitespace, a control character, `<`, `>`, `"`, `` ` ``, typographic quotes (`«»“”„‘’‹›`)
///   and CJK or full-width punctuation (`。`, `、`, `）`): `<https://…>` yields the URL inside;
/// - at a `)` or `]` that the URL did not open (`(see https://a.example/x)and more`), and at a
///   Markdown `](`; balanced parentheses stay (`…/wiki/Fish_(food)`);
/// - at an apostrophe right after the host (`https://shop.example's`);
/// - then trailing `.,;:!?'"`, Markdown emphasis (`**`, and `_` when an `_` opened it right
///   before the URL) and unbalanced closing brackets are left out; an `_` inside a URL stays,
///   also at its end (`…?upn=…_`, a base64url click token).
///
/// ```swift
/// let links = PlainTextLinkDetector.links(in: "See shop.example.com/sale, (or https://en.wikipedia.org/wiki/Fish_(food)).")
/// links.map(\.url)     // ["shop.example.com/sale", "https://en.wikipedia.org/wiki/Fish_(food)"]
/// links.map(\.column)  // [5, 32]
/// ```
///
/// - Complexity: O(*n*) in the text's length: every byte is looked at a bounded number of
///   times (a word is skipped whole once it is known to be no link). The text is scanned in
///   place, as UTF-8 (``UTF8Text``).
public enum PlainTextLinkDetector {
  /// Every URL in `text`, in order. Lines end at LF, CRLF or CR; a URL never spans lines.
  public static func links(in text: String) -> [PlainTextLink] {
    var text = text
    return text.withUTF8 { links(in: UTF8Text($0)) }
  }

  private static func links(in s: UTF8Text) -> [PlainTextLink] {
    var links = [PlainTextLink]()
    var starts = [Int]()  // each link's byte offset, to drop links that were e-mail addresses
    var line = 1
    var columns = ColumnCounter(lineStart: 0)
    var index = 0
    func append(_ start: Int, _ end: Int) {
      let column = columns.column(at: start, in: s)
      links.append(PlainTextLink(url: s.string(start..<end), line: line, column: column, endColumn: columns.column(at: end, in: s)))
      starts.append(start)
    }
    while index < s.count {
      let byte = s[index]
      if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
        if byte == UInt8(ascii: "\r"), index + 1 < s.count, s[index + 1] == UInt8(ascii: "\n") { index += 1 }
        index += 1
        line += 1
        columns = ColumnCounter(lineStart: index)
        continue
      }
      if byte == UInt8(ascii: "@") {
        // The host just found was an e-mail address's local part (`shop.de+news@…`).
        let localStart = localPartStart(s, before: index, notBefore: columns.lineStart)
        while let last = starts.last, last >= localStart {
          starts.removeLast()
          links.removeLast()
        }
        index += 1
        continue
      }
      if byte < 0x80, !isASCIILetterOrDigit(byte), byte != UInt8(ascii: "-"), byte != UInt8(ascii: ".") {
        // Blanks and punctuation start nothing, and no host or scheme ends in them.
        index += 1
        continue
      }
      let found = match(s, at: index)
      if found.isLink {
        append(index, found.end)
        index = found.end
      } else if let schemeStart = gluedScheme(s, wordStart: index, wordEnd: found.end),
        let end = schemeURLEnd(s, at: schemeStart)
      {
        append(schemeStart, end)
        index = end
      } else {
        index = found.end
      }
    }
    return links
  }

  private static func isASCIILetterOrDigit(_ byte: UInt8) -> Bool {
    let folded = byte | 0x20
    return (folded >= UInt8(ascii: "a") && folded <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
  }

  /// A line's 1-based columns, in Unicode scalars, for positions asked in increasing order
  /// (each byte of the line is counted once).
  private struct ColumnCounter {
    let lineStart: Int
    private var position: Int
    private var column = 1

    init(lineStart: Int) {
      self.lineStart = lineStart
      position = lineStart
    }

    mutating func column(at target: Int, in s: UTF8Text) -> Int {
      if target < position {
        position = lineStart
        column = 1
      }
      column += s.scalarCount(in: position..<target)
      position = target
      return column
    }
  }

  /// The end (exclusive) of the URL starting at `start` (`isLink`), or of a word that is no
  /// link (always past `start`, so a word is passed once).
  private static func match(_ s: UTF8Text, at start: Int) -> (end: Int, isLink: Bool) {
    if let end = schemeURLEnd(s, at: start) { return (end, true) }
    if start > 0, startsNoHost(after: s.scalar(before: start)) {
      return (skipWord(s, from: start), false)
    }
    return hostURL(s, at: start) ?? (skipWord(s, from: start), false)
  }

  /// The end of an `http://`, `https://` or `ftp://` URL, or of a `mailto:` address, starting
  /// at `start`; nil when none starts there. Mail clients linkify all four (Thunderbird's
  /// `mozTXTToHTMLConv`); `ftp:` and `mailto:` links are then judged not to be web links.
  static func schemeURLEnd(_ s: UTF8Text, at start: Int) -> Int? {
    let c = s[start].asciiLowercased
    guard c == UInt8(ascii: "h") || c == UInt8(ascii: "f") || c == UInt8(ascii: "m") else { return nil }
    if c == UInt8(ascii: "m") { return mailtoEnd(s, at: start) }
    let hostStart: Int
    if s.hasPrefix("https://", at: start) {
      hostStart = start + 8
    } else if s.hasPrefix("http://", at: start) || s.hasPrefix("ftp://", at: start) {
      hostStart = start + (c == UInt8(ascii: "h") ? 7 : 6)
    } else {
      return nil
    }
    guard hostStart < s.count, isHostScalar(s.scalar(at: hostStart)) || startsIPv6(s, at: hostStart) else { return nil }
    let end = trimmedEnd(s, start: start, end: extent(s, from: hostStart))
    return end > hostStart ? end : nil
  }

  /// The end of `mailto:` and an address (`mailto:jane@shop.example?subject=Hi`), or nil.
  private static func mailtoEnd(_ s: UTF8Text, at start: Int) -> Int? {
    let addressStart = start + 7
    guard s.hasPrefix("mailto:", at: start), addressStart < s.count, isLocalPartScalar(s.scalar(at: addressStart)) else {
      return nil
    }
    let end = trimmedEnd(s, start: start, end: extent(s, from: addressStart))
    // Trailing punctuation can be all there is (`mailto:!`): trimmed, nothing is left.
    guard end > addressStart else { return nil }
    return s.contains(UInt8(ascii: "@"), in: addressStart..<end) ? end : nil
  }

  /// Whether an IPv6 literal (`[2001:db8::1]`) starts at `index`.
  private static func startsIPv6(_ s: UTF8Text, at index: Int) -> Bool {
    guard s[index] == UInt8(ascii: "["), index + 1 < s.count else { return false }
    let next = s[index + 1]
    return next == UInt8(ascii: ":") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(next)
      || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(next.asciiLowercased)
  }

  /// Where a scheme glued to the end of the word `wordStart..<wordEnd` starts
  /// (`Mottowagenhttps://`), or nil. The scheme is ASCII: its bytes are its scalars.
  private static func gluedScheme(_ s: UTF8Text, wordStart: Int, wordEnd: Int) -> Int? {
    guard wordEnd + 2 < s.count, s[wordEnd] == UInt8(ascii: ":"), s[wordEnd + 1] == UInt8(ascii: "/"),
      s[wordEnd + 2] == UInt8(ascii: "/")
    else {
      return nil
    }
    if wordEnd - 5 >= wordStart, s.hasPrefix("https", at: wordEnd - 5) { return wordEnd - 5 }
    if wordEnd - 4 >= wordStart, s.hasPrefix("http", at: wordEnd - 4) { return wordEnd - 4 }
    return nil
  }

  /// Where the e-mail local part that ends at the `@` at `at` starts (letters, digits and
  /// `.+-_=%~!#$&*^{|}` back to the first other scalar), never before `notBefore`.
  private static func localPartStart(_ s: UTF8Text, before at: Int, notBefore: Int) -> Int {
    var start = at
    while start > notBefore {
      let previous = s.index(before: start)
      guard isLocalPartScalar(s.scalar(at: previous)) else { break }
      start = previous
    }
    return start
  }

  /// Past the run of host scalars at `index` (at least one scalar), so a long word or a run of
  /// dots is passed once, never re-examined from each of its positions.
  static func skipWord(_ s: UTF8Text, from index: Int) -> Int {
    guard isHostScalar(s.scalar(at: index)) else { return s.index(after: index) }
    var end = s.index(after: index)
    while end < s.count, isHostScalar(s.scalar(at: end)) { end = s.index(after: end) }
    return end
  }
}

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
/// - Complexity: O(*n*) in the text's length: every scalar is looked at a bounded number of
///   times (a word is skipped whole once it is known to be no link).
public enum PlainTextLinkDetector {
  /// Every URL in `text`, in order. Lines end at LF, CRLF or CR; a URL never spans lines.
  public static func links(in text: String) -> [PlainTextLink] {
    let scalars = Array(text.unicodeScalars)
    var links = [PlainTextLink]()
    var starts = [Int]()  // each link's scalar offset, to drop links that were e-mail addresses
    var line = 1
    var lineStart = 0
    var index = 0
    func append(_ start: Int, _ end: Int) {
      links.append(
        PlainTextLink(
          url: string(scalars[start..<end]), line: line,
          column: start - lineStart + 1, endColumn: end - lineStart + 1))
      starts.append(start)
    }
    while index < scalars.count {
      let scalar = scalars[index]
      if scalar == "\n" || scalar == "\r" {
        if scalar == "\r", index + 1 < scalars.count, scalars[index + 1] == "\n" { index += 1 }
        index += 1
        line += 1
        lineStart = index
        continue
      }
      if scalar == "@" {
        // The host just found was an e-mail address's local part (`shop.de+news@…`).
        let localStart = localPartStart(scalars, before: index, notBefore: lineStart)
        while let last = starts.last, last >= localStart {
          starts.removeLast()
          links.removeLast()
        }
        index += 1
        continue
      }
      let found = match(scalars, at: index)
      if found.isLink {
        append(index, found.end)
        index = found.end
      } else if let schemeStart = gluedScheme(scalars, wordStart: index, wordEnd: found.end),
        let end = schemeURLEnd(scalars, at: schemeStart)
      {
        append(schemeStart, end)
        index = end
      } else {
        index = found.end
      }
    }
    return links
  }

  /// The end (exclusive) of the URL starting at `start` (`isLink`), or of a word that is no
  /// link (always past `start`, so a word is passed once).
  private static func match(_ s: [Unicode.Scalar], at start: Int) -> (end: Int, isLink: Bool) {
    if let end = schemeURLEnd(s, at: start) { return (end, true) }
    let previous: Unicode.Scalar? = start > 0 ? s[start - 1] : nil
    if let previous, startsNoHost(after: previous) {
      return (skipWord(s, from: start), false)
    }
    return hostURL(s, at: start) ?? (skipWord(s, from: start), false)
  }

  /// The end of an `http://`, `https://` or `ftp://` URL, or of a `mailto:` address, starting
  /// at `start`; nil when none starts there. Mail clients linkify all four (Thunderbird's
  /// `mozTXTToHTMLConv`); `ftp:` and `mailto:` links are then judged not to be web links.
  static func schemeURLEnd(_ s: [Unicode.Scalar], at start: Int) -> Int? {
    let c = lowered(s[start])
    guard c == "h" || c == "f" || c == "m" else { return nil }
    if c == "m" { return mailtoEnd(s, at: start) }
    for scheme in ["https://", "http://", "ftp://"] where hasPrefix(s, at: start, scheme) {
      let hostStart = start + scheme.unicodeScalars.count
      guard hostStart < s.count, isHostScalar(s[hostStart]) || startsIPv6(s, at: hostStart) else { return nil }
      let end = trimmedEnd(s, start: start, end: extent(s, from: hostStart))
      return end > hostStart ? end : nil
    }
    return nil
  }

  /// The end of `mailto:` and an address (`mailto:jane@shop.example?subject=Hi`), or nil.
  private static func mailtoEnd(_ s: [Unicode.Scalar], at start: Int) -> Int? {
    let addressStart = start + 7
    guard hasPrefix(s, at: start, "mailto:"), addressStart < s.count, isLocalPartScalar(s[addressStart]) else {
      return nil
    }
    let end = trimmedEnd(s, start: start, end: extent(s, from: addressStart))
    // Trailing punctuation can be all there is (`mailto:!`): trimmed, nothing is left.
    guard end > addressStart else { return nil }
    return s[addressStart..<end].contains("@") ? end : nil
  }

  /// Whether an IPv6 literal (`[2001:db8::1]`) starts at `index`.
  private static func startsIPv6(_ s: [Unicode.Scalar], at index: Int) -> Bool {
    guard s[index] == "[", index + 1 < s.count else { return false }
    let next = s[index + 1]
    return next == ":" || ("0"..."9").contains(next) || ("a"..."f").contains(lowered(next))
  }

  /// Where a scheme glued to the end of the word `wordStart..<wordEnd` starts
  /// (`Mottowagenhttps://`), or nil.
  private static func gluedScheme(_ s: [Unicode.Scalar], wordStart: Int, wordEnd: Int) -> Int? {
    guard wordEnd + 2 < s.count, s[wordEnd] == ":", s[wordEnd + 1] == "/", s[wordEnd + 2] == "/" else {
      return nil
    }
    for length in [5, 4] where wordEnd - length >= wordStart {
      if hasPrefix(s, at: wordEnd - length, length == 5 ? "https" : "http") { return wordEnd - length }
    }
    return nil
  }

  /// Where the e-mail local part that ends at the `@` at `at` starts (letters, digits and
  /// `.+-_=%~!#$&*^{|}` back to the first other scalar), never before `notBefore`.
  private static func localPartStart(_ s: [Unicode.Scalar], before at: Int, notBefore: Int) -> Int {
    var start = at
    while start > notBefore, isLocalPartScalar(s[start - 1]) { start -= 1 }
    return start
  }

  /// Past the run of host scalars at `index` (at least one scalar), so a long word or a run of
  /// dots is passed once, never re-examined from each of its positions.
  static func skipWord(_ s: [Unicode.Scalar], from index: Int) -> Int {
    guard isHostScalar(s[index]) else { return index + 1 }
    var end = index + 1
    while end < s.count, isHostScalar(s[end]) { end += 1 }
    return end
  }
}

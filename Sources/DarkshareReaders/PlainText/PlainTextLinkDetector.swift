/// Finds the URLs in plain text the way phones and mail clients linkify them.
///
/// Counted: `http://` and `https://` URLs (any case), `www.` hosts, and scheme-less hosts such
/// as `shop.example.com/x` whose last label is a real top-level domain (``TopLevelDomains``).
/// A URL ends at whitespace, `<`, `>`, `"` or a control character, so `<https://…>` yields the
/// URL inside the brackets. Trailing `.,;:!?'"` and an unbalanced closing `)` or `]` are left
/// out; balanced parentheses (Wikipedia-style URLs) are kept. Hosts right after `@` (e-mail
/// addresses) are not links.
///
/// ```swift
/// let links = PlainTextLinkDetector.links(in: "See shop.example.com/sale, (or https://en.wikipedia.org/wiki/Fish_(food)).")
/// links.map(\.url)     // ["shop.example.com/sale", "https://en.wikipedia.org/wiki/Fish_(food)"]
/// links.map(\.column)  // [5, 32]
/// ```
///
/// - Complexity: O(*n*) in the text's length: every scalar is looked at a bounded number of times.
public enum PlainTextLinkDetector {
  /// Every URL in `text`, in order. Lines end at LF, CRLF or CR.
  public static func links(in text: String) -> [PlainTextLink] {
    let scalars = Array(text.unicodeScalars)
    var links = [PlainTextLink]()
    var line = 1
    var lineStart = 0
    var index = 0
    while index < scalars.count {
      let scalar = scalars[index]
      if scalar == "\n" || scalar == "\r" {
        if scalar == "\r", index + 1 < scalars.count, scalars[index + 1] == "\n" { index += 1 }
        index += 1
        line += 1
        lineStart = index
        continue
      }
      let previous: Unicode.Scalar? = index > 0 ? scalars[index - 1] : nil
      if let (end, isLink) = match(scalars, at: index, previous: previous) {
        if isLink, end > index {
          links.append(
            PlainTextLink(
              url: string(scalars[index..<end]), line: line,
              column: index - lineStart + 1, endColumn: end - lineStart + 1))
        }
        index = max(end, index + 1)
      } else {
        index = skipWord(scalars, from: index)
      }
    }
    return links
  }

  /// The end (exclusive) of the URL starting at `start` (`isLink`), or of a host-like word that
  /// is no link (to skip it whole); nil when nothing URL-like starts there.
  private static func match(_ s: [Unicode.Scalar], at start: Int, previous: Unicode.Scalar?) -> (Int, isLink: Bool)? {
    if let previous, isWordScalar(previous) || previous == "@" || previous == "." || previous == "/" || previous == ":" {
      return nil
    }
    let c = s[start]
    if c == "h" || c == "H" {
      for scheme in ["https://", "http://"] where hasPrefix(s, at: start, scheme) {
        let hostStart = start + scheme.unicodeScalars.count
        guard hostStart < s.count, isHostScalar(s[hostStart]) else { return nil }
        return (trimmedEnd(s, start: start, end: extent(s, from: hostStart)), true)
      }
    }
    guard isHostScalar(c), c != "-", c != "." else { return nil }
    // A scheme-less host: labels of letters, digits and hyphens.
    var hostEnd = start
    while hostEnd < s.count, isHostScalar(s[hostEnd]) { hostEnd += 1 }
    if hostEnd < s.count, s[hostEnd] == "@" { return (hostEnd, false) }  // an e-mail address's local part
    var trimmedHost = hostEnd
    while trimmedHost > start, s[trimmedHost - 1] == "." { trimmedHost -= 1 }
    // A word without a dot is no host: most words of a message end here.
    guard s[start..<trimmedHost].contains(".") else { return (hostEnd, false) }
    let host = string(s[start..<trimmedHost])
    let labels = host.split(separator: ".", omittingEmptySubsequences: false)
    let isWWW = hasPrefix(s, at: start, "www.") && labels.count >= 2
    guard labels.count >= 2, !labels.contains(where: \.isEmpty) else { return (hostEnd, false) }
    guard isWWW || TopLevelDomains.contains(labels[labels.count - 1]) else { return (hostEnd, false) }
    guard trimmedHost == hostEnd, hostEnd < s.count, "/?#:".unicodeScalars.contains(s[hostEnd]) else {
      return (trimmedHost, true)
    }
    return (trimmedEnd(s, start: start, end: extent(s, from: hostEnd)), true)
  }

  /// Where a URL's characters stop: at whitespace, `<`, `>`, `"` or a control character.
  private static func extent(_ s: [Unicode.Scalar], from start: Int) -> Int {
    var end = start
    while end < s.count, !endsURL(s[end]) { end += 1 }
    return end
  }

  /// `end` with trailing punctuation and unbalanced closing brackets left out.
  private static func trimmedEnd(_ s: [Unicode.Scalar], start: Int, end: Int) -> Int {
    var parentheses = (opened: 0, closed: 0)
    var brackets = (opened: 0, closed: 0)
    for scalar in s[start..<end] {
      switch scalar {
      case "(": parentheses.opened += 1
      case ")": parentheses.closed += 1
      case "[": brackets.opened += 1
      case "]": brackets.closed += 1
      default: break
      }
    }
    var end = end
    while end > start {
      switch s[end - 1] {
      case ".", ",", ";", ":", "!", "?", "'", "\"":
        end -= 1
      case ")" where parentheses.closed > parentheses.opened:
        parentheses.closed -= 1
        end -= 1
      case "]" where brackets.closed > brackets.opened:
        brackets.closed -= 1
        end -= 1
      default:
        return end
      }
    }
    return end
  }

  /// Past the run of word scalars at `index` (at least one scalar), so a long word or a run of
  /// dots is passed once, never re-examined from each of its positions.
  private static func skipWord(_ s: [Unicode.Scalar], from index: Int) -> Int {
    guard isHostScalar(s[index]) else { return index + 1 }
    var end = index + 1
    while end < s.count, isHostScalar(s[end]) { end += 1 }
    return end
  }

  /// The scalars as a string, encoded in one pass (appending scalars one by one to a string
  /// was a tenth of an SMS backup's read time).
  private static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
    var bytes = [UInt8]()
    bytes.reserveCapacity(scalars.count)
    for scalar in scalars {
      if scalar.isASCII {
        bytes.append(UInt8(scalar.value))
      } else {
        bytes.append(contentsOf: UTF8.encode(scalar)!)
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  private static func hasPrefix(_ s: [Unicode.Scalar], at start: Int, _ prefix: String) -> Bool {
    var index = start
    for expected in prefix.unicodeScalars {
      guard index < s.count, lowered(s[index]) == expected else { return false }
      index += 1
    }
    return true
  }

  private static func lowered(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
    ("A"..."Z").contains(scalar) ? Unicode.Scalar(scalar.value + 32)! : scalar
  }

  private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
    if scalar.isASCII { return ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_" }
    return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
  }

  /// Letters, digits, `-` and `.`: what a host name is made of (IDN letters included).
  private static func isHostScalar(_ scalar: Unicode.Scalar) -> Bool {
    (isWordScalar(scalar) && scalar != "_") || scalar == "-" || scalar == "."
  }

  private static func endsURL(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar {
    case "<", ">", "\"", "`": return true
    default: return scalar.value < 0x21 || scalar.value == 0x7F || (!scalar.isASCII && scalar.properties.isWhitespace)
    }
  }
}

extension PlainTextLinkDetector {
  /// Whether a scheme-less host may not start right after `previous`: inside a word, after an
  /// e-mail `@`, a dot, a path's `/`, a `:`, or a percent-escape's `%` (`%40host.de`,
  /// `%2Fmailchi.mp/x`, `%3Dwww.a.com`).
  static func startsNoHost(after previous: Unicode.Scalar) -> Bool {
    isWordScalar(previous) || previous == "@" || previous == "." || previous == "/" || previous == ":"
      || previous == "%"
  }

  /// A scheme-less link at `start` (`www.shop.example`, `shop.example.com/x`): the end of the
  /// link, the end of the host-like word that is no link (`isLink` false), or nil when no
  /// host-like word starts there.
  static func hostURL(_ s: [Unicode.Scalar], at start: Int) -> (end: Int, isLink: Bool)? {
    let c = s[start]
    guard isHostScalar(c), c != "-", c != "." else { return nil }
    // Labels of letters, digits and hyphens.
    var hostEnd = start
    while hostEnd < s.count, isHostScalar(s[hostEnd]) { hostEnd += 1 }
    var trimmedHost = hostEnd
    while trimmedHost > start, s[trimmedHost - 1] == "." { trimmedHost -= 1 }
    // A word without a dot is no host: most words of a message end here.
    guard s[start..<trimmedHost].contains(".") else { return (hostEnd, false) }
    let host = s[start..<trimmedHost]
    let labels = host.split(separator: ".", omittingEmptySubsequences: false)
    guard labels.count >= 2, !labels.contains(where: \.isEmpty) else { return (hostEnd, false) }
    let isWWW = hasPrefix(s, at: start, "www.")
    let hasPathOrPort = trimmedHost == hostEnd && hostEnd < s.count && startsPathOrPort(s, at: hostEnd)
    guard isWWW || TopLevelDomains.contains(Substring(string(labels[labels.count - 1]))) else {
      return (hostEnd, false)
    }
    guard isWWW || hasPathOrPort || !isSentenceJoin(labels) else { return (hostEnd, false) }
    guard trimmedHost == hostEnd, hostEnd < s.count, "/?#:".unicodeScalars.contains(s[hostEnd]) else {
      return (trimmedHost, true)
    }
    return (trimmedEnd(s, start: start, end: extent(s, from: hostEnd)), true)
  }

  /// Whether `s[index]` starts a path, query or fragment (`/`, `?`, `#`) or a port (`:8080`).
  private static func startsPathOrPort(_ s: [Unicode.Scalar], at index: Int) -> Bool {
    switch s[index] {
    case "/", "?", "#": return true
    case ":": return index + 1 < s.count && ("0"..."9").contains(s[index + 1])
    default: return false
    }
  }

  /// Whether the labels read as two sentences joined without a space (`Anmeldung.Die`,
  /// `today.In`, `delays.You`): a label after the first is a capitalised word (a capital, then
  /// a lower-case letter somewhere), and the last label is not written in capitals.
  ///
  /// So `Example.com` (only the first label capitalised), `SHOP.COM`, `lvmail01.LL.com` (an
  /// acronym label) and `news.Stanford.EDU` (a top-level domain in capitals) stay hosts.
  private static func isSentenceJoin(_ labels: [ArraySlice<Unicode.Scalar>]) -> Bool {
    let capitalisedLater = labels.dropFirst().contains { label in
      guard let first = label.first, isUppercase(first) else { return false }
      return label.dropFirst().contains(where: isLowercase)
    }
    guard capitalisedLater, let last = labels.last else { return false }
    return last.contains(where: isLowercase)
  }
}

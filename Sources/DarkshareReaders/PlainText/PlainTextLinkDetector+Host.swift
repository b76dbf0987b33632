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
  static func hostURL(_ s: UTF8Text, at start: Int) -> (end: Int, isLink: Bool)? {
    let c = s.scalar(at: start)
    guard isHostScalar(c), c != "-", c != "." else { return nil }
    // Labels of letters, digits and hyphens.
    var hostEnd = start
    while hostEnd < s.count, isHostScalar(s.scalar(at: hostEnd)) { hostEnd = s.index(after: hostEnd) }
    var trimmedHost = hostEnd
    while trimmedHost > start, s[trimmedHost - 1] == UInt8(ascii: ".") { trimmedHost -= 1 }
    // A word without a dot is no host: most words of a message end here.
    guard s.contains(UInt8(ascii: "."), in: start..<trimmedHost) else { return (hostEnd, false) }
    let labels = labelRanges(s, start..<trimmedHost)
    guard labels.count >= 2, !labels.contains(where: \.isEmpty) else { return (hostEnd, false) }
    let isWWW = s.hasPrefix("www.", at: start)
    let hasPathOrPort = trimmedHost == hostEnd && hostEnd < s.count && startsPathOrPort(s, at: hostEnd)
    guard isWWW || TopLevelDomains.contains(Substring(s.string(labels[labels.count - 1]))) else {
      return (hostEnd, false)
    }
    guard isWWW || hasPathOrPort || !isSentenceJoin(labels, in: s) else { return (hostEnd, false) }
    guard trimmedHost == hostEnd, hostEnd < s.count, Self.startsPathQueryFragmentOrPort(s[hostEnd]) else {
      return (trimmedHost, true)
    }
    return (trimmedEnd(s, start: start, end: extent(s, from: hostEnd)), true)
  }

  /// The byte ranges of the dot-separated labels of `host`, empty ones kept.
  private static func labelRanges(_ s: UTF8Text, _ host: Range<Int>) -> [Range<Int>] {
    var labels = [Range<Int>]()
    var labelStart = host.lowerBound
    for position in host where s[position] == UInt8(ascii: ".") {
      labels.append(labelStart..<position)
      labelStart = position + 1
    }
    labels.append(labelStart..<host.upperBound)
    return labels
  }

  /// `/`, `?`, `#` or `:`: what may follow a host in a URL.
  private static func startsPathQueryFragmentOrPort(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: "/") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#") || byte == UInt8(ascii: ":")
  }

  /// Whether `s[index]` starts a path, query or fragment (`/`, `?`, `#`) or a port (`:8080`).
  private static func startsPathOrPort(_ s: UTF8Text, at index: Int) -> Bool {
    switch s[index] {
    case UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "#"): return true
    case UInt8(ascii: ":"): return index + 1 < s.count && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(s[index + 1])
    default: return false
    }
  }

  /// Whether the labels read as two sentences joined without a space (`Anmeldung.Die`,
  /// `today.In`, `delays.You`): a label after the first is a capitalised word (a capital, then
  /// a lower-case letter somewhere), and the last label is not written in capitals.
  ///
  /// So `Example.com` (only the first label capitalised), `SHOP.COM`, `lvmail01.LL.com` (an
  /// acronym label) and `news.Stanford.EDU` (a top-level domain in capitals) stay hosts.
  private static func isSentenceJoin(_ labels: [Range<Int>], in s: UTF8Text) -> Bool {
    let capitalisedLater = labels.dropFirst().contains { label in
      guard !label.isEmpty, isUppercase(s.scalar(at: label.lowerBound)) else { return false }
      return s.containsScalar(in: s.index(after: label.lowerBound)..<label.upperBound, where: isLowercase)
    }
    guard capitalisedLater, let last = labels.last else { return false }
    return s.containsScalar(in: last, where: isLowercase)
  }
}

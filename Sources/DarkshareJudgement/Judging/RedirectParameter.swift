import Foundation

/// A redirect that no reference lists but whose URL says where it goes: a redirect script
/// (`/redirect`, `/goto`, `/out`, `/click`, …) with the destination in a query parameter, as
/// written, percent-encoded, base64 or hex.
///
/// ```text
/// https://news.example/redirect/?target=stat&linknum=2&href=68747470733a2f2f...  (hex of https://…)
///   → the URL the hex spells, judged as the destination
/// https://shop.example/out?url=https%3A%2F%2Fpartner.example%2Fx                  → https://partner.example/x
/// https://shop.example/login?next=https%3A%2F%2Fshop.example%2Fcart               → not a redirect script
/// ```
///
/// Its destination is visible offline, so it is unwrapped like a known wrapper and the report
/// names it `redirect at HOST`.
enum RedirectParameter {
  /// First path segments (lower case, file extension aside; after `cgi-bin`) of redirect scripts.
  static let scripts: Set<String> = [
    "redirect", "redir", "redirector", "goto", "go", "out", "click", "clk", "r", "l", "link", "away", "exit",
    "jump", "url", "rd", "track",
  ]

  /// The wrapper `url` is, and its destination, when it is such a redirect.
  static func claim(_ url: LinkURL, host: String) -> (wrapper: LinkWrapper, destination: LinkURL)? {
    guard url.hasQuery, isScript(url.path) else { return nil }
    for parameter in url.queryParameters {
      guard let raw = parameter.rawValue, raw.utf8.count >= 12,
        let destination = destination(in: PercentDecoding.decode(raw))
      else { continue }
      let wrapper = LinkWrapper(
        name: "redirect at \(host)", category: .platformRedirect, hostPatterns: [], pathPattern: "",
        decoding: .init(method: .queryParam, parameters: [parameter.key]), example: nil, isOpaque: false)
      return (wrapper, destination)
    }
    return nil
  }

  /// Whether the path's first segment (after `cgi-bin`) is a script of ``scripts``, its
  /// extension aside.
  private static func isScript(_ path: String) -> Bool {
    guard let segment = ScriptSegment(path: path) else { return false }
    return scriptWords.contains(segment.stem)
  }

  private static let scriptWords = FoldedWordSet(scripts)

  /// `value` as an absolute web URL with a host, parsed: as it is, or hex- or base64-decoded.
  private static func destination(in value: String) -> LinkURL? {
    if let url = webURL(value) { return url }
    if value.utf8.count % 2 == 0, value.utf8.allSatisfy({ $0.hexDigitValue != nil }), let text = hexText(value),
      let url = webURL(text)
    {
      return url
    }
    if value.hasPrefix("aHR0c"), let text = Base64Payload.text(value), let url = webURL(text) { return url }
    return nil
  }

  /// ``Unwrapper/webURL(_:)``, with a dotted host written right after `scheme://`: a query
  /// value is taken for a destination only when it is plainly a URL.
  private static func webURL(_ text: String) -> LinkURL? {
    guard let url = Unwrapper.webURL(text), let scheme = url.scheme, url.host?.contains(".") == true,
      text.lowercased().hasPrefix(scheme + "://")
    else { return nil }
    return url
  }

  private static func hexText(_ hex: String) -> String? {
    var bytes = [UInt8]()
    bytes.reserveCapacity(hex.utf8.count / 2)
    var high: UInt8?
    for digit in hex.utf8.compactMap(\.hexDigitValue) {
      if let value = high {
        bytes.append(value << 4 | digit)
        high = nil
      } else {
        high = digit
      }
    }
    return String(bytes: bytes, encoding: .utf8)
  }
}

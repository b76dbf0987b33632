import Foundation

/// Recognises share links — "share on WhatsApp / X / Facebook / LinkedIn / Telegram", "forward
/// by e-mail or SMS" — and finds the URL they carry (SPEC §2). The carried URL is the dark
/// share itself: it arrives with no referrer, so it needs its own attribution.
///
/// Formats, as the platforms document them: WhatsApp "click to chat" (`wa.me/<number>?text=`,
/// `api.whatsapp.com/send?text=`, `web.whatsapp.com/send`, `whatsapp://send`); X Web Intents
/// (`twitter.com/intent/tweet?url=&text=`, also on `x.com` and as `intent/post`); Facebook's
/// sharer (`facebook.com/sharer/sharer.php?u=`, `facebook.com/sharer.php`); LinkedIn
/// (`linkedin.com/sharing/share-offsite/?url=`, the older `shareArticle?url=`); Telegram
/// (`t.me/share/url?url=&text=`, `telegram.me/share`); `mailto:?body=` (RFC 6068) and
/// `sms:?body=` / `sms:NUMBER;?&body=` (RFC 5724).
public enum ShareLinkRecognizer {
  /// A share link's network and the URL it carries.
  public struct Share: Sendable, Hashable {
    /// The network or medium the link shares to (`WhatsApp`, `X`, `e-mail`).
    public var network: String
    /// The `utm_source` value a shared link on this network should carry.
    public var suggestedSource: String
    /// The carried URL, as it reads after decoding; nil when the shared text carries none.
    public var carriedURL: String?
    /// The query parameter that holds the carried URL or text.
    public var parameter: String
  }

  private struct Target {
    var network: String
    var source: String
    var hosts: Set<String>
    var paths: [String]
    /// Parameters holding a URL, tried first, then parameters holding free text.
    var urlParameters: [String]
    var textParameters: [String]
  }

  private static let targets: [Target] = [
    Target(
      network: "WhatsApp", source: "whatsapp", hosts: ["wa.me", "api.whatsapp.com", "web.whatsapp.com", "whatsapp.com", "www.whatsapp.com"],
      paths: ["", "/", "/send", "/send/"], urlParameters: [], textParameters: ["text"]),
    Target(
      network: "X", source: "x", hosts: ["twitter.com", "www.twitter.com", "x.com", "www.x.com", "mobile.twitter.com"],
      paths: ["/intent/tweet", "/intent/post", "/share"], urlParameters: ["url"], textParameters: ["text"]),
    Target(
      network: "Facebook", source: "facebook", hosts: ["facebook.com", "www.facebook.com", "m.facebook.com"],
      paths: ["/sharer/sharer.php", "/sharer.php", "/share.php"], urlParameters: ["u", "href"], textParameters: []),
    Target(
      network: "LinkedIn", source: "linkedin", hosts: ["linkedin.com", "www.linkedin.com"],
      paths: ["/sharing/share-offsite", "/sharing/share-offsite/", "/shareArticle"], urlParameters: ["url"], textParameters: ["summary"]),
    Target(
      network: "Telegram", source: "telegram", hosts: ["t.me", "telegram.me"],
      paths: ["/share/url", "/share"], urlParameters: ["url"], textParameters: ["text"]),
  ]

  /// ``targets`` by host (no host is in two): a link's host is hashed once, not once a network.
  private static let targetsByHost: [String: Target] = Dictionary(
    uniqueKeysWithValues: targets.flatMap { target in target.hosts.map { ($0, target) } })

  /// The share `url` makes, if it is a share link.
  public static func share(of url: LinkURL) -> Share? {
    switch url.scheme {
    case "mailto":
      return carried(in: url, network: "e-mail", source: "email-forward", urlParameters: [], textParameters: ["body"])
    case "sms", "smsto":
      return carried(in: url, network: "SMS", source: "sms-forward", urlParameters: [], textParameters: ["body"])
    case "whatsapp":
      guard url.path.isEmpty || url.host == "send" else { return nil }
      return carried(in: url, network: "WhatsApp", source: "whatsapp", urlParameters: [], textParameters: ["text"])
    case "http", "https":
      guard let host = url.host, let target = targetsByHost[host] else { return nil }
      let path = url.path
      let isPhoneChat = target.source == "whatsapp" && host == "wa.me" && path.dropFirst().allSatisfy(\.isNumber)
      guard target.paths.contains(path) || isPhoneChat else { return nil }
      return carried(in: url, network: target.network, source: target.source, urlParameters: target.urlParameters, textParameters: target.textParameters)
    default:
      return nil
    }
  }

  private static func carried(
    in url: LinkURL, network: String, source: String, urlParameters: [String], textParameters: [String]
  ) -> Share? {
    let parameters = url.queryParameters
    for name in urlParameters {
      if let value = parameters.first(where: { $0.key.lowercased() == name.lowercased() })?.value, !value.isEmpty {
        return Share(network: network, suggestedSource: source, carriedURL: value.trimmingCharacters(in: ""), parameter: name)
      }
    }
    for name in textParameters {
      guard let value = parameters.first(where: { $0.key.lowercased() == name.lowercased() })?.value else { continue }
      if let carried = firstURL(in: value) {
        return Share(network: network, suggestedSource: source, carriedURL: carried, parameter: name)
      }
      // "Text us: sms:…?body=Hi" writes a message; it shares no link.
      if url.scheme != "http" && url.scheme != "https" { return nil }
      return Share(network: network, suggestedSource: source, carriedURL: nil, parameter: name)
    }
    // A share button whose parameter is missing shares nothing a reader could click.
    let isShareButton = url.scheme == "http" || url.scheme == "https"
    return isShareButton ? Share(network: network, suggestedSource: source, carriedURL: nil, parameter: (urlParameters + textParameters).first ?? "") : nil
  }

  /// The first `http(s)://` URL in free text, with the punctuation that ends a sentence left out.
  static func firstURL(in text: String) -> String? {
    let candidates = [text.range(of: "https://"), text.range(of: "http://")].compactMap { $0 }
    guard let start = candidates.min(by: { $0.lowerBound < $1.lowerBound }) else { return nil }
    var url = String(text[start.lowerBound...].prefix { !$0.isWhitespace && $0 != "\"" && $0 != "<" && $0 != ">" })
    while let last = url.last, ".,;:!?')]".contains(last) {
      if last == ")", url.filter({ $0 == "(" }).count >= url.filter({ $0 == ")" }).count { break }
      url.removeLast()
    }
    return url
  }
}

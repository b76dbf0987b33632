import DarkshareCore
import DarkshareJudgement
import Foundation

/// Builds the URL a link should have: its attribution readable and complete.
///
/// Whitespace and `&amp;` leftovers are removed, a second `?` and a path `&` become query
/// separators, miscased keys take the required case, campaign keys move out of the fragment,
/// the first of conflicting duplicates is kept, and missing or empty required keys get the
/// document's usual values; `http://` becomes `https://`, and a scheme-less host
/// (`www.shop.example/x`) gets `https://`. Personal data that `pii-in-url` reports is left out:
/// a parameter carrying an e-mail address or a phone number (or, in a template, a merge tag
/// that renders one) is dropped, and an address or number in the path or fragment becomes
/// `REMOVED`. Every other parameter keeps its place and spelling.
///
/// With `--resolve`, the link is judged by the destination its redirects reach, but the values
/// it should carry are its own: the campaign values written in the link (or a hop before the
/// destination) are suggested ahead of the document's usual ones, so a redirect that drops
/// `utm_campaign=may` gets `utm_campaign=may` back, not the file's stem.
///
/// ```
/// https://shop.example/sale?UTM_Source=nl&utm_medium=#top
/// → https://shop.example/sale?utm_source=nl&utm_medium=email&utm_campaign=spring#top
/// ```
enum URLRepair {
  /// The repaired form of `link`'s judged URL, or nil when nothing would change. For a share
  /// link, the share link itself with its carried URL repaired (tagged for the network).
  static func repaired(_ link: JudgedLink, in context: RuleContext) -> String? {
    guard let memo = context.repairOfCheckedLink else { return making(link, in: context) }
    return memo.value { making(link, in: context) }
  }

  /// ``repaired(_:in:)``, made.
  private static func making(_ link: JudgedLink, in context: RuleContext) -> String? {
    var context = context
    for (key, value) in writtenCampaignValues(of: link, policy: context.policy) { context.suggestedValues[key] = value }
    guard let share = link.share else { return repairedURL(link, in: context) }
    var shareContext = context
    shareContext.suggestedValues["utm_source"] = share.suggestedSource
    shareContext.suggestedValues["utm_medium"] = Self.medium(forShare: share)
    guard let carried = share.carriedURL, let fixed = repairedURL(link, in: shareContext) else { return nil }
    return rewrap(link.link.url, parameter: share.parameter, replacing: carried, with: fixed)
  }

  /// The required campaign values a resolved link carries before its destination: in the URL
  /// as written, then in each redirect hop, the first non-empty value of each key (a merge tag
  /// is not a value in sent mail). Empty for a link `--resolve` did not follow.
  private static func writtenCampaignValues(of link: JudgedLink, policy: JudgementPolicy) -> [String: String] {
    guard let hops = link.resolution?.hops, !hops.isEmpty else { return [:] }
    var values = [String: String]()
    for url in [link.link.url] + hops.dropLast() {
      for parameter in LinkURL(url).queryParameters where policy.requiredParameters.contains(parameter.key) {
        guard values[parameter.key] == nil, let value = parameter.value, !value.isEmpty,
          !(parameter.valueIsPlaceholder && link.link.isSent)
        else { continue }
        values[parameter.key] = value
      }
    }
    return values
  }

  /// `social` for the social networks (GA4's Organic Social), `email` / `sms` for forwards.
  static func medium(forShare share: ShareLinkRecognizer.Share) -> String {
    switch share.network {
    case "e-mail": "email"
    case "SMS": "sms"
    default: "social"
    }
  }

  /// The share link with `old` replaced by `new` inside its `parameter` value, re-encoded.
  private static func rewrap(_ shareLink: String, parameter: String, replacing old: String, with new: String) -> String? {
    let url = LinkURL(shareLink)
    guard let pair = url.queryParameters.first(where: { $0.key.lowercased() == parameter.lowercased() }),
      let raw = pair.rawValue, let value = pair.value
    else { return nil }
    let rewritten = value.replacingFirst(old, with: new)
    let encoded = rewritten.addingPercentEncoding(withAllowedCharacters: .urlUnreserved) ?? rewritten
    return shareLink.replacingFirst(pair.rawKey + "=" + raw, with: pair.rawKey + "=" + encoded)
  }

  /// The repaired form of the judged URL itself.
  private static func repairedURL(_ link: JudgedLink, in context: RuleContext) -> String? {
    var text = link.judgedURL.removingWhitespaceOutsideMergeTags
    if link.judgedURL.scheme == "http" { text = "https" + text.drop { $0 != ":" } }
    if link.kind == .relative, looksLikeHost(text) { text = "https://" + text }
    while text.containsBytes(of: "&amp;") { text = text.replacingFirst("&amp;", with: "&") }
    // Mostly nothing above changed the URL, and a LinkURL is all derived from its string.
    var url = text == link.judgedURL.string ? link.judgedURL : LinkURL(text)
    if !url.hasQuery, url.path.utf8.contains(UInt8(ascii: "&")), let ampersand = text.firstIndex(of: "&") {
      text.replaceSubrange(ampersand...ampersand, with: "?")
      url = LinkURL(text)
    }
    if let query = url.query, query.utf8.contains(UInt8(ascii: "?")) {
      // An ASCII query (nearly every one) on its bytes; others by Foundation, which leaves a `?`
      // that a combining mark joins.
      let separated =
        query.utf8.isAllASCII
        ? String(decoding: query.utf8.map { $0 == UInt8(ascii: "?") ? UInt8(ascii: "&") : $0 }, as: UTF8.self)
        : query.replacingOccurrences(of: "?", with: "&")
      text = rebuilt(url, query: separated)
      url = LinkURL(text)
    }
    let policy = context.policy
    var pairs: [(key: String, value: String?)] = []
    var seen = Set<String>()
    let inTemplate = !link.link.isSent
    for parameter in url.queryParameters where !PersonalData.isPersonal(parameter, inTemplate: inTemplate) {
      let key = policy.requiredParameters.first { $0.lowercased() == parameter.key.lowercased() } ?? parameter.rawKey
      guard seen.insert(key).inserted else { continue }
      pairs.append((key, parameter.rawValue))
    }
    var fragment = url.fragment
    let fragmentParameters = url.fragmentParameters
    let campaignInFragment = fragmentParameters.filter { policy.isCampaignKey($0.key) }
    if !campaignInFragment.isEmpty {
      for parameter in campaignInFragment where seen.insert(parameter.key).inserted {
        pairs.append((parameter.rawKey, parameter.rawValue))
      }
      let kept = fragmentParameters.filter { !policy.isCampaignKey($0.key) && !PersonalData.isPersonal($0, inTemplate: inTemplate) }
        .map { $0.rawKey + ($0.rawValue.map { "=" + $0 } ?? "") }
      let route = fragment.flatMap { text in text.firstIndex(of: "?").map { String(text[..<$0]) } }
      fragment = route.map { kept.isEmpty ? $0 : $0 + "?" + kept.joined(separator: "&") }
        ?? (kept.isEmpty ? nil : kept.joined(separator: "&"))
    }
    for key in policy.requiredParameters {
      let suggestion = context.value(for: key, on: link)
      if let index = pairs.firstIndex(where: { $0.key == key }) {
        if (pairs[index].value ?? "").isEmpty { pairs[index].value = suggestion }
      } else {
        pairs.append((key, suggestion))
      }
    }
    let query = pairs.map { $0.key + ($0.value.map { "=" + $0 } ?? "") }.joined(separator: "&")
    // `https://shop.example?x` works, but the canonical form has a path: `https://shop.example/?x`.
    let path = url.host != nil && url.path.isEmpty ? "/" : ""
    let result = PersonalData.removing(from: base(of: url)) + path + "?" + query
      + (fragment.map { "#" + PersonalData.removing(from: $0) } ?? "")
    return result == link.judgedURL.string ? nil : result
  }

  /// `www.shop.example/sale`: a relative reference whose first segment is a domain name.
  static func looksLikeHost(_ text: String) -> Bool {
    guard let first = text.split(separator: "/", omittingEmptySubsequences: false).first else { return false }
    return first.contains(".") && !first.hasPrefix(".") && !first.contains("?") && !first.contains("#")
  }

  private static func base(of url: LinkURL) -> String {
    let string = url.string
    let cut = string.utf8.firstIndex { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? string.endIndex
    return String(string[..<cut])
  }

  private static func rebuilt(_ url: LinkURL, query: String) -> String {
    base(of: url) + "?" + query + (url.fragment.map { "#" + $0 } ?? "")
  }
}

extension CharacterSet {
  /// RFC 3986's unreserved characters: everything else is percent-encoded in a parameter value.
  static let urlUnreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}

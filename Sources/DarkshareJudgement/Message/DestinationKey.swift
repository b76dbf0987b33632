import DarkshareJudgement

/// A destination as the two parts of a message would both write it: what `part-mismatch`
/// compares instead of the URL strings.
///
/// `https://Shop.example/sale/?utm_source=nl&id=4#top` and `http://shop.example/sale?id=4`
/// have the same key: scheme (`http` for both web schemes), lower-cased host, path without a
/// trailing `/`, and the remaining query parameters sorted.
struct DestinationKey: Hashable {
  var host: String
  var path: String
  var query: [String]

  /// The key of `link`'s judged URL (the unwrapped destination); nil for links that are not
  /// absolute web links, and for share links, whose carried URL is tagged for the network.
  init?(_ link: JudgedLink, policy: JudgementPolicy) {
    let url = link.judgedURL
    guard link.kind == .web, link.share == nil, let host = url.host, url.scheme == "http" || url.scheme == "https" else {
      return nil
    }
    self.host = host
    path = url.path.hasSuffix("/") ? String(url.path.dropLast()) : url.path
    query = url.queryParameters
      .filter { !policy.isCampaignKey($0.key) && TrackingParameter.named($0.key) == nil }
      .map { $0.key + "=" + ($0.value ?? "") }
      .sorted()
  }
}

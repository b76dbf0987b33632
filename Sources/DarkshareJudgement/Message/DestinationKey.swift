/// A destination as the two parts of a message would both write it: what `part-mismatch` and
/// a text link's HTML twin (``ServiceTwins``) compare instead of the URL strings.
///
/// `https://Shop.example/sale/?utm_source=nl&id=4#top` and `http://shop.example/sale?id=4`
/// have the same key: scheme (`http` for both web schemes), lower-cased host, path without a
/// trailing `/`, and the query parameters other than campaign, click and recipient ones, sorted.
public struct DestinationKey: Hashable, Sendable {
  var host: String
  var path: String
  var query: [String]

  /// The key of `link`'s judged URL (the unwrapped destination); nil for links that are not
  /// absolute web links, and for share links, whose carried URL is tagged for the network.
  public init?(_ link: JudgedLink, policy: JudgementPolicy) {
    guard link.kind == .web, link.share == nil else { return nil }
    self.init(link.judgedURL, policy: policy)
  }

  /// The key of an absolute `http`/`https` URL; nil for any other.
  init?(_ url: LinkURL, policy: JudgementPolicy) {
    guard let host = url.host, url.scheme == "http" || url.scheme == "https" else { return nil }
    self.host = host
    path = url.path.hasSuffix("/") ? String(url.path.dropLast()) : url.path
    query = url.queryParameters
      .filter { !policy.isCampaignKey($0.key) && TrackingParameter.named($0.key) == nil }
      .map { $0.key + "=" + ($0.value ?? "") }
      .sorted()
  }
}

import DarkshareCore

/// A link with everything the rules need: what kind of link it is, the URL judged (the
/// destination, when a wrapper was decoded), its attribution and its status.
public struct JudgedLink: Sendable {
  /// What a link is, before its attribution is considered.
  public enum Kind: Sendable, Hashable {
    /// An absolute `http`/`https` link (or protocol-relative `//host`).
    case web
    /// A relative reference (`/blog`, `www.example.com/x`): nothing to resolve it against in mail.
    case relative
    /// Another scheme: `mailto:`, `tel:`, `sms:`, `javascript:`, `data:`, ….
    case nonWeb(scheme: String)
    /// A same-document anchor (`#top`) or an empty `href`.
    case anchor
    /// Unsubscribe, view in browser, preferences, forward to a friend.
    case service(ServiceLinkRecognizer.Service)
    /// The destination is a template placeholder (`{{ product.url }}`).
    case template
    /// A click-tracking or security redirect whose destination only the service knows.
    case opaqueRedirect(service: String)
    /// A URL shortener.
    case shortener(service: String)
    /// Matched an `ignore` pattern of the configuration.
    case ignored
    /// Points outside the configured own domains (with `other-domains: exclude`).
    case outOfScope
  }

  public var link: Link
  public var kind: Kind
  /// The URL whose attribution is judged: the decoded destination, or the link itself.
  public var judgedURL: LinkURL
  /// The decoded destination, when the link is a decodable redirect wrapper.
  public var destination: String?
  /// The destination's host when an opaque wrapper names only that (Mimecast `?domain=`);
  /// the full destination, and so its attribution, stays unknown.
  public var destinationHost: String?
  /// The decodable wrappers peeled off to reach the destination, outermost first.
  public var wrappers: [String]
  public var attribution: Attribution
  public var status: LinkStatus
  /// The share this link makes ("share on WhatsApp", `mailto:?body=`), when it is a share
  /// link: the judged URL is then the URL it carries.
  public var share: ShareLinkRecognizer.Share?
  /// What `--resolve` found by following the link's redirects, when it was resolved.
  public var resolution: Resolution?
  /// Whether the link points at one of the configured own domains (always true without any);
  /// findings on other links are reported at `info` under `other-domains: report`.
  public var isOwnDomain = true
  /// Why the link's host is taken for a click tracker, when no reference lists it but the
  /// message's links show it (``InferredTracker``).
  public var inferredTracker: InferredTracker?

  /// The redirect or shortening service to name in reports, if any.
  public var service: String? {
    switch kind {
    case .opaqueRedirect(let service), .shortener(let service): service
    default: wrappers.isEmpty ? nil : wrappers.joined(separator: " → ")
    }
  }

  /// Whether only the network can show where the link goes (a shortener or opaque redirect),
  /// so `--resolve` should follow it.
  public var needsResolution: Bool {
    switch kind {
    case .opaqueRedirect, .shortener: true
    default: false
    }
  }

  /// Whether the link is an outbound web link whose attribution matters (not excluded).
  public var isOutbound: Bool { status != .excluded }
}

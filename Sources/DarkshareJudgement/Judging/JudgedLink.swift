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

  /// The fields, held in one box: a judged link is copied into and out of arrays by every
  /// rule, fact and report, and copying the box is one retain where copying the fields was
  /// dozens (its strings, arrays and URL). Copied on write, so it behaves as a value; fields
  /// are read in place (`_read`), not copied out of the box. The read accessors are
  /// `@inlinable`: the rules and reports read them from other modules, where a `_read` called
  /// through the module boundary allocated its coroutine frame on the heap for the larger
  /// fields (`attribution`, `share`), a malloc for every read.
  ///
  /// The fields are not checked for overlapping access at run time: the box is reached only
  /// through a `JudgedLink`, whose own accesses the compiler checks, and it is made unique
  /// before any change, so no two accesses to one box can overlap. The run-time check was a
  /// call on every read of every field (rules read them dozens of times a link).
  @usableFromInline final class Fields: @unchecked Sendable {
    @exclusivity(unchecked) @usableFromInline var link: Link
    @exclusivity(unchecked) @usableFromInline var kind: Kind
    @exclusivity(unchecked) @usableFromInline var judgedURL: LinkURL
    @exclusivity(unchecked) @usableFromInline var destination: String? = nil
    @exclusivity(unchecked) @usableFromInline var destinationHost: String? = nil
    @exclusivity(unchecked) @usableFromInline var wrappers: [String]
    @exclusivity(unchecked) @usableFromInline var attribution: Attribution
    @exclusivity(unchecked) @usableFromInline var status: LinkStatus
    @exclusivity(unchecked) @usableFromInline var share: ShareLinkRecognizer.Share? = nil
    @exclusivity(unchecked) @usableFromInline var resolution: Resolution? = nil
    @exclusivity(unchecked) @usableFromInline var isOwnDomain: Bool = true
    @exclusivity(unchecked) @usableFromInline var inferredTracker: InferredTracker? = nil

    init(
      link: Link, kind: Kind, judgedURL: LinkURL, destination: String?, wrappers: [String], attribution: Attribution,
      status: LinkStatus
    ) {
      self.link = link
      self.kind = kind
      self.judgedURL = judgedURL
      self.destination = destination
      self.wrappers = wrappers
      self.attribution = attribution
      self.status = status
    }

    func copy() -> Fields {
      let copy = Fields(
        link: link, kind: kind, judgedURL: judgedURL, destination: destination, wrappers: wrappers,
        attribution: attribution, status: status)
      copy.destinationHost = destinationHost
      copy.share = share
      copy.resolution = resolution
      copy.isOwnDomain = isOwnDomain
      copy.inferredTracker = inferredTracker
      return copy
    }
  }

  @usableFromInline var fields: Fields

  public init(
    link: Link, kind: Kind, judgedURL: LinkURL, destination: String?, wrappers: [String], attribution: Attribution,
    status: LinkStatus
  ) {
    fields = Fields(
      link: link, kind: kind, judgedURL: judgedURL, destination: destination, wrappers: wrappers, attribution: attribution,
      status: status)
  }

  /// The box, this value's own before it is changed.
  private mutating func uniqueFields() -> Fields {
    if !isKnownUniquelyReferenced(&fields) { fields = fields.copy() }
    return fields
  }

  public var link: Link {
    @inlinable _read { yield fields.link }
    _modify { yield &uniqueFields().link }
  }

  public var kind: Kind {
    @inlinable _read { yield fields.kind }
    _modify { yield &uniqueFields().kind }
  }

  /// The URL whose attribution is judged: the decoded destination, or the link itself.
  public var judgedURL: LinkURL {
    @inlinable _read { yield fields.judgedURL }
    _modify { yield &uniqueFields().judgedURL }
  }

  /// The decoded destination, when the link is a decodable redirect wrapper.
  public var destination: String? {
    @inlinable _read { yield fields.destination }
    _modify { yield &uniqueFields().destination }
  }

  /// The destination's host when an opaque wrapper names only that (Mimecast `?domain=`);
  /// the full destination, and so its attribution, stays unknown.
  public var destinationHost: String? {
    @inlinable _read { yield fields.destinationHost }
    _modify { yield &uniqueFields().destinationHost }
  }

  /// The decodable wrappers peeled off to reach the destination, outermost first.
  public var wrappers: [String] {
    @inlinable _read { yield fields.wrappers }
    _modify { yield &uniqueFields().wrappers }
  }

  public var attribution: Attribution {
    @inlinable _read { yield fields.attribution }
    _modify { yield &uniqueFields().attribution }
  }

  public var status: LinkStatus {
    @inlinable _read { yield fields.status }
    _modify { yield &uniqueFields().status }
  }

  /// The share this link makes ("share on WhatsApp", `mailto:?body=`), when it is a share
  /// link: the judged URL is then the URL it carries.
  public var share: ShareLinkRecognizer.Share? {
    @inlinable _read { yield fields.share }
    _modify { yield &uniqueFields().share }
  }

  /// What `--resolve` found by following the link's redirects, when it was resolved.
  public var resolution: Resolution? {
    @inlinable _read { yield fields.resolution }
    _modify { yield &uniqueFields().resolution }
  }

  /// Whether the link points at one of the configured own domains (always true without any);
  /// findings on other links are reported at `info` under `other-domains: report`.
  public var isOwnDomain: Bool {
    @inlinable _read { yield fields.isOwnDomain }
    _modify { yield &uniqueFields().isOwnDomain }
  }

  /// Why the link's host is taken for a click tracker, when no reference lists it but the
  /// message's links show it (``InferredTracker``).
  public var inferredTracker: InferredTracker? {
    @inlinable _read { yield fields.inferredTracker }
    _modify { yield &uniqueFields().inferredTracker }
  }

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

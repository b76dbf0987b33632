/// A query parameter that carries attribution or identifies a click or a recipient, with the
/// privacy features that strip it. The instances are sourced facts (``all``).
public struct TrackingParameter: Sendable, Hashable {
  /// What a parameter identifies.
  public enum Kind: String, Sendable, Hashable {
    /// Campaign-level: the same for every recipient, so it still attributes a forwarded visit.
    case campaign
    /// A per-click or per-impression id from an ad or link platform.
    case clickIdentifier = "click id"
    /// Identifies the original recipient: a privacy leak when the link is forwarded.
    case recipientIdentifier = "recipient id"
    /// Linker, share or affiliate parameters, or unclear purpose.
    case other
  }

  /// The parameter name (without the `*` of a prefix entry).
  public let name: String
  /// Whether ``name`` is a prefix (`utm_`, `hsa_`) rather than a whole name.
  public let matchesPrefix: Bool
  public let kind: Kind
  /// Who uses the parameter.
  public let vendor: String
  /// The privacy features that remove the parameter.
  public let strippedBy: [Stripper]
  /// Keys into ``ReferenceSource/all``.
  public let sources: [String]

  /// Whether a privacy feature that is on by default in the channels dark shares travel through
  /// (Apple Mail and Messages, Firefox's query stripping, Brave's navigation filter) removes it.
  public var isStrippedInDarkChannels: Bool {
    strippedBy.contains(where: \.isOnInDarkChannels)
  }

  /// The reference entry for a query key, matched case-sensitively as Brave and the
  /// reference do; whole names win over prefixes.
  public static func named(_ key: String) -> TrackingParameter? {
    byName[key] ?? prefixed.first { key.hasPrefix($0.name) }
  }

  private static let byName: [String: TrackingParameter] = Dictionary(
    all.filter { !$0.matchesPrefix }.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
  private static let prefixed = all.filter(\.matchesPrefix)
}

/// A privacy feature that removes query parameters from links.
public enum Stripper: String, Sendable, Hashable, CaseIterable {
  case appleLtp, firefoxQps, firefoxCopyCleanLink, braveQueryFilter, braveCopyCleanLink
  case clearurls, adguardUrlTracking, duckduckgo

  /// On by default where dark shares are opened: Apple Link Tracking Protection (Mail,
  /// Messages, Safari Private Browsing), Firefox Query Parameter Stripping and Brave's
  /// navigation filter. Copy-clean-link features and extensions need the user to act.
  public var isOnInDarkChannels: Bool {
    self == .appleLtp || self == .firefoxQps || self == .braveQueryFilter
  }
}

/// Where a reference fact comes from.
public struct ReferenceSource: Sendable, Hashable {
  public let title: String
  public let location: String

  /// The source a reference entry cites by `key`.
  public static func named(_ key: String) -> ReferenceSource? {
    all[key]
  }
}

/// What a link's URL carries for attribution, read the way an analytics tool reads it.
public struct Attribution: Sendable, Hashable {
  /// A way a query is written that analytics tools misread or that breaks when shared.
  public enum Malformation: Sendable, Hashable {
    /// A second `?`: everything after it is part of the previous value.
    case secondQuestionMark
    /// `&amp;` left in the URL (written `&amp;amp;` in HTML): the next key becomes `amp;key`.
    case doubleEscapedAmpersand
    /// Whitespace inside the URL: a link pasted into a message breaks there.
    case whitespace
    /// The same key twice with different values: tools disagree on which one counts.
    case conflictingDuplicate(key: String, values: [String])
    /// Parameters after `&` in the path with no `?`: they are not a query at all.
    case parametersInPath
  }

  /// A required key written in another case (`UTM_Source` for `utm_source`).
  public struct Miscased: Sendable, Hashable {
    public var required: String
    public var written: String
  }

  /// A required key that is in the URL but that a malformation hides from analytics.
  public struct Unreadable: Sendable, Hashable {
    public var required: String
    public var cause: Malformation
  }

  /// The query's parameters, in order.
  public var parameters: [QueryParameter] = []
  /// The first value of each required key present in its exact case.
  public var values: [String: String] = [:]
  /// Required keys absent in every form (not miscased, unreadable or in the fragment).
  public var missing: [String] = []
  /// Required keys present with an empty value.
  public var empty: [String] = []
  public var miscased: [Miscased] = []
  public var unreadable: [Unreadable] = []
  /// Campaign keys found only in the `#fragment`, which analytics does not read.
  public var onlyInFragment: [String] = []
  public var malformations: [Malformation] = []
  /// Reference entries for the click, recipient and other tracking ids in the query.
  public var identifiers: [TrackingParameter] = []
  /// Whether the query carries a readable campaign parameter of any case.
  public var hasCampaignParameters = false

  /// Every required key present, exactly cased, with a non-empty value.
  public var isComplete = false

  /// The ids that default-on privacy features strip in the channels dark shares travel through.
  public var strippedIdentifiers: [TrackingParameter] {
    identifiers.filter(\.isStrippedInDarkChannels)
  }

  /// The ids that identify the recipient.
  public var recipientIdentifiers: [TrackingParameter] {
    identifiers.filter { $0.kind == .recipientIdentifier }
  }
}

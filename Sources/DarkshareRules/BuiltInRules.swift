/// Every rule darkshare ships, in the order findings are reported for a link.
///
/// `RegistryTests` fails when a file under `Rules/` is missing here.
public enum BuiltInRules {
  /// Rules that judge one link at a time.
  public static let linkRules: [any Rule.Type] = [
    UntaggedLinkRule.self,
    MissingCampaignParameterRule.self,
    EmptyCampaignValueRule.self,
    CampaignKeyCaseRule.self,
    UTMInFragmentRule.self,
    MalformedQueryRule.self,
    ClickIDOnlyRule.self,
    RecipientIDInLinkRule.self,
    PIIInURLRule.self,
    TemplateURLRule.self,
    UnrenderedMergeTagRule.self,
    OpaqueRedirectRule.self,
    ShortenedLinkRule.self,
    RelativeLinkRule.self,
    InsecureLinkRule.self,
    ValueConventionRule.self,
    ChannelMismatchRule.self,
    UntaggedShareLinkRule.self,
    ParametersLostInRedirectRule.self,
    UnmappedMediumRule.self,
  ]

  /// Rules that need a whole document or message.
  public static let documentRules: [any DocumentRule.Type] = [
    InconsistentCampaignRule.self,
    PartMismatchRule.self,
  ]

  /// The descriptions of every rule, sorted by identifier.
  public static var descriptions: [RuleDescription] {
    (linkRules.map { $0.description } + documentRules.map { $0.description }).sorted { $0.identifier < $1.identifier }
  }

  /// The description of the rule named `identifier`, if there is one.
  public static func description(of identifier: String) -> RuleDescription? {
    descriptions.first { $0.identifier == identifier }
  }
}

/// What the judgement requires of a link; the defaults are SPEC §2's.
public struct JudgementPolicy: Sendable, Hashable {
  /// The campaign parameters a link must carry, in the exact case analytics reads them.
  public var requiredParameters: [String]

  public init(requiredParameters: [String] = ["utm_source", "utm_medium", "utm_campaign"]) {
    self.requiredParameters = requiredParameters
  }

  /// Whether `key` (any case) is a campaign parameter: a `utm_` key or a required one.
  public func isCampaignKey(_ key: String) -> Bool {
    let lowered = key.lowercased()
    return lowered.hasPrefix("utm_") || requiredParameters.contains { $0.lowercased() == lowered }
  }
}

import DarkshareCore
import Testing

@testable import DarkshareJudgement

/// A campaign key is a `utm_` key or a required one, in any case: compared byte by byte for an
/// ASCII key, by Unicode lower-casing otherwise, with the same answers.
@Suite struct JudgementPolicyTests {
  private func policy(requiring required: [String]) -> JudgementPolicy {
    var configuration = Configuration.default
    configuration.requiredParameters = required
    return JudgementPolicy(configuration: configuration)
  }

  @Test(arguments: [
    ("utm_source", true), ("UTM_Source", true), ("Utm_anything", true), ("utm_", true), ("utm", false),
    ("ref", true), ("REF", true), ("reference", false), ("ütm_source", false), ("gclid", false), ("", false),
  ])
  func campaignKeysAreRecognisedInAnyCase(_ key: String, _ isCampaign: Bool) {
    #expect(policy(requiring: ["utm_source", "utm_medium", "ref"]).isCampaignKey(key) == isCampaign, "\(key)")
  }

  /// The Kelvin sign lower-cases to an ASCII `k`: a key or a required name holding it is
  /// compared as `lowercased()` compares it.
  @Test func aNonASCIIKeyOrNameIsComparedByLowerCasing() {
    #expect(policy(requiring: ["\u{212A}ey"]).isCampaignKey("KEY"))
    #expect(policy(requiring: ["key"]).isCampaignKey("\u{212A}ey"))
    #expect(!policy(requiring: ["key"]).isCampaignKey("k\u{301}ey"))
  }

  /// Required names set after the policy was made count, and so do names longer than a key.
  @Test func requiredNamesSetLaterOrLongAreRecognised() {
    var later = policy(requiring: ["a"])
    later.requiredParameters = ["campaign_id"]
    #expect(later.isCampaignKey("Campaign_ID"))
    #expect(!later.isCampaignKey("a"))
    let long = String(repeating: "x", count: 40)
    #expect(policy(requiring: [long]).isCampaignKey(long.uppercased()))
    #expect(!policy(requiring: [long]).isCampaignKey(long + "x"))
  }
}

import DarkshareJudgement
import Testing

/// The cases of `shared/reference/ga4-channels.md` §0, §4 and §5, one a row, with the section
/// each comes from.
@Suite struct GA4ChannelGroupingTests {
  typealias Channel = GA4ChannelGrouping.Channel

  struct Case: CustomTestStringConvertible, Sendable {
    var source: String
    var medium: String
    var campaign: String = "may"
    var channel: Channel
    var testDescription: String { "source=\(source) medium=\(medium) campaign=\(campaign) → \(channel.rawValue)" }
  }

  static let cases: [Case] = [
    // §5: the Email spellings, in any case (§3).
    Case(source: "mailchimp", medium: "email", channel: .email),
    Case(source: "mailchimp", medium: "e-mail", channel: .email),
    Case(source: "mailchimp", medium: "e_mail", channel: .email),
    Case(source: "mailchimp", medium: "e mail", channel: .email),
    Case(source: "mailchimp", medium: "Email", channel: .email),
    Case(source: "mailchimp", medium: "EMAIL", channel: .email),
    // §5: e-mail words that match no rule.
    Case(source: "mailchimp", medium: "newsletter", channel: .unassigned),
    Case(source: "mailchimp", medium: "mail", channel: .unassigned),
    Case(source: "mailchimp", medium: "e-blast", channel: .unassigned),
    Case(source: "klaviyo", medium: "enewsletter", channel: .unassigned),
    Case(source: "mailchimp", medium: "edm", channel: .unassigned),
    Case(source: "hubspot", medium: "crm", channel: .unassigned),
    Case(source: "newsletter", medium: "mailchimp", channel: .unassigned),
    // §5: SMS is an exact match.
    Case(source: "attentive", medium: "sms", channel: .sms),
    Case(source: "attentive", medium: "SMS", channel: .sms),
    Case(source: "twilio", medium: "text", channel: .unassigned),
    Case(source: "twilio", medium: "txt", channel: .unassigned),
    Case(source: "twilio", medium: "mms", channel: .unassigned),
    Case(source: "twilio", medium: "sms-blast", channel: .unassigned),
    Case(source: "twilio", medium: "sms_campaign", channel: .unassigned),
    Case(source: "newsletter", medium: "whatsapp", channel: .unassigned),
    // §5: push, social and referral mediums.
    Case(source: "twilio", medium: "push", channel: .mobilePush),
    Case(source: "twilio", medium: "sms_push", channel: .mobilePush),
    Case(source: "twilio", medium: "sms-mobile", channel: .mobilePush),
    Case(source: "twilio", medium: "text-notification", channel: .mobilePush),
    Case(source: "firebase", medium: "newsletter", channel: .mobilePush),
    Case(source: "twilio", medium: "sm", channel: .organicSocial),
    Case(source: "twilio", medium: "social", channel: .organicSocial),
    Case(source: "mailchimp", medium: "link", channel: .referral),
    Case(source: "mailchimp", medium: "app", channel: .referral),
    // §4: sources earlier in the order than Email and SMS.
    Case(source: "whatsapp", medium: "sms", channel: .organicSocial),
    Case(source: "WhatsApp", medium: "sms", channel: .organicSocial),
    Case(source: "facebook", medium: "email", channel: .organicSocial),
    Case(source: "t.me", medium: "sms", channel: .organicSocial),
    Case(source: "bit.ly", medium: "email", channel: .organicSocial),
    Case(source: "telegram", medium: "sms", channel: .sms),
    Case(source: "signal", medium: "sms", channel: .sms),
    Case(source: "mail.google.com", medium: "email", channel: .organicSearch),
    Case(source: "gmail", medium: "email", channel: .email),
    Case(source: "outlook", medium: "email", channel: .email),
    // §4: the source half of Email and SMS.
    Case(source: "email", medium: "newsletter", channel: .email),
    Case(source: "sms", medium: "text", channel: .sms),
    // §4: the campaign-name trap; `workshop` and `bookshop` do not match.
    Case(source: "mailchimp", medium: "email", campaign: "holiday-shopping", channel: .organicShopping),
    Case(source: "mailchimp", medium: "email", campaign: "shop-now", channel: .organicShopping),
    Case(source: "mailchimp", medium: "email", campaign: "eshop-launch", channel: .organicShopping),
    Case(source: "mailchimp", medium: "email", campaign: "e-shop", channel: .organicShopping),
    Case(source: "mailchimp", medium: "email", campaign: "Shop-Now", channel: .organicShopping),
    Case(source: "mailchimp", medium: "email", campaign: "spring_shop", channel: .organicShopping),
    Case(source: "mailchimp", medium: "email", campaign: "workshop-may", channel: .email),
    Case(source: "mailchimp", medium: "email", campaign: "bookshop", channel: .email),
    // §4: cross-network, paid and video mediums.
    Case(source: "mailchimp", medium: "email", campaign: "q3-cross-network", channel: .crossNetwork),
    Case(source: "mailchimp", medium: "paid-email", channel: .paidOther),
    Case(source: "mailchimp", medium: "email-cpc", channel: .paidOther),
    Case(source: "twilio", medium: "sms-cpa", channel: .paidOther),
    Case(source: "facebook", medium: "cpc", channel: .paidSocial),
    Case(source: "mail.google.com", medium: "ppc", channel: .paidSearch),
    Case(source: "mailchimp", medium: "email", campaign: "shop-now-retargeting", channel: .organicShopping),
    Case(source: "mailchimp", medium: "retargeting", campaign: "shop-now", channel: .paidShopping),
    Case(source: "mailchimp", medium: "banner", channel: .display),
    Case(source: "mailchimp", medium: "email-video", channel: .organicVideo),
    Case(source: "mailchimp", medium: "video_newsletter", channel: .organicVideo),
    // §2: the remaining rules.
    Case(source: "(direct)", medium: "(none)", channel: .direct),
    Case(source: "mailchimp", medium: "organic", channel: .organicSearch),
    Case(source: "partner", medium: "affiliate", channel: .affiliates),
    Case(source: "partner", medium: "affiliates", channel: .unassigned),
    Case(source: "podcast", medium: "audio", channel: .audio),
    // §2.3 (secondary, 2026).
    Case(source: "chatgpt.com", medium: "ai-assistant", channel: .aiAssistant),
    // No values at all.
    Case(source: "", medium: "", campaign: "", channel: .unassigned),
  ]

  @Test(arguments: cases)
  func classifiesLikeTheReference(_ row: Case) {
    let result = GA4ChannelGrouping.classify(source: row.source, medium: row.medium, campaign: row.campaign)
    #expect(result.channel == row.channel)
    #expect(result.rule?.channel == (row.channel == .unassigned ? nil : row.channel))
  }

  /// `cpm` is on the Display list, yet it contains `cp` too: Display (rule 7) comes first.
  @Test func firstMatchWins() {
    let result = GA4ChannelGrouping.classify(source: "x", medium: "cpm", campaign: "")
    #expect(result.channel == .display)
    #expect(result.rule?.reference == "ga4-channels.md §2, rule 7")
  }

  /// §2.1: values that only contain an Email spelling reach Email only under the partial reading.
  @Test(arguments: ["email-newsletter", "newsletter_email", "emailing", "email_blast", "e-mailing"])
  func emailContainingValuesDependOnTheReading(_ medium: String) {
    #expect(GA4ChannelGrouping.classify(source: "mailchimp", medium: medium, campaign: "").channel == .unassigned)
    #expect(
      GA4ChannelGrouping.classify(source: "mailchimp", medium: medium, campaign: "", emailMatching: .contains).channel
        == .email)
  }

  /// `e-newsletter` does not contain `e-mail`, so neither reading reaches Email (§5).
  @Test func eNewsletterIsUnassignedEitherWay() {
    #expect(
      GA4ChannelGrouping.classify(source: "x", medium: "e-newsletter", campaign: "", emailMatching: .contains).channel
        == .unassigned)
  }

  /// A campaign no rule reads is read as none: every source and medium of the reference's
  /// cases, with each campaign, lands where its read campaign lands, by the same rule.
  @Test func aCampaignNoRuleReadsLandsAsNone() {
    let campaigns = [
      "may", "", "Holiday-Shopping", "shop-now", "e-shop", "eshop", "workshop", "bookshop", "Cross-Network-Q2", "crossnetwork",
      "SHOP", "shoP", "x shop", "über-shop", "shopify", "spring sale", "workshopping",
    ]
    for row in Self.cases {
      for campaign in campaigns {
        for reading in [GA4ChannelGrouping.EmailMatching.exact, .contains] {
          let written = GA4ChannelGrouping.classify(source: row.source, medium: row.medium, campaign: campaign, emailMatching: reading)
          let read = GA4ChannelGrouping.classify(
            source: row.source, medium: row.medium, campaign: GA4ChannelGrouping.campaignAsRead(campaign), emailMatching: reading)
          #expect(written.channel == read.channel, "\(row.source) \(row.medium) \(campaign)")
          #expect(written.rule?.reference == read.rule?.reference)
        }
      }
    }
    #expect(GA4ChannelGrouping.campaignAsRead("Holiday-Shopping") == "Holiday-Shopping")
    #expect(GA4ChannelGrouping.campaignAsRead("workshop") == "")
    #expect(GA4ChannelGrouping.campaignAsRead("Q2-Cross-Network") == "Q2-Cross-Network")
  }

  @Test func everyRuleCitesTheReference() {
    for rule in GA4ChannelGrouping.rules {
      #expect(rule.reference.hasPrefix("ga4-channels.md §2"))
      #expect(!rule.condition.isEmpty)
    }
    #expect(Set(GA4ChannelGrouping.rules.map(\.channel)).count == GA4ChannelGrouping.rules.count)
    #expect(!GA4ChannelGrouping.rules.contains { $0.channel == .unassigned })
  }
}

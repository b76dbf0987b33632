// Hand-written from shared/reference/ga4-channels.md (research snapshot to about Sep 2026).
// The rule text is Google's "[GA4] Default channel group" (Help answer 9756891, "Channels for
// manual traffic") as transcribed in Velir/dbt-ga4 `macros/default_channel_grouping.sql`
// (PR #282, 2023-11-03): reference §2 and §6 items 1 and 6. Google changes these rules without
// notice: re-check answer 9756891 and update the reference first, then this file.

extension GA4ChannelGrouping {
  /// The "channels for manual traffic" rules in GA4's order; the first that matches wins
  /// (reference §1, §2). Unassigned is not a rule: it is what ``classify(source:medium:campaign:emailMatching:)``
  /// returns when none matches (§2, rule 19).
  ///
  /// The Google Ads, DV360, SA360 and Merchant Center tables are left out: they read the
  /// source platform, campaign type and network type, which a URL does not carry (§1).
  // A paid rule tests the medium first: it is the cheap test, and false for nearly every link.
  public static let rules: [Rule] = [
    // §2 rule 1. Not produced by a tagged link; kept so that the table is complete.
    Rule(
      reference: "ga4-channels.md §2, rule 1", channel: .direct,
      condition: "Source exactly matches '(direct)' AND Medium is one of ('(not set)', '(none)')",
      matches: { $0.source == "(direct)" && ($0.medium == "(not set)" || $0.medium == "(none)") }),
    // §2 rule 2: overrides everything below, Email included.
    Rule(
      reference: "ga4-channels.md §2, rule 2", channel: .crossNetwork,
      condition: "Campaign Name contains 'cross-network'",
      matches: { $0.campaign.containsBytes(of: "cross-network") }),
    // §2 rules 3–6: a paid medium (PAID) with a listed source; Paid Shopping also by SHOP.
    Rule(
      reference: "ga4-channels.md §2, rule 3", channel: .paidShopping,
      condition: "(Source matches a list of shopping sites OR Campaign Name matches SHOP) AND Medium matches PAID",
      matches: { isPaid($0) && (sourceIs(.shopping, $0) || isShopCampaign($0)) }),
    Rule(
      reference: "ga4-channels.md §2, rule 4", channel: .paidSearch,
      condition: "Source matches a list of search sites AND Medium matches PAID",
      matches: { isPaid($0) && sourceIs(.search, $0) }),
    Rule(
      reference: "ga4-channels.md §2, rule 5", channel: .paidSocial,
      condition: "Source matches a list of social sites AND Medium matches PAID",
      matches: { isPaid($0) && sourceIs(.social, $0) }),
    Rule(
      reference: "ga4-channels.md §2, rule 6", channel: .paidVideo,
      condition: "Source matches a list of video sites AND Medium matches PAID",
      matches: { isPaid($0) && sourceIs(.video, $0) }),
    // §2 rule 7.
    Rule(
      reference: "ga4-channels.md §2, rule 7", channel: .display,
      condition: "Medium is one of ('display', 'banner', 'expandable', 'interstitial', 'cpm')",
      matches: { ["display", "banner", "expandable", "interstitial", "cpm"].contains($0.medium) }),
    // §2 rule 8: any medium containing `cp` (`email-cpa`) or starting with `paid` (`paid-email`).
    Rule(
      reference: "ga4-channels.md §2, rule 8", channel: .paidOther,
      condition: "Medium matches PAID",
      matches: { isPaid($0) }),
    // §2 rule 9 and §4: the campaign-name trap (`holiday-shopping`, `shop-now`, `e-shop`).
    Rule(
      reference: "ga4-channels.md §2, rule 9", channel: .organicShopping,
      condition: "Source matches a list of shopping sites OR Campaign Name matches SHOP",
      matches: { sourceIs(.shopping, $0) || isShopCampaign($0) }),
    // §2 rule 10 and §4: the source trap (`whatsapp`, `facebook`, `bit.ly` …). The medium list is
    // exact: `sms` is not `sm` (dbt-ga4#237).
    Rule(
      reference: "ga4-channels.md §2, rule 10", channel: .organicSocial,
      condition: "Source matches a list of social sites OR Medium is one of ('social', 'social-network', 'social-media', 'sm', 'social network', 'social media')",
      matches: {
        sourceIs(.social, $0)
          || ["social", "social-network", "social-media", "sm", "social network", "social media"].contains($0.medium)
      }),
    // §2 rule 11: any medium containing `video`.
    Rule(
      reference: "ga4-channels.md §2, rule 11", channel: .organicVideo,
      condition: "Source matches a list of video sites OR Medium matches regex ^(.*video.*)$",
      matches: { sourceIs(.video, $0) || $0.medium.containsBytes(of: "video") }),
    // §2 rule 12 and §4: `mail.google.com` and other webmail hosts are on the *search* list.
    Rule(
      reference: "ga4-channels.md §2, rule 12", channel: .organicSearch,
      condition: "Source matches a list of search sites OR Medium exactly matches 'organic'",
      matches: { sourceIs(.search, $0) || $0.medium == "organic" }),
    // §2.3 (secondary, announced 2026-05-13): one summary gives "Medium exactly ai-assistant",
    // listed after Organic Search and before Referral. Its place is unverified; no other rule
    // matches that medium, so the place matters only for a source on a list.
    Rule(
      reference: "ga4-channels.md §2.3", channel: .aiAssistant,
      condition: "Medium exactly matches 'ai-assistant'",
      matches: { $0.medium == "ai-assistant" }),
    // §2 rule 13: `utm_medium=link` is Referral. Runs before Email in the Nov 2023 order (some
    // later summaries put Email first; only `utm_source=email&utm_medium=link` tells them apart).
    Rule(
      reference: "ga4-channels.md §2, rule 13", channel: .referral,
      condition: "Medium is one of ('referral', 'app', 'link')",
      matches: { ["referral", "app", "link"].contains($0.medium) }),
    // §2 rule 14 and §2.1: exact or partial match is unverified; see `EmailMatching`.
    Rule(
      reference: "ga4-channels.md §2, rule 14", channel: .email,
      condition: "Source = email|e-mail|e_mail|e mail OR Medium = email|e-mail|e_mail|e mail",
      matches: { isEmailValue($0.source, $0.emailMatching) || isEmailValue($0.medium, $0.emailMatching) }),
    // §2 rule 15 (the first GA4 version also accepted `affiliates`; the current one does not).
    Rule(
      reference: "ga4-channels.md §2, rule 15", channel: .affiliates,
      condition: "Medium = affiliate",
      matches: { $0.medium == "affiliate" }),
    // §2 rule 16.
    Rule(
      reference: "ga4-channels.md §2, rule 16", channel: .audio,
      condition: "Medium exactly matches 'audio'",
      matches: { $0.medium == "audio" }),
    // §2 rule 17: exact, so `sms-blast` and `sms_campaign` do not match (§5).
    Rule(
      reference: "ga4-channels.md §2, rule 17", channel: .sms,
      condition: "Source exactly matches 'sms' OR Medium exactly matches 'sms'",
      matches: { $0.source == "sms" || $0.medium == "sms" }),
    // §2 rule 18: catches `sms-mobile`, `text_notification`, `sms_push`, `push`.
    Rule(
      reference: "ga4-channels.md §2, rule 18", channel: .mobilePush,
      condition: "Medium ends with 'push' OR Medium contains 'mobile' or 'notification' OR Source exactly matches 'firebase'",
      matches: {
        $0.medium.hasSuffix("push") || $0.medium.containsBytes(of: "mobile") || $0.medium.containsBytes(of: "notification")
          || $0.source == "firebase"
      }),
  ]
}

/// One of Google's source categories (`SOURCE_CATEGORY_SEARCH|SOCIAL|SHOPPING|VIDEO`), matched
/// against the whole source value (reference §1).
///
/// **Incomplete by design.** Google's downloadable list has several hundred rows (a Nov 2023 copy
/// is Velir/dbt-ga4 `seeds/ga4_source_categories.csv`), which the reference does not reproduce.
/// These sets hold only the entries the reference names (§0 item 4, §4 and §6 item 13). A
/// source missing here but on Google's list is classified by the later rules, so darkshare can
/// miss a trap (`utm_source=youtube`) or call a link Unassigned that GA4 files as Organic Video.
/// The reference gives no shopping or video entries, so those two sets are empty and only the
/// `SHOP` campaign test and the `video` medium test reach those channels.
public enum SourceCategory: String, Sendable, Hashable, CaseIterable {
  case search, social, shopping, video

  /// The lower-case sources of the category named in the reference.
  public var sources: Set<String> {
    switch self {
    case .search: Self.searchSources
    case .social: Self.socialSources
    case .shopping, .video: []
    }
  }

  // Built once: the GA4 rules ask for them for every link with campaign parameters.
  private static let searchSources = SourceCategory.listed(.search)
  private static let socialSources = SourceCategory.listed(.social)

  /// The sources the reference lists for `category`.
  private static func listed(_ category: SourceCategory) -> Set<String> {
    switch category {
    case .search:
      // §4 "Traps": webmail hosts on the SEARCH list. `gmail` and `outlook` are not on it.
      ["mail.google.com", "mail.yandex.ru", "mail.rambler.ru", "email.seznam.cz", "go.mail.ru", "incredimail"]
    case .social:
      // §0 item 4 and §4: social networks, messengers and shorteners on the SOCIAL list;
      // §6 item 13 adds `line.me` and `whatsapp.com`. `telegram` and `signal` are not on it.
      [
        "facebook", "linkedin", "twitter", "instagram",
        "whatsapp", "whatsapp.com", "messenger", "line", "line.me", "t.me", "wechat", "kakao", "zalo",
        "snapchat", "skype", "messages.google.com",
        "bit.ly", "tinyurl", "goo.gl", "is.gd", "lnkd.in", "t.co",
      ]
    case .shopping, .video:
      // The reference names no entries of these lists.
      []
    }
  }
}

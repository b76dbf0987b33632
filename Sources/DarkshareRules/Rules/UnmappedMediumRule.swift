import DarkshareCore
import DarkshareJudgement

/// Flags tagged links that GA4's default channel group files under Unassigned, or, in an e-mail
/// or SMS, under another channel than the one the medium names.
struct UnmappedMediumRule: Rule {
  static let description = RuleDescription(
    identifier: "unmapped-medium",
    name: "Unmapped Medium",
    summary: "GA4's default channel group would file the link under Unassigned (`utm_medium=newsletter`) or, for an e-mail or SMS, under another channel.",
    rationale: """
      Google Analytics 4 files each visit under the first of its default channel rules that \
      matches `utm_source`, `utm_medium` and `utm_campaign`, ignoring case; a visit no rule \
      matches is Unassigned, outside every channel report. Email needs the source or medium \
      `email`, `e-mail`, `e_mail` or `e mail`, and SMS exactly `sms`, so the mediums newsletters \
      and texts often carry (`newsletter`, `mail`, `e-blast`, `text`, `sms-blast`) match nothing, \
      and `push`, `sms_push` or anything containing `mobile` counts as Mobile Push Notifications. \
      Earlier rules also beat the medium: a social or messenger source (`facebook`, `whatsapp`, \
      `bit.ly`) files an e-mail or SMS link under Organic Social, `mail.google.com` under Organic \
      Search, and a campaign name containing `shop` under Organic Shopping. darkshare follows \
      GA4's rules for manually tagged traffic (Help answer 9756891, as recorded in \
      shared/reference/ga4-channels.md); its lists of social and search sites hold only the \
      entries that reference names, so a trap through another site can go unreported. A medium \
      that only contains `email` (`email-newsletter`) "may land" in Unassigned: Google does not \
      say whether its Email rule matches it. Merge-tag values are not judged, malformed queries \
      are left to `malformed-query`, and a property with its own channel group can turn the rule off.
      """,
    defaultSeverity: .warning,
    triggeringExamples: [
      #"<a href="↓https://shop.example/?utm_source=acme&amp;utm_medium=newsletter&amp;utm_campaign=may">Shop</a>"#,
      #"<a href="↓https://shop.example/?utm_source=acme&amp;utm_medium=e-blast&amp;utm_campaign=may">Shop</a>"#,
      #"<a href="↓https://shop.example/?utm_source=acme&amp;utm_medium=email-newsletter&amp;utm_campaign=may">Shop</a>"#,
      #"<a href="↓https://shop.example/?utm_source=facebook&amp;utm_medium=email&amp;utm_campaign=may">Shop</a>"#,
      #"<a href="↓https://shop.example/?utm_source=acme&amp;utm_medium=email&amp;utm_campaign=summer-shop">Shop</a>"#,
      #"<a href="↓https://shop.example/?utm_source=acme&amp;utm_medium=push&amp;utm_campaign=may">Shop</a>"#,
    ],
    nonTriggeringExamples: [
      #"<a href="https://shop.example/?utm_source=acme&amp;utm_medium=email&amp;utm_campaign=may">Shop</a>"#,
      #"<a href="https://shop.example/?utm_source=acme&amp;utm_medium=Email&amp;utm_campaign=may">Shop</a>"#,
      #"<a href="https://shop.example/?utm_source=email&amp;utm_medium=newsletter&amp;utm_campaign=may">Shop</a>"#,
      #"<a href="https://shop.example/?utm_source=acme&amp;utm_medium=email&amp;utm_campaign=workshop">Shop</a>"#,
      #"<a href="https://shop.example/?utm_source=acme&amp;utm_medium=*|MEDIUM|*&amp;utm_campaign=may">Shop</a>"#,
      #"<a href="https://shop.example/?utm_source=acme&amp;utm_medium=social&amp;utm_campaign=may">Share</a>"#,
      #"<a href="https://shop.example/?utm_source=partner&amp;utm_medium=paid-email&amp;utm_campaign=may">Shop</a>"#,
    ])

  func check(_ link: JudgedLink, in context: RuleContext) -> [Finding] {
    guard link.status == .tracked || link.status == .partial, link.attribution.malformations.isEmpty,
      let medium = Self.parameter("utm_medium", of: link), let mediumValue = medium.value, !mediumValue.isEmpty
    else { return [] }
    // A campaign no GA4 rule reads is left out, so links of different campaigns share a verdict.
    let tags = Tags(
      source: Self.parameter("utm_source", of: link)?.value ?? "", medium: mediumValue,
      campaign: GA4ChannelGrouping.campaignAsRead(Self.parameter("utm_campaign", of: link)?.value ?? ""),
      channel: link.link.channel)
    // Links mostly share their tags (a message's, a sender's): each set is classified once.
    let verdict = context.mediumVerdicts?.value(for: tags) { Self.verdict(on: tags) } ?? Self.verdict(on: tags)
    switch verdict {
    case .fine:
      return []
    case .unmapped(let message, let target):
      return [
        finding(
          link, message,
          suggestion: link.judgedURL.string.replacingFirst(
            "utm_medium=\(medium.rawValue ?? mediumValue)", with: "utm_medium=\(target)"),
          in: context)
      ]
    case .overridden(let message):
      return [finding(link, message, in: context)]
    }
  }

  /// The tags GA4 classifies a link by, and the channel it was sent in.
  struct Tags: Hashable, Sendable {
    var source: String
    var medium: String
    var campaign: String
    var channel: Channel
  }

  /// What the rule says of every link with the same ``Tags``.
  enum Verdict: Sendable {
    case fine
    /// The medium maps nowhere (or to push notifications): `target` is the medium to use.
    case unmapped(message: String, target: String)
    /// The medium names the channel, but the source or campaign wins first.
    case overridden(message: String)
  }

  private static func verdict(on tags: Tags) -> Verdict {
    let (source, medium, campaign) = (tags.source, tags.medium, tags.campaign)
    let landing = GA4ChannelGrouping.classify(source: source, medium: medium, campaign: campaign).channel
    // What the medium alone gives, with a source and campaign that match nothing.
    let named = GA4ChannelGrouping.classify(source: "", medium: medium, campaign: "").channel
    let sentByMessage = tags.channel == .email || tags.channel == .sms

    // The medium maps nowhere, or (in an e-mail or SMS) to push notifications: suggest the
    // medium of the message's channel.
    if landing == .unassigned || (sentByMessage && landing == .mobilePush && named == .mobilePush) {
      let target = Self.target(for: tags.channel)
      let reached = GA4ChannelGrouping.classify(source: source, medium: target, campaign: campaign).channel
      // Under the reading where Email matches values containing `email`, this may be Email (§2.1).
      let uncertain =
        GA4ChannelGrouping.classify(source: source, medium: medium, campaign: campaign, emailMatching: .contains)
        .channel == .email
      return .unmapped(message: .lands(medium, in: landing, uncertain: uncertain, use: target, reaching: reached), target: target)
    }

    // An e-mail or SMS link whose medium names its channel, but whose source or campaign wins
    // first (reference §4). Other landings (`social`, `paid-email`, `banner`) are deliberate.
    guard sentByMessage, named == .email || named == .sms, landing != named else { return .fine }
    let byCampaign = GA4ChannelGrouping.classify(source: "", medium: medium, campaign: campaign).channel == landing
    return .overridden(
      message: byCampaign
        ? .campaignOverrides(campaign, landing: landing, named: named)
        : .sourceOverrides(source, landing: landing, named: named))
  }

  /// The first parameter named exactly `key` (GA4 reads only this spelling), unless its value
  /// is a merge tag: what it becomes at send time is unknown, so it is not judged.
  private static func parameter(_ key: String, of link: JudgedLink) -> QueryParameter? {
    guard let parameter = link.attribution.parameters.first(where: { $0.key == key }), !parameter.valueIsPlaceholder
    else { return nil }
    return parameter
  }

  /// The medium to suggest for a link sent in `channel`, and the channel it reaches.
  private static func target(for channel: Channel) -> String {
    switch channel {
    case .email: "email"
    case .sms: "sms"
    // Messenger sources (`whatsapp`, `line`, `t.me`) are social sites to GA4 (reference §4).
    case .chat: "social"
    case .web: "referral"
    }
  }
}

extension String {
  fileprivate static func lands(
    _ medium: String, in landing: GA4ChannelGrouping.Channel, uncertain: Bool, use target: String,
    reaching channel: GA4ChannelGrouping.Channel
  ) -> String {
    let verb = uncertain ? "may land" : "lands"
    let caveat = uncertain ? " (Google does not say whether Email matches a value that only contains 'email')" : ""
    return "'utm_medium=\(medium)' \(verb) in \(landing.rawValue) in GA4's default channel group\(caveat); use '\(target)' to reach \(channel.rawValue)"
  }

  fileprivate static func sourceOverrides(
    _ source: String, landing: GA4ChannelGrouping.Channel, named: GA4ChannelGrouping.Channel
  ) -> String {
    "'utm_source=\(source)' sends this link to \(landing.rawValue), not \(named.rawValue), in GA4's default channel group: GA4 lists it as a site and tests that before the medium; use the sender's name as the source"
  }

  fileprivate static func campaignOverrides(
    _ campaign: String, landing: GA4ChannelGrouping.Channel, named: GA4ChannelGrouping.Channel
  ) -> String {
    let word = landing == .crossNetwork ? "cross-network" : "shop"
    return "'utm_campaign=\(campaign)' sends this link to \(landing.rawValue), not \(named.rawValue), in GA4's default channel group: a campaign name containing '\(word)' wins over the medium; rename the campaign"
  }
}

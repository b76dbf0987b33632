/// Google Analytics 4's default channel group, as it files a manually tagged link.
///
/// GA4 reads `utm_source`, `utm_medium` and `utm_campaign` and tries its "channels for manual
/// traffic" rules in a fixed order; the first that matches names the channel, and a visit that
/// matches none is **Unassigned**. The rules are sourced data (``rules``, in
/// `GA4ChannelGrouping+Rules.swift`, from `shared/reference/ga4-channels.md` §2); this file
/// evaluates them.
///
/// Matching ignores case, as GA4 does (reference §3: "Analytics does not enforce case
/// sensitivity", and the Admin API's channel-group filters are "case insensitive"):
///
/// ```
/// utm_source=mailchimp  utm_medium=Email       → Email       (rule 14)
/// utm_source=mailchimp  utm_medium=newsletter  → Unassigned  (no rule)
/// utm_source=whatsapp   utm_medium=sms         → Organic Social (rule 10 runs before SMS)
/// ```
public enum GA4ChannelGrouping {
  /// A channel of the default channel group, named as GA4 names it.
  public enum Channel: String, Sendable, Hashable, CaseIterable {
    case direct = "Direct"
    case crossNetwork = "Cross-network"
    case paidShopping = "Paid Shopping"
    case paidSearch = "Paid Search"
    case paidSocial = "Paid Social"
    case paidVideo = "Paid Video"
    case display = "Display"
    case paidOther = "Paid Other"
    case organicShopping = "Organic Shopping"
    case organicSocial = "Organic Social"
    case organicVideo = "Organic Video"
    case organicSearch = "Organic Search"
    case aiAssistant = "AI Assistant"
    case referral = "Referral"
    case email = "Email"
    case affiliates = "Affiliates"
    case audio = "Audio"
    case sms = "SMS"
    case mobilePush = "Mobile Push Notifications"
    /// No rule matched.
    case unassigned = "Unassigned"
  }

  /// How the Email rule's `email|e-mail|e_mail|e mail` is matched. Google does not say whether
  /// the pattern must match the whole value, and public implementations differ (reference §2.1).
  public enum EmailMatching: Sendable, Hashable {
    /// The whole source or medium is one of the four spellings (snowplow's reading; the default).
    case exact
    /// The source or medium contains one of them (Velir/dbt-ga4's `regexp_contains` reading).
    case contains
  }

  /// The values GA4 classifies, lower-cased once: matching ignores case (reference §3).
  public struct Tags: Sendable, Hashable {
    public var source: String
    public var medium: String
    public var campaign: String
    public var emailMatching: EmailMatching

    /// Tags to classify; `campaign` may be empty when the link has none.
    public init(source: String, medium: String, campaign: String, emailMatching: EmailMatching = .exact) {
      self.source = source.lowercased()
      self.medium = medium.lowercased()
      self.campaign = campaign.lowercased()
      self.emailMatching = emailMatching
    }
  }

  /// One rule of the table: the channel it gives, its condition in Google's words and the
  /// condition as code.
  public struct Rule: Sendable {
    /// Where the rule is in the reference (`ga4-channels.md §2, rule 14`).
    public let reference: String
    public let channel: Channel
    /// The condition as Google words it (after the reference's transcription).
    public let condition: String
    let matches: @Sendable (Tags) -> Bool
  }

  /// The channel a link lands in and the rule that put it there.
  public struct Classification: Sendable {
    public var channel: Channel
    /// The first rule that matched; nil for ``Channel/unassigned``.
    public var rule: Rule?
  }

  /// The channel GA4's default channel group gives a link tagged with these values.
  ///
  /// ```
  /// classify(source: "mailchimp", medium: "e-mail", campaign: "may") → Email (§2, rule 14)
  /// classify(source: "mailchimp", medium: "email", campaign: "summer-shop") → Organic Shopping (§2, rule 9)
  /// ```
  ///
  /// - Parameters:
  ///   - source: `utm_source`, as decoded from the URL; empty when absent.
  ///   - medium: `utm_medium`; empty when absent.
  ///   - campaign: `utm_campaign`; empty when absent.
  ///   - emailMatching: how to read the Email rule, which Google leaves open (§2.1).
  /// - Returns: the first matching rule's channel, or ``Channel/unassigned``.
  /// - Complexity: O(*n*) in the length of the values; the source lists are hashed.
  public static func classify(
    source: String, medium: String, campaign: String, emailMatching: EmailMatching = .exact
  ) -> Classification {
    let tags = Tags(source: source, medium: medium, campaign: campaign, emailMatching: emailMatching)
    guard let rule = rules.first(where: { $0.matches(tags) }) else {
      return Classification(channel: .unassigned, rule: nil)
    }
    return Classification(channel: rule.channel, rule: rule)
  }
}

// MARK: - The conditions' building blocks

extension GA4ChannelGrouping {
  /// The four spellings of the Email rule (reference §2, rule 14).
  static let emailSpellings = ["email", "e-mail", "e_mail", "e mail"]

  /// `PAID`: Medium matches `^(.*cp.*|ppc|retargeting|paid.*)$` (reference §2).
  static func isPaid(_ tags: Tags) -> Bool {
    let medium = tags.medium
    return medium.containsBytes(of: "cp") || medium == "ppc" || medium == "retargeting" || medium.hasPrefix("paid")
  }

  /// `SHOP`: Campaign name matches `^(.*(([^a-df-z]|^)shop|shopping).*)$` (reference §2):
  /// `shop` at the start or after any character but the letters a–d and f–z (so `e-shop` and
  /// `eshop` match, `workshop` and `bookshop` do not), or `shopping` anywhere.
  static func isShopCampaign(_ tags: Tags) -> Bool {
    if tags.campaign.containsBytes(of: "shopping") { return true }
    // Over bytes: a character before `shop` that is not ASCII ends in a byte over 0x7F, outside
    // the letters as its scalar is.
    let bytes = tags.campaign.utf8
    var start = bytes.startIndex
    while let found = bytes[start...].firstIndex(of: UInt8(ascii: "s")) {
      start = bytes.index(after: found)
      guard bytes[found...].starts(with: "shop".utf8) else { continue }
      guard found > bytes.startIndex else { return true }
      let before = bytes[bytes.index(before: found)]
      if !((0x61...0x64).contains(before) || (0x66...0x7A).contains(before)) { return true }
    }
    return false
  }

  /// `campaign` as the rules read it: unchanged when a rule tests it (it names a cross-network
  /// or shopping campaign), else empty, which lands every link where that campaign does. Callers
  /// that keep classifications share one among the campaigns no rule looks at.
  public static func campaignAsRead(_ campaign: String) -> String {
    let tags = Tags(source: "", medium: "", campaign: campaign)
    return tags.campaign.containsBytes(of: "cross-network") || isShopCampaign(tags) ? campaign : ""
  }

  /// Whether `value` is one of the Email rule's spellings, under `tags.emailMatching`.
  static func isEmailValue(_ value: String, _ matching: EmailMatching) -> Bool {
    switch matching {
    case .exact: emailSpellings.contains(value)
    case .contains: emailSpellings.contains { value.containsBytes(of: $0) }
    }
  }

  /// Whether the source is on one of Google's source-category lists (matched against the whole
  /// value, reference §1).
  static func sourceIs(_ category: SourceCategory, _ tags: Tags) -> Bool {
    category.sources.contains(tags.source)
  }
}

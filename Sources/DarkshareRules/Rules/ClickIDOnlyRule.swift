import DarkshareCore
import DarkshareJudgement

/// Flags links whose attribution rests only on ids that privacy features strip.
struct ClickIDOnlyRule: Rule {
  static let description = RuleDescription(
    identifier: "click-id-only",
    name: "Click ID Only",
    summary: "The link's only attribution is a click or recipient id that privacy features strip.",
    rationale: """
      Apple Link Tracking Protection (Mail, Messages and Safari Private Browsing), Firefox's \
      query stripping and Brave's navigation filter remove ids such as gclid, fbclid, msclkid, \
      mc_eid and _hsenc — in exactly the private channels dark shares travel through. A link \
      that relies on them arrives as Direct. Campaign parameters (utm_source, utm_medium, \
      utm_campaign) survive these features: add them. Who strips which id is in \
      shared/reference/tracking-params.md §4.
      """,
    defaultSeverity: .warning,
    triggeringExamples: [
      #"<a href="↓https://shop.example/?gclid=abc123">Shop</a>"#,
      #"<a href="↓https://shop.example/?mc_eid=f00d">Shop</a>"#,
    ],
    nonTriggeringExamples: [
      #"<a href="https://shop.example/?gclid=abc&amp;utm_source=nl&amp;utm_medium=email&amp;utm_campaign=may">Shop</a>"#,
      #"<a href="https://shop.example/?mc_cid=abc">Shop</a>"#,
    ],
    reference: StrippedIdentifierTable.text)

  func check(_ link: JudgedLink, in context: RuleContext) -> [Finding] {
    guard link.status == .atRisk else { return [] }
    let stripped = link.attribution.strippedIdentifiers.map { parameter in
      "'\(parameter.name)' (stripped by \(parameter.strippedBy.filter(\.isOnInDarkChannels).map(\.shortName).joined(separator: ", ")))"
    }
    return [
      finding(
        link, "attribution rests only on \(stripped.joined(separator: ", ")); add campaign parameters",
        suggestion: URLRepair.repaired(link, in: context), in: context)
    ]
  }
}

extension Stripper {
  /// A short name for messages (`Apple Link Tracking Protection`, `Brave`).
  var shortName: String {
    switch self {
    case .appleLtp: "Apple Link Tracking Protection"
    case .firefoxQps: "Firefox query stripping"
    case .firefoxCopyCleanLink: "Firefox Copy Clean Link"
    case .braveQueryFilter: "Brave"
    case .braveCopyCleanLink: "Brave Copy clean link"
    case .clearurls: "ClearURLs"
    case .adguardUrlTracking: "AdGuard"
    case .duckduckgo: "DuckDuckGo"
    }
  }
}

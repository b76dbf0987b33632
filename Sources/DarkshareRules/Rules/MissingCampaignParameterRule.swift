import DarkshareCore
import DarkshareJudgement

/// Flags links that carry some campaign parameters but not every required one.
struct MissingCampaignParameterRule: Rule {
  static let description = RuleDescription(
    identifier: "missing-campaign-parameter",
    name: "Missing Campaign Parameter",
    summary: "A link has some campaign parameters but lacks a required one.",
    rationale: """
      Analytics needs source, medium and campaign together: a visit with utm_source but no \
      utm_medium lands in "(not set)" or Unassigned, and a visit without utm_campaign cannot be \
      credited to this send. Add the missing parameters with the values the rest of the message uses.
      """,
    defaultSeverity: .error,
    triggeringExamples: [
      #"<a href="↓https://shop.example/?utm_source=nl&amp;utm_campaign=may">Shop</a>"#,
      #"<a href="↓https://shop.example/?utm_content=hero">Shop</a>"#,
    ],
    nonTriggeringExamples: [
      #"<a href="https://shop.example/?utm_source=nl&amp;utm_medium=email&amp;utm_campaign=may">Shop</a>"#,
      #"<a href="https://shop.example/?UTM_SOURCE=nl&amp;utm_medium=email&amp;utm_campaign=may">Shop</a>"#,
    ])

  func check(_ link: JudgedLink, in context: RuleContext) -> [Finding] {
    let missing = link.attribution.missing
    guard link.status == .partial, !missing.isEmpty else { return [] }
    let names = missing.map { "'\($0)'" }.joined(separator: ", ")
    return [
      finding(
        link, "add \(names) to '\(link.judgedURL.string)'",
        suggestion: URLRepair.repaired(link, in: context), in: context)
    ]
  }
}

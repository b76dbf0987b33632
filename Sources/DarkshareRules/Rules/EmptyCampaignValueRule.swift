import DarkshareCore
import DarkshareJudgement

/// Flags required campaign parameters that are present with an empty value.
struct EmptyCampaignValueRule: Rule {
  static let description = RuleDescription(
    identifier: "empty-campaign-value",
    name: "Empty Campaign Value",
    summary: "A required campaign parameter is present but empty.",
    rationale: """
      `utm_medium=` attributes nothing: analytics treats an empty value like a missing one, so \
      the visit falls back to "(not set)". This usually means a template variable rendered \
      empty. Give the parameter its value, or fix the variable that should fill it.
      """,
    defaultSeverity: .error,
    triggeringExamples: [
      #"<a href="↓https://shop.example/?utm_source=nl&amp;utm_medium=&amp;utm_campaign=may">Shop</a>"#
    ],
    nonTriggeringExamples: [
      #"<a href="https://shop.example/?utm_source=nl&amp;utm_medium=email&amp;utm_campaign={{ campaign.name }}">Shop</a>"#
    ])

  func check(_ link: JudgedLink, in context: RuleContext) -> [Finding] {
    let empty = link.attribution.empty
    guard link.isOutbound, !empty.isEmpty else { return [] }
    let names = empty.map { "'\($0)'" }.joined(separator: ", ")
    return [
      finding(
        link, "\(names) is empty in '\(link.judgedURL.string)'; give it a value",
        suggestion: URLRepair.repaired(link, in: context), in: context)
    ]
  }
}

import DarkshareCore
import DarkshareJudgement

/// Flags campaign keys written in another case than analytics reads.
struct CampaignKeyCaseRule: Rule {
  static let description = RuleDescription(
    identifier: "campaign-key-case",
    name: "Campaign Key Case",
    summary: "A required campaign key is written in the wrong case (`UTM_Source`).",
    rationale: """
      Query keys are case-sensitive. Google Analytics reads `utm_source`, not `UTM_Source` or \
      `Utm_source` (shared/reference/tracking-params.md §6: upper-case names are not known to \
      be recognised), so a miscased key attributes nothing. Write the key in lower case.
      """,
    defaultSeverity: .error,
    triggeringExamples: [
      #"<a href="↓https://shop.example/?UTM_Source=nl&amp;utm_medium=email&amp;utm_campaign=may">Shop</a>"#
    ],
    nonTriggeringExamples: [
      #"<a href="https://shop.example/?utm_source=NL&amp;utm_medium=email&amp;utm_campaign=May">Shop</a>"#
    ])

  func check(_ link: JudgedLink, in context: RuleContext) -> [Finding] {
    let miscased = link.attribution.miscased
    guard link.isOutbound, !miscased.isEmpty else { return [] }
    let pairs = miscased.map { "'\($0.written)' as '\($0.required)'" }.joined(separator: ", ")
    return [
      finding(
        link, "write \(pairs) in '\(link.judgedURL.string)'",
        suggestion: URLRepair.repaired(link, in: context), in: context)
    ]
  }
}

import DarkshareCore
import DarkshareJudgement

/// Flags campaign parameters placed after `#`, where analytics does not read them.
struct UTMInFragmentRule: Rule {
  static let description = RuleDescription(
    identifier: "utm-in-fragment",
    name: "UTM in Fragment",
    summary: "Campaign parameters sit in the `#fragment`, which analytics does not read.",
    rationale: """
      Browsers never send the fragment to the server, and Google Analytics 4 reads campaign \
      parameters from the query only (shared/reference/tracking-params.md §5: fragment UTMs are \
      not known to be attributed). Hash routes (`#/page?utm_source=…`) have the same problem. \
      Move the parameters before the `#`.
      """,
    defaultSeverity: .error,
    triggeringExamples: [
      #"<a href="↓https://shop.example/#utm_source=nl&amp;utm_medium=email&amp;utm_campaign=may">Shop</a>"#,
      #"<a href="↓https://app.example/#/offer?utm_source=nl&amp;utm_medium=email&amp;utm_campaign=may">Offer</a>"#,
    ],
    nonTriggeringExamples: [
      #"<a href="https://shop.example/?utm_source=nl&amp;utm_medium=email&amp;utm_campaign=may#top">Shop</a>"#
    ])

  func check(_ link: JudgedLink, in context: RuleContext) -> [Finding] {
    let keys = link.attribution.onlyInFragment
    guard link.isOutbound, !keys.isEmpty else { return [] }
    let names = keys.map { "'\($0)'" }.joined(separator: ", ")
    return [
      finding(
        link, "move \(names) before the '#' in '\(link.judgedURL.string)'",
        suggestion: URLRepair.repaired(link, in: context), in: context)
    ]
  }
}

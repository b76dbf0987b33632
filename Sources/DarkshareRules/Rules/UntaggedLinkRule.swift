import DarkshareCore
import DarkshareJudgement

/// Flags outbound links that carry no campaign parameters at all.
struct UntaggedLinkRule: Rule {
  static let description = RuleDescription(
    identifier: "untagged-link",
    name: "Untagged Link",
    summary: "An outbound link carries no campaign parameters, so a forwarded click counts as Direct.",
    rationale: """
      A link forwarded by e-mail, pasted into WhatsApp or shared from Mail reaches the site with \
      no referrer. Only parameters inside the URL survive that trip; without utm_source, \
      utm_medium and utm_campaign analytics files the visit under Direct and the newsletter \
      gets no credit. Add the campaign parameters to the link (darkshare suggests the values the \
      rest of the message uses).
      """,
    defaultSeverity: .error,
    triggeringExamples: [
      #"<a href="↓https://shop.example/sale">Sale</a>"#,
      #"<a href="↓https://shop.example/sale?color=red#top">Sale</a>"#,
    ],
    nonTriggeringExamples: [
      #"<a href="https://shop.example/?utm_source=nl&amp;utm_medium=email&amp;utm_campaign=may">Shop</a>"#,
      #"<a href="mailto:team@shop.example">Mail us</a>"#,
      #"<a href="https://shop.example/#utm_source=nl">Shop</a>"#,
    ])

  func check(_ link: JudgedLink, in context: RuleContext) -> [Finding] {
    let attribution = link.attribution
    guard link.share == nil, link.status == .dark, !attribution.hasCampaignParameters, attribution.onlyInFragment.isEmpty,
      attribution.unreadable.isEmpty
    else { return [] }
    return [
      finding(
        link, "'\(link.judgedURL.string)' has no campaign parameters; add \(context.policy.requiredParameters.joined(separator: ", "))",
        suggestion: URLRepair.repaired(link, in: context), in: context)
    ]
  }
}

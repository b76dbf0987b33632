import DarkshareCore
import DarkshareJudgement

/// Flags plain `http://` links.
struct InsecureLinkRule: Rule {
  static let description = RuleDescription(
    identifier: "insecure-link",
    name: "Insecure Link",
    summary: "The link uses plain http://.",
    rationale: """
      An http:// link is redirected to https:// by most sites; a redirect that is not set up to \
      keep the query drops the campaign parameters, and browsers warn about or upgrade \
      insecure links. Link the https:// URL directly.
      """,
    defaultSeverity: .warning,
    triggeringExamples: [
      #"<a href="↓http://shop.example/?utm_source=nl&amp;utm_medium=email&amp;utm_campaign=may">Shop</a>"#
    ],
    nonTriggeringExamples: [
      #"<a href="https://shop.example/?utm_source=nl&amp;utm_medium=email&amp;utm_campaign=may">Shop</a>"#
    ])

  func check(_ link: JudgedLink, in context: RuleContext) -> [Finding] {
    let url = link.judgedURL
    guard link.isOutbound, url.scheme == "http" else { return [] }
    return [
      finding(
        link, "'\(url.string)' uses http://; link https:// instead",
        suggestion: URLRepair.repaired(link, in: context), in: context)
    ]
  }
}

import DarkshareCore
import DarkshareJudgement

/// Flags relative links, which have nothing to resolve against in a mail client.
struct RelativeLinkRule: Rule {
  static let description = RuleDescription(
    identifier: "relative-link",
    name: "Relative Link",
    summary: "The link has no scheme and host, so it goes nowhere in a mail client.",
    rationale: """
      A newsletter is not served from your site: `/blog/post` or `www.shop.example/sale` \
      (without `https://`) resolves against nothing in Gmail or Outlook, or against the ESP's \
      view-in-browser page. Write absolute `https://` URLs.
      """,
    defaultSeverity: .error,
    triggeringExamples: [
      #"<a href="↓/blog/spring-recipes">Recipes</a>"#,
      #"<a href="↓www.shop.example/sale">Sale</a>"#,
    ],
    nonTriggeringExamples: [##"<a href="#top">Back to top</a>"##])

  func check(_ link: JudgedLink, in context: RuleContext) -> [Finding] {
    guard link.kind == .relative else { return [] }
    let url = link.link.url
    let advice = URLRepair.looksLikeHost(url) ? "add 'https://' in front" : "write it as an absolute https:// URL"
    return [
      finding(
        link, "'\(url)' is relative; \(advice)",
        suggestion: URLRepair.looksLikeHost(url) ? URLRepair.repaired(link, in: context) : nil, in: context)
    ]
  }
}

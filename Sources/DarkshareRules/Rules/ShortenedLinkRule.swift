import DarkshareCore
import DarkshareJudgement

/// Flags URL shorteners, whose destination cannot be seen offline.
struct ShortenedLinkRule: Rule {
  static let description = RuleDescription(
    identifier: "shortened-link",
    name: "Shortened Link",
    summary: "The link is a shortened URL whose destination cannot be checked offline.",
    rationale: """
      bit.ly, t.co, tinyurl.com and other shorteners redirect to a destination stored at the \
      service. The campaign parameters must be on that stored URL; a short link built from an \
      untagged URL arrives as Direct. Shorten the tagged URL, or link the tagged URL directly.
      """,
    defaultSeverity: .warning,
    triggeringExamples: [#"<a href="↓https://bit.ly/3xYzAbC">Read more</a>"#],
    nonTriggeringExamples: [#"<a href="https://bitly.example/3xYzAbC">Read more</a>"#])

  func check(_ link: JudgedLink, in context: RuleContext) -> [Finding] {
    guard case .shortener(let service) = link.kind else { return [] }
    let unresolved = link.resolution?.error.map { " (--resolve: \($0))" } ?? ""
    return [finding(link, "'\(link.judgedURL.string)' is a short link (\(service))\(unresolved); make sure its destination carries campaign parameters", in: context)]
  }
}

import DarkshareCore
import DarkshareJudgement

/// Flags queries that analytics misreads or that break when the link is shared.
struct MalformedQueryRule: Rule {
  static let description = RuleDescription(
    identifier: "malformed-query",
    name: "Malformed Query",
    summary: "The query is written so that analytics misreads it or a shared copy breaks.",
    rationale: """
      Analytics splits the query on `&` and reads the first `=` of each pair. A second `?` \
      glues the next parameter onto the previous value; `&amp;amp;` in HTML leaves `&amp;` in \
      the URL and turns the next key into `amp;utm_medium`; parameters after `&` with no `?` \
      are part of the path; conflicting duplicate keys are read differently by different tools; \
      whitespace breaks the link when it is pasted into a message. Rewrite the query with one \
      `?`, plain `&` separators and no spaces.
      """,
    defaultSeverity: .error,
    triggeringExamples: [
      #"<a href="↓https://shop.example/?utm_source=nl?utm_medium=email&amp;utm_campaign=may">Shop</a>"#,
      #"<a href="↓https://shop.example/?utm_source=nl&amp;amp;utm_medium=email&amp;amp;utm_campaign=may">Shop</a>"#,
      #"<a href="↓https://shop.example/sale&utm_source=nl&amp;utm_medium=email&amp;utm_campaign=may">Shop</a>"#,
      #"<a href="↓https://shop.example/?utm_source=a&amp;utm_source=b&amp;utm_medium=email&amp;utm_campaign=may">Shop</a>"#,
      #"<a href="↓https://shop.example/?utm_source=nl&amp;utm_medium=email&amp;utm_campaign=spring sale">Shop</a>"#,
    ],
    nonTriggeringExamples: [
      #"<a href="https://shop.example/?utm_source=nl&amp;utm_medium=email&amp;utm_campaign=spring%20sale">Shop</a>"#,
      #"<a href="https://shop.example/?utm_source=nl&amp;utm_source=nl&amp;utm_medium=email&amp;utm_campaign=may">Shop</a>"#,
    ])

  func check(_ link: JudgedLink, in context: RuleContext) -> [Finding] {
    let problems = link.attribution.malformations
    guard link.isOutbound, !problems.isEmpty else { return [] }
    let described = problems.map(Self.describe).joined(separator: "; ")
    return [
      finding(
        link, "\(described) in '\(link.judgedURL.string)'",
        suggestion: URLRepair.repaired(link, in: context), in: context)
    ]
  }

  private static func describe(_ malformation: Attribution.Malformation) -> String {
    switch malformation {
    case .secondQuestionMark: "a second '?' makes the rest part of a value"
    case .doubleEscapedAmpersand: "'&amp;' is escaped twice, so keys read as 'amp;…'"
    case .whitespace: "whitespace breaks the link when it is pasted"
    case .conflictingDuplicate(let key, let values):
      "'\(key)' appears with different values (\(values.map { "'\($0)'" }.joined(separator: ", ")))"
    case .parametersInPath: "parameters follow '&' with no '?', so they are part of the path"
    }
  }
}

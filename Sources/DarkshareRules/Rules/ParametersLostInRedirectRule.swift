import DarkshareCore
import DarkshareJudgement

/// Flags a redirect hop that drops or changes campaign parameters (`--resolve` only).
struct ParametersLostInRedirectRule: Rule {
  static let description = RuleDescription(
    identifier: "parameters-lost-in-redirect",
    name: "Parameters Lost in Redirect",
    summary: "With --resolve: a redirect on the way to the destination drops or changes campaign parameters.",
    rationale: """
      Campaign parameters only count if they reach the page that runs analytics. A redirect \
      that rebuilds the URL (a shortener, an http→https or www redirect, a locale redirect, a \
      login wall) often drops the query, so a well-tagged link still arrives as Direct. \
      darkshare reports the hop where the parameters were lost; fix the redirect to keep the \
      query, or link the final URL with its parameters. Only `darkshare … --resolve` follows \
      redirects, so only then does this rule run.
      """,
    defaultSeverity: .error,
    triggeringExamples: [],
    nonTriggeringExamples: [
      #"<a href="https://bit.ly/abc">Short link, not resolved without --resolve</a>"#
    ])

  func check(_ link: JudgedLink, in context: RuleContext) -> [Finding] {
    guard let hops = link.resolution?.hops, hops.count > 1 else { return [] }
    for (from, to) in zip(hops, hops.dropFirst()) {
      let before = Self.campaignValues(from, context.policy)
      guard !before.isEmpty else { continue }
      let after = Self.campaignValues(to, context.policy)
      let lost = before.keys.sorted().filter { after[$0] == nil }
      let changed = before.keys.sorted().filter { after[$0] != nil && after[$0] != before[$0] }
      guard !lost.isEmpty || !changed.isEmpty else { continue }
      var problems = [String]()
      if !lost.isEmpty { problems.append("drops \(lost.map { "'\($0)'" }.joined(separator: ", "))") }
      if !changed.isEmpty { problems.append("changes \(changed.map { "'\($0)'" }.joined(separator: ", "))") }
      return [finding(link, "the redirect from '\(from)' to '\(to)' \(problems.joined(separator: " and "))", in: context)]
    }
    return []
  }

  /// The first value of each campaign key in `url`'s query.
  private static func campaignValues(_ url: String, _ policy: JudgementPolicy) -> [String: String] {
    var values = [String: String]()
    for parameter in LinkURL(url).queryParameters where policy.isCampaignKey(parameter.key) && values[parameter.key] == nil {
      values[parameter.key] = parameter.value ?? ""
    }
    return values
  }
}

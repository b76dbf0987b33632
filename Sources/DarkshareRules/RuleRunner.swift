import DarkshareCore
import DarkshareJudgement

/// Runs every rule over one document's judged links.
public struct RuleRunner: Sendable {
  private let linkRules: [any Rule]
  private let documentRules: [any DocumentRule]

  public init() {
    linkRules = BuiltInRules.linkRules.map { $0.init() }
    documentRules = BuiltInRules.documentRules.map { $0.init() }
  }

  /// The findings for each link of `links`, in the same order.
  public func findings(for links: [JudgedLink], in context: RuleContext) -> [[Finding]] {
    var findings = links.map { link in linkRules.flatMap { $0.check(link, in: context) } }
    for rule in documentRules {
      for (index, extra) in rule.check(links, in: context).enumerated() { findings[index] += extra }
    }
    return findings
  }
}

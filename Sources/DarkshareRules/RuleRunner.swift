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
    let linkRules = linkRules.filter { context.isEnabled(type(of: $0).description) }
    let documentRules = documentRules.filter { context.isEnabled(type(of: $0).description) }
    var findings = links.map { link in
      link.link.isSuppressed ? [] : linkRules.flatMap { $0.check(link, in: context) }
    }
    for rule in documentRules {
      for (index, extra) in rule.check(links, in: context).enumerated() where !links[index].link.isSuppressed {
        findings[index] += extra
      }
    }
    return findings
  }
}

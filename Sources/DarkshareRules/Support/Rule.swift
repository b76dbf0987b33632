import DarkshareCore
import DarkshareJudgement

/// A check that judges one link and explains what is wrong with it.
///
/// Adding a rule is adding one file under `Rules/` and one line to ``BuiltInRules/all``;
/// the examples in its ``RuleDescription`` are run by the test suite and printed by
/// `darkshare explain`.
public protocol Rule: Sendable {
  /// Identity, documentation and executable examples.
  static var description: RuleDescription { get }
  init()
  /// The findings for `link`; empty when the link passes.
  func check(_ link: JudgedLink, in context: RuleContext) -> [Finding]
}

/// A check that needs every link of a document or message at once (`inconsistent-campaign`).
public protocol DocumentRule: Sendable {
  static var description: RuleDescription { get }
  init()
  /// The findings for each link of `links`, by the link's index; an empty array when all pass.
  func check(_ links: [JudgedLink], in context: RuleContext) -> [[Finding]]
}

extension Rule {
  /// A finding of this rule on `link`, at the rule's severity.
  func finding(_ link: JudgedLink, _ message: String, suggestion: String? = nil, in context: RuleContext) -> Finding {
    context.finding(Self.description, link, message, suggestion: suggestion)
  }
}

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

/// A check that compares each link of a message with the rest of the message
/// (`inconsistent-campaign`): what the rest shows is gathered first (``MessageCampaignFacts``),
/// so a message too large to hold is checked a part at a time with the same result.
public protocol DocumentRule: Sendable {
  static var description: RuleDescription { get }
  init()
  /// The findings for each of `links`, links of one message (all of them, or one part), given
  /// `message`, the facts of all its links.
  func check(_ links: [JudgedLink], message: MessageCampaignFacts, in context: RuleContext) -> [[Finding]]
}

extension Rule {
  /// A finding of this rule on `link`, at the rule's severity; the message and suggestion are
  /// made only when `context` ``RuleContext/explainsFindings``.
  func finding(
    _ link: JudgedLink, _ message: @autoclosure () -> String, suggestion: @autoclosure () -> String? = nil,
    in context: RuleContext
  ) -> Finding {
    context.finding(Self.description, link, message(), suggestion: suggestion())
  }
}

import DarkshareCore
import DarkshareJudgement

/// Flags links whose destination is a template placeholder, unknown until send time.
struct TemplateURLRule: Rule {
  static let description = RuleDescription(
    identifier: "template-url",
    name: "Template URL",
    summary: "The link's destination is a template placeholder, so its attribution cannot be checked.",
    rationale: """
      `{{ event.extra.checkout_url }}` or `https://{{ shop_domain }}/cart` is filled in per \
      recipient at send time; darkshare cannot see whether the rendered URL will carry campaign \
      parameters. Make sure the variable's value is tagged, or append the parameters after the \
      placeholder (`{{ url }}?utm_source=…`). Audit a rendered test send to be sure. In sent \
      mail (a message, SMS or chat) the tag was never filled in, and `unrendered-merge-tag` \
      reports it instead.
      """,
    defaultSeverity: .info,
    triggeringExamples: [
      #"<a href="↓{{ event.extra.checkout_url }}">Finish checkout</a>"#,
      #"<a href="↓https://{{ shop_domain }}/cart">Cart</a>"#,
    ],
    nonTriggeringExamples: [
      #"<a href="https://shop.example/?utm_source=nl&amp;utm_medium=email&amp;utm_campaign={{ campaign.name }}">Shop</a>"#,
      #"<a href="*|UNSUB|*">Unsubscribe</a>"#,
    ])

  func check(_ link: JudgedLink, in context: RuleContext) -> [Finding] {
    // In sent mail the placeholder was never filled in: `unrendered-merge-tag` reports it.
    guard link.kind == .template, !link.link.isSent else { return [] }
    return [finding(link, "'\(link.link.url)' is filled in at send time; check that its value carries campaign parameters", in: context)]
  }
}

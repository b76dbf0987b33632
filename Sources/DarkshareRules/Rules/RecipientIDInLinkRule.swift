import DarkshareCore
import DarkshareJudgement

/// Flags per-recipient ids, which identify the original recipient to whoever opens a forward.
struct RecipientIDInLinkRule: Rule {
  static let description = RuleDescription(
    identifier: "recipient-id-in-link",
    name: "Recipient ID in Link",
    summary: "The link carries a per-recipient id that leaks the recipient's identity when forwarded.",
    rationale: """
      ESPs append ids such as mc_eid (Mailchimp), _hsenc (HubSpot), mkt_tok (Marketo), _kx \
      (Klaviyo) or elq (Eloqua) to identify who clicked. When the recipient forwards the link, \
      everyone who opens it is recorded as that recipient, and some ids survive every privacy \
      feature (shared/reference/tracking-params.md §0). Keep recipient ids off links meant to \
      be shared, or rely on campaign parameters instead.
      """,
    defaultSeverity: .warning,
    triggeringExamples: [
      #"<a href="↓https://shop.example/?utm_source=nl&amp;utm_medium=email&amp;utm_campaign=may&amp;mc_eid=*|UNIQID|*">Shop</a>"#
    ],
    nonTriggeringExamples: [
      #"<a href="https://shop.example/?utm_source=nl&amp;utm_medium=email&amp;utm_campaign=may&amp;mc_cid=abc">Shop</a>"#
    ])

  func check(_ link: JudgedLink, in context: RuleContext) -> [Finding] {
    let ids = link.attribution.recipientIdentifiers
    guard link.isOutbound, !ids.isEmpty else { return [] }
    let names = ids.map { id in
      let stripped = id.strippedBy.isEmpty
        ? "no privacy feature strips it" : "stripped by \(id.strippedBy.map(\.shortName).joined(separator: ", "))"
      return "'\(id.name)' (\(id.vendor); \(stripped))"
    }.joined(separator: ", ")
    return [finding(link, "\(names) identifies the recipient to anyone the link is forwarded to", in: context)]
  }
}

import DarkshareCore
import DarkshareJudgement

/// Flags share links whose carried URL has no campaign parameters: the dark share itself.
struct UntaggedShareLinkRule: Rule {
  static let description = RuleDescription(
    identifier: "untagged-share-link",
    name: "Untagged Share Link",
    summary: "A share link (WhatsApp, X, Facebook, LinkedIn, Telegram, e-mail or SMS forward) carries a URL without campaign parameters.",
    rationale: """
      "Share on WhatsApp" and "forward to a friend" links are how a newsletter becomes a dark \
      share on purpose: the URL they carry arrives in a chat or a mail client with no referrer, \
      and GA4 files the visit as Direct unless the URL says where it came from. Give the carried \
      URL its own attribution — `utm_source=whatsapp` (or `x`, `facebook`, `linkedin`, \
      `telegram`), `utm_medium=social`, the campaign — percent-encoded inside the share link.
      """,
    defaultSeverity: .error,
    triggeringExamples: [
      #"<a href="↓https://wa.me/?text=Our%20spring%20sale%20https%3A%2F%2Fshop.example%2Fsale">Share on WhatsApp</a>"#,
      #"<a href="↓mailto:?subject=Look&amp;body=https%3A%2F%2Fshop.example%2Fsale">Forward to a friend</a>"#,
      #"<a href="↓https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fshop.example%2Fsale">Share</a>"#,
    ],
    nonTriggeringExamples: [
      #"<a href="https://twitter.com/intent/tweet?url=https%3A%2F%2Fshop.example%2Fsale%3Futm_source%3Dx%26utm_medium%3Dsocial%26utm_campaign%3Dmay">Post</a>"#,
      #"<a href="mailto:team@shop.example">Write to us</a>"#,
    ])

  func check(_ link: JudgedLink, in context: RuleContext) -> [Finding] {
    guard let share = link.share else { return [] }
    guard let carried = share.carriedURL else {
      return [finding(link, "the \(share.network) share link carries no link to your site; add one with campaign parameters", in: context)]
    }
    let attribution = link.attribution
    guard link.status == .dark || link.status == .atRisk, !attribution.hasCampaignParameters,
      attribution.onlyInFragment.isEmpty, attribution.unreadable.isEmpty
    else { return [] }
    return [
      finding(
        link, "the URL shared on \(share.network) ('\(carried)') has no campaign parameters; tag it for \(share.network)",
        suggestion: URLRepair.repaired(link, in: context), in: context)
    ]
  }
}

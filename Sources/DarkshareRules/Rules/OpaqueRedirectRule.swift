import DarkshareCore
import DarkshareJudgement

/// Flags click-tracking redirects whose destination only the service knows.
struct OpaqueRedirectRule: Rule {
  static let description = RuleDescription(
    identifier: "opaque-redirect",
    name: "Opaque Redirect",
    summary: "The link goes through a click-tracking redirect that hides its destination.",
    rationale: """
      ESP click tracking (Mailchimp list-manage, SendGrid, Klaviyo, HubSpot, …) and some \
      security gateways replace the destination with a token; whether the final URL carries \
      campaign parameters is known only to the service. Check the campaign's link settings (most \
      ESPs can append UTMs to every tracked link) or audit the template before tracking is applied.
      """,
    defaultSeverity: .warning,
    triggeringExamples: [
      #"<a href="↓https://example.us1.list-manage.com/track/click?u=abc&amp;id=def&amp;e=123">Shop</a>"#
    ],
    nonTriggeringExamples: [
      #"<a href="https://www.google.com/url?q=https://shop.example/&amp;sa=D">Shop</a>"#
    ])

  func check(_ link: JudgedLink, in context: RuleContext) -> [Finding] {
    guard case .opaqueRedirect(let service) = link.kind else { return [] }
    let host = link.destinationHost.map { " (only its host '\($0)' is known)" } ?? ""
    let unresolved = link.resolution?.error.map { " (--resolve: \($0))" } ?? ""
    return [
      finding(
        link, "\(service) hides the destination of '\(link.judgedURL.string)'\(host)\(unresolved); make sure the service appends campaign parameters",
        in: context)
    ]
  }
}

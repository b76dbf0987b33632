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

      darkshare knows a tracker by its host (the reference's list of ESP and gateway domains), \
      by a path shape distinctive enough to recognise on any host (HubSpot `/e3t/Ctc/`, \
      SendGrid `/ls/click?upn=`, …), by `redirect-hosts` in the configuration, or infers one \
      from the message itself: a host is taken for a click tracker when at least 3 of the \
      message's links go through it with an opaque token (a run of 16 or more letters and \
      digits that changes between lower case, upper case and digits at least once every 5 \
      characters, as base64, base32 and hex ids do, or a path of 5 or more numeric or hex ids) \
      and no readable word in their path (a token of 48 or more characters counts even beside \
      words), carry \
      no campaign parameters, make up more than half of the message's outbound links, and \
      name at least two different things (anchor texts); or when at least 2 of the message's \
      links without campaign parameters go through a redirect script on it with an id \
      (`/cgi-bin/goto?on=020758`, `/rd/rd.cfm?id=42`, `/go/ad306.html`), or a single one names \
      a server script after a redirect (`/cgi-bin/go.cgi?a=w000…`, `/r.asp?r=…`). Confirm an inferred host with \
      `redirect-hosts: [host]` in .darkshare.yml, or let `--resolve` follow the links to \
      their destinations.
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
    if let tracker = link.inferredTracker, link.resolution == nil {
      return [finding(link, .inferredTracker(tracker, url: link.judgedURL.string), in: context)]
    }
    let host = link.destinationHost.map { " (only its host '\($0)' is known)" } ?? ""
    let unresolved = link.resolution?.error.map { " (--resolve: \($0))" } ?? ""
    return [
      finding(
        link, "\(service) hides the destination of '\(link.judgedURL.string)'\(host)\(unresolved); make sure the service appends campaign parameters",
        in: context)
    ]
  }
}

extension String {
  /// The finding for a link through a click tracker inferred from its message.
  fileprivate static func inferredTracker(_ tracker: InferredTracker, url: String) -> String {
    let shows =
      switch tracker.evidence {
      case .opaqueTokens: "\(tracker.links) of the message's \(tracker.outboundLinks) outbound links go through it with opaque tokens"
      case .redirectScript where tracker.links == 1: "the link goes through a redirect script on it with an id"
      case .redirectScript: "\(tracker.links) of the message's links go through a redirect script on it with an id"
      }
    return "'\(tracker.host)' looks like a click tracker (\(shows)), so the destination of '\(url)' is hidden; confirm it with `redirect-hosts: [\(tracker.host)]` in .darkshare.yml, or follow it with --resolve"
  }
}

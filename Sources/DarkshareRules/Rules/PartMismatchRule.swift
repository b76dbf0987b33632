import DarkshareCore
import DarkshareJudgement

/// Flags text/plain links that lack the attribution the HTML part gives the same destination.
///
/// Runs per message (``RuleRunner`` groups links by ``Link/message``). HTML-part links are
/// those with an HTML element (`a`, `area`, `v:roundrect`); text-part links have element
/// `text`. Destinations are compared by ``DestinationKey``: the unwrapped destination, scheme
/// and host without case, `http` and `https` alike, the path without a trailing `/`, and the
/// query without campaign, click and recipient parameters (order ignored). A message with only
/// one kind of part produces nothing.
struct PartMismatchRule: DocumentRule {
  static let description = RuleDescription(
    identifier: "part-mismatch",
    name: "Part Mismatch",
    summary: "The HTML part links a destination with campaign parameters that the text/plain part links without.",
    rationale: """
      A `multipart/alternative` message carries two renderings, and ESPs tag links in the HTML \
      part while the text part is often hand-written or generated from an older draft. The text \
      part is what plain-text mail clients, watches, screen readers and many notification \
      previews show, and it is the version people copy into chats and SMS: exactly the dark \
      shares attribution is meant to survive. A warning rather than an error: the link's own \
      problem (`untagged-link`, `missing-campaign-parameter`) is already reported at its \
      severity; this finding names the HTML link to copy the attribution from, and the \
      suggestion is the text link with the HTML link's campaign parameters.
      """,
    defaultSeverity: .warning,
    triggeringExamples: [],
    nonTriggeringExamples: [
      // An HTML file has no text part to compare with.
      #"<a href="https://shop.example/sale?utm_source=nl&amp;utm_medium=email&amp;utm_campaign=may">Sale</a>"#
    ],
    triggeringMessageExamples: [
      """
      From: Harbor Outfitters <news@shop.example>
      Subject: Spring sale
      MIME-Version: 1.0
      Content-Type: multipart/alternative; boundary="b"

      --b
      Content-Type: text/plain; charset=utf-8

      Shop the sale: ↓https://shop.example/sale
      Rain jackets: ↓https://shop.example/jackets/?utm_source=nl
      Boots: ↓https://shop.example/boots?utm_source=nl&utm_medium=email&utm_campaign=march
      --b
      Content-Type: text/html; charset=utf-8

      <a href="https://shop.example/sale?utm_source=nl&amp;utm_medium=email&amp;utm_campaign=spring">Sale</a>
      <a href="https://Shop.example/jackets?utm_source=nl&amp;utm_medium=email&amp;utm_campaign=spring">Jackets</a>
      <a href="https://shop.example/boots?utm_source=nl&amp;utm_medium=email&amp;utm_campaign=spring">Boots</a>
      --b--
      """
    ],
    nonTriggeringMessageExamples: [
      """
      From: Harbor Outfitters <news@shop.example>
      Subject: Spring sale
      MIME-Version: 1.0
      Content-Type: multipart/alternative; boundary="b"

      --b
      Content-Type: text/plain; charset=utf-8

      Shop the sale: https://shop.example/sale?utm_source=nl&utm_medium=email&utm_campaign=spring&utm_content=text
      Our story: https://shop.example/story
      --b
      Content-Type: text/html; charset=utf-8

      <a href="https://shop.example/sale?utm_source=nl&amp;utm_medium=email&amp;utm_campaign=spring&amp;utm_content=button">Sale</a>
      <a href="https://shop.example/story">Our story</a>
      <a href="https://shop.example/boots?utm_source=nl&amp;utm_medium=email&amp;utm_campaign=spring">Boots</a>
      --b--
      """,
      """
      From: Harbor Outfitters <news@shop.example>
      Subject: Spring sale
      MIME-Version: 1.0
      Content-Type: text/plain; charset=utf-8

      Shop the sale: https://shop.example/sale
      """,
    ])

  /// What the finding quotes of the HTML link a text link differs from (the first tagged HTML
  /// link of its destination): made only for a finding.
  struct TaggedLink: Sendable {
    /// The URL without query and fragment.
    var display: String
    var line: Int
    var column: Int
    /// Its campaign parameters as written (`utm_source=nl`).
    var campaignParameters: [String]

    init(_ link: JudgedLink, policy: JudgementPolicy) {
      let url = link.judgedURL.string
      // Cut on bytes: a `Character` walk over every tagged URL was a per cent of an mbox run.
      display = String(url[..<(url.utf8.firstIndex { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? url.endIndex)])
      line = link.link.location.line
      column = link.link.location.column
      campaignParameters = link.attribution.parameters.filter { policy.isCampaignKey($0.key) }
        .map { $0.rawKey + ($0.rawValue.map { "=" + $0 } ?? "") }
    }
  }

  func check(_ links: [JudgedLink], message: MessageCampaignFacts, in context: RuleContext) -> [[Finding]] {
    var findings = Array(repeating: [Finding](), count: links.count)
    guard links.first?.link.message != nil, !message.taggedHTMLLinks.isEmpty else { return findings }
    for (index, link) in links.enumerated() where link.link.element == "text" {
      guard [.tracked, .partial, .dark, .atRisk].contains(link.status),
        let key = DestinationKey(link, policy: context.policy), let htmlLink = message.taggedHTMLLinks[key],
        let difference = Self.difference(link, from: htmlLink, policy: context.policy)
      else { continue }
      let html = TaggedLink(htmlLink, policy: context.policy)
      findings[index] = [
        context.finding(
          Self.description, link,
          "the HTML part links '\(html.display)' at \(html.line):\(html.column) with '\(html.campaignParameters.joined(separator: "&"))', but this text-part link \(difference); copy the HTML link's attribution",
          suggestion: Self.suggestion(link, from: html, policy: context.policy))
      ]
    }
    return findings
  }

  private static func difference(_ text: JudgedLink, from html: JudgedLink, policy: JudgementPolicy) -> String? {
    if !text.attribution.hasCampaignParameters { return "has no campaign parameters" }
    var missing = [String]()
    var different = [String]()
    for key in policy.requiredParameters {
      guard let wanted = html.attribution.values[key] else { continue }
      if let value = text.attribution.values[key], !value.isEmpty {
        if value != wanted { different.append("'\(key)=\(value)'") }
      } else {
        missing.append("'\(key)'")
      }
    }
    var parts = [String]()
    if !missing.isEmpty { parts.append("lacks \(missing.joined(separator: ", "))") }
    if !different.isEmpty { parts.append("has \(different.joined(separator: ", ")) instead") }
    return parts.isEmpty ? nil : parts.joined(separator: " and ")
  }

  private static func suggestion(_ text: JudgedLink, from html: TaggedLink, policy: JudgementPolicy) -> String {
    let url = text.judgedURL
    let string = url.string
    let base = String(string[..<(string.firstIndex { $0 == "?" || $0 == "#" } ?? string.endIndex)])
    let kept = url.queryParameters.filter { !policy.isCampaignKey($0.key) }.map { $0.rawKey + ($0.rawValue.map { "=" + $0 } ?? "") }
    let path = url.host != nil && url.path.isEmpty ? "/" : ""
    let query = (kept + html.campaignParameters).joined(separator: "&")
    return base + path + "?" + query + (url.fragment.map { "#" + $0 } ?? "")
  }
}

import DarkshareCore
import DarkshareJudgement

/// Flags merge tags left in links of mail and messages that were actually sent.
///
/// In a template (an HTML or text file) `{{ product.url }}` is filled in at send time, which
/// `template-url` reports as unknowable. In sent mail the ESP should already have rendered it;
/// a tag that is still there reached every recipient as written. The two rules split on
/// ``Link/isSent``, so one link never gets both. Statuses stay as §2 defines them: a
/// placeholder destination is `unknown` (no one can say where it goes), a service tag
/// (`*|UNSUB|*`) `excluded`, and a tag in a query value leaves the status the other parameters
/// give (the visit is attributed, to a campaign literally named `*|CAMPAIGN|*`).
struct UnrenderedMergeTagRule: Rule {
  static let description = RuleDescription(
    identifier: "unrendered-merge-tag",
    name: "Unrendered Merge Tag",
    summary: "A merge tag was left in a link of sent mail: every recipient got the literal tag.",
    rationale: """
      A `*|FNAME|*`, `{{ first_name }}` or `%%campaign%%` that is still in a delivered message \
      was never rendered — a misspelt field, a field with no value and no fallback, or a \
      template sent through a tool that does not know that syntax. Every recipient got the \
      same broken link: a placeholder destination goes nowhere, and a placeholder \
      `utm_campaign` files all of the send's visits under a campaign literally named \
      `*|CAMPAIGN|*`. It is an error because the damage is done to the whole send; fix the \
      field (or give it a default) in the ESP and check a test send. In templates, where tags \
      belong, `template-url` reports placeholder destinations instead.
      """,
    defaultSeverity: .error,
    triggeringExamples: [],
    nonTriggeringExamples: [
      // In a template the tags are filled in at send time.
      #"<a href="{{ product.url }}">Product</a>"#,
      #"<a href="https://shop.example/?utm_source=nl&amp;utm_medium=email&amp;utm_campaign=*|CAMPAIGN|*">Shop</a>"#,
    ],
    triggeringMessageExamples: [
      """
      From: Harbor Outfitters <news@shop.example>
      Subject: Your picks
      MIME-Version: 1.0
      Content-Type: text/html; charset=utf-8

      <p><a href="↓{{ product.url }}">Your pick</a></p>
      <p><a href="↓https://shop.example/?utm_source=nl&amp;utm_medium=email&amp;utm_campaign=*|CAMPAIGN|*">Shop</a></p>
      """,
      """
      From: Harbor Outfitters <news@shop.example>
      Subject: Welcome
      MIME-Version: 1.0
      Content-Type: text/plain; charset=utf-8

      Hi there, your welcome page: ↓https://shop.example/welcome?name=*|FNAME|*&utm_source=nl&utm_medium=email&utm_campaign=welcome
      Your coupon: ↓https://shop.example/coupon?for={{ first_name }}
      """,
    ],
    nonTriggeringMessageExamples: [
      """
      From: Harbor Outfitters <news@shop.example>
      Subject: Welcome
      MIME-Version: 1.0
      Content-Type: text/plain; charset=utf-8

      Hi Ann, your welcome page: https://shop.example/welcome?name=Ann&utm_source=nl&utm_medium=email&utm_campaign=welcome
      Half price: https://shop.example/sale?q=50%25%20off&utm_source=nl&utm_medium=email&utm_campaign=welcome
      """
    ])

  /// Opening delimiters a phone or mail client leaves at the end of a linkified URL when the
  /// tag itself holds a space (`…?for={{ first_name }}` becomes `…?for={{`).
  private static let cutOpeners = ["{{", "{%", "*|", "[[", "<%", "${", "%%", "%7B%7B", "%7b%7b", "%2A%7C", "%2a%7c"]

  func check(_ link: JudgedLink, in context: RuleContext) -> [Finding] {
    guard link.link.isSent, link.kind != .ignored, link.kind != .outOfScope else { return [] }
    // The link as written, and its destination when a wrapper or share link carries one; the
    // written URL's tags are scanned for, not the whole URL parsed again.
    let written = link.link.url
    var names = [String]()
    func add(_ tags: [MergeTag], of url: String) {
      guard !tags.isEmpty else { return }
      let bytes = Array(url.utf8)
      for tag in tags {
        // The tag as written, delimiters included.
        let name = String(decoding: bytes[tag.range], as: UTF8.self)
        if !names.contains(name) { names.append(name) }
      }
    }
    // Mostly the judged URL is the URL as written, already scanned when it was parsed.
    if link.judgedURL.string != written { add(MergeTagScanner.tags(in: Array(written.utf8)), of: written) }
    add(link.judgedURL.mergeTags, of: link.judgedURL.string)
    var cut: String?
    if names.isEmpty, link.link.element == "text" {
      cut = Self.cutOpeners.first { written.hasSuffix($0) }
    }
    guard !names.isEmpty || cut != nil else { return [] }
    let quoted = names.map { "'\($0)'" }.joined(separator: ", ") + (names.count > 1 ? " were" : " was")
    let message: String
    if let cut {
      message = "the URL ends in '\(cut)', the start of a merge tag sent unrendered (the tag's space ended the link); fix the field in the ESP"
    } else if link.judgedURL.destinationIsPlaceholder || LinkURL(written).destinationIsPlaceholder {
      message = "\(quoted) sent unrendered, so every recipient got a link that goes nowhere; fix the field in the ESP"
    } else if let parameter = Self.campaignParameter(holdingTagIn: link, policy: context.policy) {
      message = "\(quoted) sent unrendered, so analytics files every visit under '\(parameter.rawKey)=\(parameter.rawValue ?? "")'; fix the field in the ESP"
    } else {
      message = "\(quoted) sent unrendered: every recipient got the literal tag in the link; fix the field in the ESP"
    }
    return [finding(link, message, in: context)]
  }

  /// The first campaign parameter whose value is a placeholder.
  private static func campaignParameter(holdingTagIn link: JudgedLink, policy: JudgementPolicy) -> QueryParameter? {
    link.judgedURL.queryParameters.first { $0.valueIsPlaceholder && policy.isCampaignKey($0.key) }
  }
}

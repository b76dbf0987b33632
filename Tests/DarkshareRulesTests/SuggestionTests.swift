import DarkshareTestSupport
import Testing

/// The suggested URL is the link repaired: parameters added before the fragment, existing ones
/// untouched, malformations undone, the document's usual values reused.
@Suite struct SuggestionTests {
  private func suggestion(for href: String, among others: [String] = []) -> String? {
    let anchors = (others + [href]).map { "<a href=\"\($0)\">x</a>" }.joined(separator: "\n")
    return auditHTML(anchors, file: "may-sale.html").links.last?.findings.compactMap(\.suggestion).first
  }

  private let tagged = "https://shop.example/a?utm_source=news&amp;utm_medium=email&amp;utm_campaign=may"

  @Test func addsMissingParametersBeforeTheFragmentWithTheDocumentsValues() {
    #expect(
      suggestion(for: "https://shop.example/sale?color=red#top", among: [tagged, tagged])
        == "https://shop.example/sale?color=red&utm_source=news&utm_medium=email&utm_campaign=may#top")
  }

  @Test func fallsBackToChannelDefaultsAndTheFileStem() {
    #expect(
      suggestion(for: "https://shop.example/sale")
        == "https://shop.example/sale?utm_source=newsletter&utm_medium=email&utm_campaign=may-sale")
  }

  @Test func givesAnEmptyPathItsSlash() {
    #expect(
      suggestion(for: "https://shop.example")
        == "https://shop.example/?utm_source=newsletter&utm_medium=email&utm_campaign=may-sale")
  }

  @Test func repairsMalformedQueries() {
    #expect(
      suggestion(for: "https://shop.example/?utm_source=a?utm_medium=email&amp;utm_campaign=may")
        == "https://shop.example/?utm_source=a&utm_medium=email&utm_campaign=may")
    #expect(
      suggestion(for: "https://shop.example/?UTM_Source=a&amp;amp;utm_medium=email&amp;utm_campaign=may")
        == "https://shop.example/?utm_source=a&utm_medium=email&utm_campaign=may")
    #expect(
      suggestion(for: "https://shop.example/p&utm_source=a&amp;utm_medium=email&amp;utm_campaign=may")
        == "https://shop.example/p?utm_source=a&utm_medium=email&utm_campaign=may")
    // Every second `?` becomes `&`, in an ASCII query and in one with accents; a `?` that a
    // combining mark joins is not a `?` to the repair.
    #expect(
      suggestion(for: "https://shop.example/?utm_source=a?utm_medium=email?utm_campaign=may")
        == "https://shop.example/?utm_source=a&utm_medium=email&utm_campaign=may")
    #expect(
      suggestion(for: "https://shop.example/?q=café?utm_source=a?utm_medium=email&amp;utm_campaign=may")
        == "https://shop.example/?q=café&utm_source=a&utm_medium=email&utm_campaign=may")
    #expect(
      suggestion(for: "https://shop.example/?q=x?\u{301}y?utm_source=a&amp;utm_medium=email&amp;utm_campaign=may")
        == "https://shop.example/?q=x?\u{301}y&utm_source=a&utm_medium=email&utm_campaign=may")
  }

  @Test func movesCampaignParametersOutOfTheFragment() {
    #expect(
      suggestion(for: "https://app.example/#/offer?utm_source=a&amp;utm_medium=email&amp;utm_campaign=may&amp;tab=2")
        == "https://app.example/?utm_source=a&utm_medium=email&utm_campaign=may#/offer?tab=2")
  }

  @Test func keepsMergeTagsIntact() {
    #expect(
      suggestion(for: "http://shop.example/?utm_source=a&amp;utm_medium=email&amp;utm_campaign={{ campaign.name }}")
        == "https://shop.example/?utm_source=a&utm_medium=email&utm_campaign={{ campaign.name }}")
  }

  /// Every suggestion on a link `pii-in-url` reports, and whether that rule reported it.
  private func piiSuggestions(for href: String, message: Bool = false) -> (reported: Bool, suggestions: [String]) {
    let anchor = "<a href=\"\(href)\">x</a>"
    let result =
      message
      ? auditMessage("From: a@shop.example\r\nSubject: s\r\nContent-Type: text/html\r\n\r\n\(anchor)\r\n", file: "may-sale.eml")
      : auditHTML(anchor, file: "may-sale.html")
    let findings = result.links.last?.findings ?? []
    return (findings.contains { $0.rule == "pii-in-url" }, findings.compactMap(\.suggestion))
  }

  @Test func piiInURLSuggestsTheURLWithoutWhatItReports() {
    let cases: [(href: String, expected: String)] = [
      (
        "https://shop.example/welcome?email=jane.doe%40example.com&amp;utm_source=nl&amp;utm_medium=email&amp;utm_campaign=may",
        "https://shop.example/welcome?utm_source=nl&utm_medium=email&utm_campaign=may"
      ),
      (
        "https://shop.example/pt/callback?phone=%2B14155550123&amp;slot=evening",
        "https://shop.example/pt/callback?slot=evening&utm_source=newsletter&utm_medium=email&utm_campaign=may-sale"
      ),
      (
        "https://shop.example/call?mobile=07700900123&amp;utm_source=nl&amp;utm_medium=email&amp;utm_campaign=may",
        "https://shop.example/call?utm_source=nl&utm_medium=email&utm_campaign=may"
      ),
      (
        "https://shop.example/u/jane%40example.com/prefs?utm_source=nl&amp;utm_medium=email&amp;utm_campaign=may",
        "https://shop.example/u/REMOVED/prefs?utm_source=nl&utm_medium=email&utm_campaign=may"
      ),
      (
        "https://shop.example/account?email=*|EMAIL|*&amp;utm_source=nl&amp;utm_medium=email&amp;utm_campaign=may",
        "https://shop.example/account?utm_source=nl&utm_medium=email&utm_campaign=may"
      ),
      (
        "https://shop.example/sale?ref=jane@example.com&amp;color=red#top",
        "https://shop.example/sale?color=red&utm_source=newsletter&utm_medium=email&utm_campaign=may-sale#top"
      ),
    ]
    for (href, expected) in cases {
      let (reported, suggestions) = piiSuggestions(for: href)
      #expect(reported, "\(href)")
      // Every rule's suggestion is the one repair: none of them keeps the address or number.
      #expect(!suggestions.isEmpty && suggestions.allSatisfy { $0 == expected }, "\(href): \(suggestions)")
    }
  }

  @Test func aPersonalMergeTagInSentMailIsNotDroppedAsPII() {
    // In sent mail the tag reached no one filled in: `unrendered-merge-tag` reports it, and
    // the suggestion keeps the parameter the template author wrote.
    let (reported, suggestions) = piiSuggestions(for: "https://shop.example/account?email=*|EMAIL|*", message: true)
    #expect(!reported)
    #expect(suggestions.allSatisfy { $0.contains("email=*|EMAIL|*") })
  }
}

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
}

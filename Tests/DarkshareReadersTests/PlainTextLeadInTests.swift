import DarkshareReaders
import Testing

/// The words that introduce a plain-text URL, which stand in for an anchor text.
@Suite struct PlainTextLeadInTests {
  private func leadIns(_ text: String) -> [String?] {
    PlainTextLeadIn.leadIns(of: PlainTextLinkDetector.links(in: text), in: text)
  }

  @Test func theWordsBeforeTheURLOnItsLine() {
    #expect(leadIns("Thanks for reading. To unsubscribe, go to: https://news.example/u?id=1") == ["To unsubscribe, go to:"])
  }

  @Test func theLineAboveWhenTheURLStandsAlone() {
    #expect(leadIns("To change your address, please visit:\n  https://news.example/subscribe/") == ["To change your address, please visit:"])
  }

  @Test func notTheLineAboveWhenItHasAURLOfItsOwn() {
    let text = "View this email in your browser (https://news.example/web)\nhttps://shop.example/webinar-series/"
    #expect(leadIns(text) == ["View this email in your browser", nil])
  }

  @Test func onlyFromThePreviousURLOnTheSameLine() {
    #expect(leadIns("Unsubscribe: https://a.example/u | Shop: https://a.example/shop") == ["Unsubscribe:", "| Shop:"])
  }

  @Test func noLetterNoLeadIn() {
    #expect(leadIns("--> https://a.example/x") == [nil])
  }
}

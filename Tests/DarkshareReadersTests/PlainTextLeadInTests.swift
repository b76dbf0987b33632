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

  @Test func theWholeSentenceOfAWrappedParagraph() {
    let text = """
      SUBSCRIPTION SERVICES
      To subscribe or unsubscribe to any of our e-mail
      newsletters, go to:
      http://www.news.example/scripts/edit.asp
      """
    #expect(leadIns(text) == ["SUBSCRIPTION SERVICES To subscribe or unsubscribe to any of our e-mail newsletters, go to:"])
  }

  @Test func aSentenceEndAtALineEndStartsTheLeadIn() {
    let text = "We keep you posted.\nAn- und Abmelden können Sie auf folgender Website:\nhttp://www.ibm.example/de/profile/"
    #expect(leadIns(text) == ["An- und Abmelden können Sie auf folgender Website:"])
  }

  @Test func aBlankLineEndsTheParagraph() {
    let text = "To unsubscribe, write to us\n\n  \nOur new shop is open\nhttps://shop.example/new"
    #expect(leadIns(text) == ["Our new shop is open"])
  }

  @Test func theURLInsideASentence() {
    let text = "You may opt out by logging in and visiting your Account\npage (http://forge.example/account/), or"
    #expect(leadIns(text) == ["You may opt out by logging in and visiting your Account page"])
  }

  /// Lines ending in CR LF and CR, and letters and emoji of several bytes before the URLs: the
  /// lead-in is found by scalar, not by byte.
  @Test func acrossLineEndingsAndScalarsOfSeveralBytes() {
    let text = "Grüße 👋\r\nZum Abmelden: https://a.example/u\rÉtat: https://b.example/é x https://c.example/\n"
    #expect(leadIns(text) == ["Grüße 👋 Zum Abmelden:", "État:", "x"])
    let far = String(repeating: "wörd ", count: 200) + "https://a.example/x"
    #expect(leadIns(far)[0]?.hasSuffix("wörd wörd") == true)
  }

  @Test func atMostTheNearestScalars() {
    let text = String(repeating: "word ", count: 60) + "https://a.example/x"
    let leadIn = leadIns(text)[0]
    #expect(leadIn.map { $0.unicodeScalars.count <= PlainTextLeadIn.maximumLength } == true)
  }
}

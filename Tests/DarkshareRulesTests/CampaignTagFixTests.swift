import DarkshareCore
import DarkshareJudgement
import DarkshareRules
import Testing

/// The smallest edit that gives a template link complete attribution.
@Suite struct CampaignTagFixTests {
  /// The fixed URL of the last of `urls` (the others are the document's other links).
  private func fixed(_ url: String, among others: [String] = [], fix: [String: String] = [:], text: String? = "Shop") -> CampaignTagFix.Outcome? {
    var configuration = Configuration.default
    configuration.fixValues = fix
    let judge = LinkJudge(policy: JudgementPolicy(configuration: configuration))
    let links = (others + [url]).enumerated().map { index, url in
      Link(url: url, location: SourceLocation(file: "spring.html", line: index + 1, column: 1), text: text, element: "a", channel: .email)
    }
    let judged = judge.judge(messagesOf: links)
    let context = RuleContext(configuration: configuration, policy: judge.policy, links: judged, documentName: "spring.html")
    return CampaignTagFix.outcome(for: judged.last!, in: context)
  }

  private func url(_ outcome: CampaignTagFix.Outcome?) -> String? {
    if case .fixed(_, let url)? = outcome { return url }
    return nil
  }

  @Test func appendsMissingKeysBeforeTheFragment() {
    #expect(url(fixed("https://shop.example/a?x=1#top")) == "https://shop.example/a?x=1&utm_source=newsletter&utm_medium=email&utm_campaign=spring#top")
  }

  @Test func anEmptyLastValueIsFilledBeforeTheAppendedKeys() {
    #expect(url(fixed("https://shop.example/a?utm_source=")) == "https://shop.example/a?utm_source=newsletter&utm_medium=email&utm_campaign=spring")
    #expect(url(fixed("https://shop.example/a?utm_medium=#x")) == "https://shop.example/a?utm_medium=email&utm_source=newsletter&utm_campaign=spring#x")
  }

  @Test func miscasedKeysTakeTheRequiredCaseAndFragmentKeysMoveIntoTheQuery() {
    #expect(url(fixed("https://shop.example/a?UTM_Source=nl&utm_medium=email#utm_campaign=may")) == "https://shop.example/a?utm_source=nl&utm_medium=email&utm_campaign=may")
  }

  @Test func aMergeTagInAConfiguredValueStaysAsWritten() {
    let outcome = fixed("https://shop.example/a", fix: ["utm_campaign": "{{ campaign.name }}", "utm_content": "{text}"], text: "Big & bold")
    #expect(url(outcome) == "https://shop.example/a?utm_source=newsletter&utm_medium=email&utm_campaign={{ campaign.name }}&utm_content=big-bold")
  }

  @Test func aValueCopiedFromTheDocumentKeepsItsMergeTag() {
    let tagged = "https://shop.example/t?utm_source=nl&utm_medium=email&utm_campaign={{ campaign.name }}"
    #expect(url(fixed("https://shop.example/a", among: [tagged])) == "https://shop.example/a?utm_source=nl&utm_medium=email&utm_campaign={{ campaign.name }}")
  }

  @Test func valuesAreEncodedWithTwoHexDigitsOutsideMergeTags() {
    let outcome = fixed("https://shop.example/a", fix: ["utm_campaign": "50% off+\u{9}more"])
    #expect(url(outcome) == "https://shop.example/a?utm_source=newsletter&utm_medium=email&utm_campaign=50%25%20off%2B%09more")
  }

  @Test func wrappedShortenedAndTemplateLinksAreNotFixable() {
    guard case .notFixable(let reason)? = fixed("https://bit.ly/3xYz") else { return #expect(Bool(false)) }
    #expect(reason.contains("Bitly"))
    guard case .notFixable? = fixed("{{ product.url }}") else { return #expect(Bool(false)) }
  }

  @Test func aShareLinkHasTheURLItCarriesTaggedForItsNetworkInPlace() {
    #expect(
      url(fixed("https://twitter.com/intent/tweet?url=https%3A%2F%2Fshop.example%2Fa&text=Hi%20there"))
        == "https://twitter.com/intent/tweet?url=https%3A%2F%2Fshop.example%2Fa%3Futm_source%3Dx%26utm_medium%3Dsocial%26utm_campaign%3Dspring&text=Hi%20there")
    // In free text, only the URL's bytes change; the message keeps its own encoding.
    #expect(
      url(fixed("https://wa.me/?text=Look+at%20this:%20https%3A%2F%2Fshop.example%2Fa%20!"))
        == "https://wa.me/?text=Look+at%20this:%20https%3A%2F%2Fshop.example%2Fa%3Futm_source%3Dwhatsapp%26utm_medium%3Dsocial%26utm_campaign%3Dspring%20!")
  }

  @Test func aShareLinkWhoseURLCannotBePlacedIsLeft() {
    // The same URL twice in the text: which one to tag is a guess.
    guard case .notFixable(let reason)? = fixed("https://wa.me/?text=https%3A%2F%2Fshop.example%2Fa%20or%20https%3A%2F%2Fshop.example%2Fa") else {
      return #expect(Bool(false))
    }
    #expect(reason.contains("free text"))
  }

  @Test func aTrackedLinkNeedsNoFix() {
    #expect(fixed("https://shop.example/a?utm_source=a&utm_medium=email&utm_campaign=b") == nil)
  }
}

import DarkshareCore
import DarkshareJudgement
import DarkshareRules
import Testing

/// What the `.eml` examples cannot express: SMS and chat channels, templates versus sent mail
/// for the same URL, and the exact messages and suggestions of the sent-mail rules.
@Suite struct SentMailRulesTests {
  /// Every finding per link of `links`, judged and run as one document.
  private func findings(_ links: [Link]) -> [[Finding]] {
    let policy = JudgementPolicy()
    let judge = LinkJudge(policy: policy)
    let judged = links.map(judge.judge)
    let context = RuleContext(configuration: .default, policy: policy, links: judged, documentName: "t.eml")
    return RuleRunner().findings(for: judged, in: context)
  }

  private func link(
    _ url: String, line: Int = 1, element: String = "a", channel: Channel = .email, message: Int? = 0
  ) -> Link {
    Link(
      url: url, location: SourceLocation(file: "t", line: line, column: 1), text: nil, element: element,
      channel: channel, message: message.map { MessageContext(index: $0) })
  }

  private func rules(_ findings: [Finding]) -> Set<String> { Set(findings.map(\.rule)) }

  @Test(arguments: [Channel.email, .sms, .chat])
  func aTagInSentMailIsUnrenderedNeverATemplate(_ channel: Channel) {
    let found = findings([link("{{ product.url }}", channel: channel)])[0]
    #expect(rules(found) == ["unrendered-merge-tag"])
    #expect(found.first?.severity == .error)
    #expect(found.first?.message == "'{{ product.url }}' was sent unrendered, so every recipient got a link that goes nowhere; fix the field in the ESP")
  }

  @Test func smsAndChatAreSentEvenWithoutAMessageContext() {
    #expect(rules(findings([link("{{ url }}", channel: .sms, message: nil)])[0]) == ["unrendered-merge-tag"])
    #expect(rules(findings([link("{{ url }}", channel: .chat, message: nil)])[0]) == ["unrendered-merge-tag"])
  }

  @Test func aTemplateKeepsTemplateURLAndNoUnrenderedTag() {
    let found = findings([link("{{ product.url }}", message: nil)])[0]
    #expect(rules(found) == ["template-url"])
    let value = "https://s.example/?utm_source=nl&utm_medium=email&utm_campaign=*|CAMPAIGN|*"
    #expect(findings([link(value, message: nil)])[0].isEmpty)
  }

  @Test func aPlaceholderCampaignValueInSentMailNamesWhatAnalyticsRecords() {
    let found = findings([link("https://s.example/?utm_source=nl&utm_medium=email&utm_campaign=%%campaign%%")])[0]
    #expect(found.map(\.message) == [
      "'%%campaign%%' was sent unrendered, so analytics files every visit under 'utm_campaign=%%campaign%%'; fix the field in the ESP"
    ])
  }

  @Test func aPersonalDataTagInSentMailIsNoPersonalData() {
    let found = findings([link("https://s.example/account?email=*|EMAIL|*&utm_source=nl&utm_medium=email&utm_campaign=may")])[0]
    #expect(!rules(found).contains("pii-in-url"))
    #expect(rules(found).contains("unrendered-merge-tag"))
  }

  @Test func aSentPlaceholderIsNeverSuggestedAsAValue() {
    let found = findings([
      link("https://s.example/a?utm_source=nl&utm_medium=email&utm_campaign=*|CAMPAIGN|*"),
      link("https://s.example/b", line: 2),
    ])
    let suggestion = found[1].first { $0.rule == "untagged-link" }?.suggestion
    #expect(suggestion?.contains("*|CAMPAIGN|*") == false)
  }

  @Test func partMismatchNamesTheHTMLLinkAndSuggestsItsAttribution() throws {
    let found = findings([
      link("https://s.example/sale#top", line: 3, element: "text"),
      link("https://s.example/sale?utm_source=nl&utm_medium=email&utm_campaign=may&utm_content=hero", line: 7),
    ])
    let finding = try #require(found[0].first { $0.rule == "part-mismatch" })
    #expect(finding.severity == .warning)
    #expect(finding.message == "the HTML part links 'https://s.example/sale' at 7:1 with 'utm_source=nl&utm_medium=email&utm_campaign=may&utm_content=hero', but this text-part link has no campaign parameters; copy the HTML link's attribution")
    #expect(finding.suggestion == "https://s.example/sale?utm_source=nl&utm_medium=email&utm_campaign=may&utm_content=hero#top")
    #expect(found[1].isEmpty)
  }

  @Test func partMismatchComparesWithinOneMessageOnly() {
    let found = findings([
      link("https://s.example/sale", element: "text", message: 0),
      link("https://s.example/sale?utm_source=nl&utm_medium=email&utm_campaign=may", message: 1),
    ])
    #expect(!rules(found[0]).contains("part-mismatch"))
  }

  @Test func partMismatchKeepsOtherParametersAndIgnoresTrackingOnes() {
    let found = findings([
      link("http://S.example/p/?id=4&mc_eid=abc", element: "text"),
      link("https://s.example/p?utm_source=nl&utm_medium=email&utm_campaign=may&id=4", line: 2),
      link("https://s.example/p?id=5", line: 3, element: "text"),
    ])
    #expect(found[0].first { $0.rule == "part-mismatch" }?.suggestion
      == "http://S.example/p/?id=4&mc_eid=abc&utm_source=nl&utm_medium=email&utm_campaign=may")
    #expect(!rules(found[2]).contains("part-mismatch"))  // another product: another destination
  }
}

import DarkshareCore
import DarkshareJudgement
import Testing

@Suite struct ShareLinkTests {
  private func judge(_ url: String) -> JudgedLink {
    LinkJudge().judge(Link(url: url, location: SourceLocation(file: "t", line: 1, column: 1), text: nil, element: "a", channel: .email))
  }

  @Test(arguments: [
    ("https://wa.me/?text=Look%20https%3A%2F%2Fs.example%2Fa", "WhatsApp", "https://s.example/a"),
    ("https://wa.me/15551234567?text=https%3A%2F%2Fs.example%2Fa", "WhatsApp", "https://s.example/a"),
    ("https://api.whatsapp.com/send?text=https%3A%2F%2Fs.example%2Fa", "WhatsApp", "https://s.example/a"),
    ("whatsapp://send?text=https%3A%2F%2Fs.example%2Fa", "WhatsApp", "https://s.example/a"),
    ("https://twitter.com/intent/tweet?text=Hi&url=https%3A%2F%2Fs.example%2Fa", "X", "https://s.example/a"),
    ("https://x.com/intent/post?url=https%3A%2F%2Fs.example%2Fa", "X", "https://s.example/a"),
    ("https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fs.example%2Fa", "Facebook", "https://s.example/a"),
    ("https://www.linkedin.com/sharing/share-offsite/?url=https%3A%2F%2Fs.example%2Fa", "LinkedIn", "https://s.example/a"),
    ("https://t.me/share/url?url=https%3A%2F%2Fs.example%2Fa&text=Hi", "Telegram", "https://s.example/a"),
    ("mailto:?subject=Hi&body=See%20https%3A%2F%2Fs.example%2Fa.", "e-mail", "https://s.example/a"),
    ("sms:?&body=(https%3A%2F%2Fs.example%2Fa)", "SMS", "https://s.example/a"),
  ])
  func carriedURLIsTheDestination(_ url: String, _ network: String, _ carried: String) {
    let judged = judge(url)
    #expect(judged.share?.network == network)
    #expect(judged.destination == carried)
    #expect(judged.status == .dark)
  }

  @Test func messagesWithoutALinkAreNotShares() {
    #expect(judge("sms:+15551234?body=Hi").status == .excluded)
    #expect(judge("mailto:team@s.example?subject=Hi&body=Question").status == .excluded)
    #expect(judge("https://wa.me/?text=no%20link").share != nil)
  }

  @Test func profileAndPostLinksAreNotShareLinks() {
    #expect(judge("https://twitter.com/lanterncoffee").share == nil)
    #expect(judge("https://www.facebook.com/lanterncoffee").share == nil)
    #expect(judge("https://t.me/lanterncoffee").share == nil)
  }
}

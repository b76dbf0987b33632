import DarkshareCore
import Testing

@testable import DarkshareJudgement

/// Redirect scripts that carry their destination in a query parameter, and pages that do not.
@Suite struct RedirectParameterTests {
  private func judge(_ url: String) -> JudgedLink {
    LinkJudge().judge(
      Link(url: url, location: SourceLocation(file: "m.eml", line: 1, column: 1), text: "x", element: "a", channel: .email))
  }

  @Test(arguments: [
    ("https://news.example/redirect/?target=stat&linknum=2&href="
      + Array("https://shop.example/sale?utm_source=nl&utm_medium=email&utm_campaign=may".utf8)
      .map { String(format: "%02x", $0) }.joined(), "https://shop.example/sale?utm_source=nl&utm_medium=email&utm_campaign=may"),
    ("https://shop.example/out?url=https%3A%2F%2Fpartner.example%2Fx", "https://partner.example/x"),
    ("https://shop.example/cgi-bin/goto.cgi?dest=https://partner.example/y&id=4", "https://partner.example/y"),
    ("https://shop.example/click?u=aHR0cHM6Ly9wYXJ0bmVyLmV4YW1wbGUveg", "https://partner.example/z"),
  ])
  func theDestinationInTheQueryIsJudged(_ url: String, _ destination: String) {
    let link = judge(url)
    #expect(link.destination == destination, "\(url)")
    #expect(link.service == "redirect at " + (LinkURL(url).host ?? ""))
  }

  @Test(arguments: [
    "https://shop.example/login?next=https%3A%2F%2Fshop.example%2Fcart",
    "https://shop.example/redirect?to=cart",
    "https://shop.example/out?ref=0123456789abcdef",
  ])
  func otherURLsAreLeftAlone(_ url: String) {
    let link = judge(url)
    #expect(link.destination == nil, "\(url)")
  }
}

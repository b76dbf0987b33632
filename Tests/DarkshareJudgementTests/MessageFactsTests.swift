import DarkshareCore
@testable import DarkshareJudgement
import Testing

/// A message judged a part at a time with the facts of the whole message (a document too large
/// to hold) gets the statuses it gets when judged whole.
@Suite struct MessageFactsTests {
  private func link(_ url: String, text: String?, line: Int) -> Link {
    Link(
      url: url, location: SourceLocation(file: "m.eml", line: line, column: 1), text: text,
      element: text == nil ? "text" : "a", channel: .email, message: MessageContext(index: 0))
  }

  /// The readings a large document gets: services, then (when text links may be twins) the
  /// trackers, then the judgement of each part.
  private func judgedInParts(_ links: [Link], partSize: Int) -> [JudgedLink] {
    let judge = LinkJudge()
    let parts = stride(from: 0, to: links.count, by: partSize).map { Array(links[$0..<min($0 + partSize, links.count)]) }
    var facts = MessageFacts()
    for part in parts { facts.addServices(of: judge.judge(partOf: part, facts: MessageFacts()), policy: judge.policy) }
    let services = facts
    for part in parts { facts.addTrackers(of: judge.judge(partOf: part, facts: services)) }
    return parts.flatMap { judge.judge(partOf: $0, facts: facts) }
  }

  @Test(arguments: [1, 2, 3, 100])
  func partsGetTheStatusesOfTheWholeMessage(partSize: Int) {
    // A text part first (links whose HTML twins come later), then the HTML part, with a click
    // tracker only the whole message shows and a redirect script counted across parts.
    let links = [
      link("https://links.brand.example/e3t/Ctc/VWT1Sk8Hy8pQW2dR6Hx4t3J9gW", text: nil, line: 1),
      link("https://www.brand.example/sale", text: nil, line: 2),
      link("https://ads.example/cgi-bin/goto?on=1234", text: nil, line: 3),
      link("https://links.brand.example/e3t/Ctc/VWT1Sk8Hy8pQW2dR6Hx4t3J9gW", text: "Unsubscribe", line: 10),
      link("https://go.brand.example/t/MWn9Tq2Lp4Rs8Vx3Kd7Hb5Jf1Gz6Qw0Ey4Ua", text: "Book a demo", line: 11),
      link("https://go.brand.example/t/N5k2Bv8Xc3Mz7Lq1Wp9Rt4Ys6Hd0Gf2Ja8Ek", text: "Pricing", line: 12),
      link("https://ads.example/cgi-bin/goto?on=5678", text: "Offer", line: 13),
      link("https://go.brand.example/t/Pq7Ws3Ed9Rf1Tg5Yh8Uj2Ik4Ol6Zx0Cv3Bn7M", text: "Case study", line: 14),
      link("https://go.brand.example/t/VWT1Sk8Hy8pQW2dR6Hx4t3J9gWabcdefgh", text: "Report", line: 15),
      link("https://go.brand.example/t/Zx0Cv3Bn7MPq7Ws3Ed9Rf1Tg5Yh8Uj2Ik4Ol6", text: "Stores", line: 16),
      link("https://www.brand.example/sale?utm_source=nl&utm_medium=email&utm_campaign=march", text: "Shop", line: 17),
    ]
    let whole = LinkJudge().judge(messagesOf: links)
    // The message shows all three: a twin, an inferred tracker and a redirect script.
    #expect(whole[0].status == .excluded)
    #expect(whole[4].inferredTracker?.host == "go.brand.example")
    #expect(whole[2].inferredTracker?.evidence == .redirectScript)
    let parted = judgedInParts(links, partSize: partSize)
    #expect(parted.map(\.status) == whole.map(\.status))
    #expect(parted.map(\.inferredTracker) == whole.map(\.inferredTracker))
    #expect(parted.map(\.kind) == whole.map(\.kind))
  }

  @Test func aHostileMessageKeepsBoundedFacts() {
    var facts = MessageFacts()
    let many = (0..<(MessageFacts.distinctKeys + 50)).map {
      link("https://h\($0).example/t/VWT1Sk8Hy8pQW2dR6Hx4t3J9gW\($0)", text: "Link \($0)", line: $0 + 1)
    }
    facts.addTrackers(of: LinkJudge().judge(partOf: many, facts: MessageFacts()))
    // Every host has one link: no tracker, and the tally stopped growing at its bound.
    #expect(LinkJudge().judge(partOf: Array(many.suffix(3)), facts: facts).allSatisfy { $0.inferredTracker == nil })
  }
}

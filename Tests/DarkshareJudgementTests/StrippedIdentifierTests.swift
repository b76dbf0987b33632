import DarkshareCore
import DarkshareJudgement
import Testing

/// Every id of the tracking-parameter reference, alone on a link, gets the status its
/// stripping implies: at-risk when a default-on dark-channel feature strips it, dark otherwise.
@Suite struct StrippedIdentifierTests {
  static let identifiers = TrackingParameter.all.filter { !$0.matchesPrefix && !$0.name.hasPrefix("utm_") }

  @Test(arguments: identifiers.map(\.name))
  func anIdAloneIsAtRiskExactlyWhenDarkChannelsStripIt(_ name: String) throws {
    let parameter = try #require(TrackingParameter.named(name))
    let link = Link(
      url: "https://shop.example/p?\(name)=abc123", location: SourceLocation(file: "t.html", line: 1, column: 1),
      text: nil, element: "a", channel: .email)
    let judged = LinkJudge().judge(link)
    #expect(judged.status == (parameter.isStrippedInDarkChannels ? .atRisk : .dark), "\(name): \(parameter.strippedBy)")
  }

  @Test func theReferenceFlagsTheWellKnownOnes() throws {
    for name in ["gclid", "fbclid", "msclkid", "dclid", "mc_eid", "_hsenc", "mkt_tok", "s_cid"] {
      #expect(try #require(TrackingParameter.named(name)).isStrippedInDarkChannels, "\(name)")
    }
    for name in ["mc_cid", "elq", "_kx", "cid"] {
      #expect(try #require(TrackingParameter.named(name)).isStrippedInDarkChannels == false, "\(name)")
    }
  }
}

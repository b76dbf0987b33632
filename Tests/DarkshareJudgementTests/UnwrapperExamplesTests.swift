import DarkshareCore
@testable import DarkshareJudgement
import Testing

/// Every wrapper's own example from shared/reference/wrappers.json is recognised and, where
/// the reference says it is decodable, decodes to the destination it encodes.
@Suite struct UnwrapperExamplesTests {
  /// Examples the stated method cannot decode, with the reason; never decoded by a special case.
  static let excluded: [String: String] = [
    // The example sits on a branded link domain (`url4425.news.example.com`); the reference's
    // host patterns for those are placeholders (`url*.<branded domain>`) that the generator
    // drops, leaving only `*.ct.sendgrid.net`. The project's any-host shape "SendGrid click
    // tracking, /ls/click (custom domain)" claims it instead (WrapperShapeTests).
    "SendGrid click tracking": "branded host not in the generated host patterns",
  ]

  /// Every decodable example in the reference encodes a destination on this host.
  static let destinationHost = "www.example.com"

  static let decodable = LinkWrapper.all.filter { $0.example != nil && !$0.isOpaque && excluded[$0.name] == nil }.map(\.name)
  static let opaque = LinkWrapper.all.filter { $0.example != nil && $0.isOpaque && excluded[$0.name] == nil }.map(\.name)

  private static func wrapper(named name: String) throws -> LinkWrapper {
    try #require(LinkWrapper.all.first { $0.name == name })
  }

  @Test(arguments: decodable)
  func decodableExampleDecodesToItsDestination(_ name: String) throws {
    let wrapper = try Self.wrapper(named: name)
    let example = LinkURL(try #require(wrapper.example))
    let claimedBy = LinkWrapper.wrapping(host: try #require(example.host), pathAndQuery: example.pathAndQuery)
    #expect(claimedBy?.name == name, "the example is claimed by \(claimedBy?.name ?? "no wrapper")")
    let decoded = try #require(Unwrapper.decodedURL(example, with: wrapper), "\(example.string)")
    #expect(decoded.scheme == "https" || decoded.scheme == "http")
    // A rebuilt destination (YouTube: `youtu.be/<id>` → `www.youtube.com/watch?v=<id>`) is on
    // the template's host.
    let host = wrapper.decoding.rebuild.flatMap { LinkURL($0).host } ?? Self.destinationHost
    #expect(decoded.host == host, "\(decoded.string)")
    let rewrapped = decoded.host.flatMap { LinkWrapper.wrapping(host: $0, pathAndQuery: decoded.pathAndQuery) }
    #expect(rewrapped?.name != name, "\(decoded.string) is still wrapped by \(name)")
  }

  @Test(arguments: opaque)
  func opaqueExampleIsRecognised(_ name: String) throws {
    let wrapper = try Self.wrapper(named: name)
    let link = Link(
      url: try #require(wrapper.example), location: SourceLocation(file: "t.html", line: 1, column: 1),
      text: "Read more", element: "a", channel: .email)
    let judged = LinkJudge().judge(link)
    #expect(judged.status == .unknown)
    switch judged.kind {
    case .opaqueRedirect(let service), .shortener(let service): #expect(service == name)
    default: Issue.record("\(name): judged as \(judged.kind)")
    }
  }

  /// An exclusion that no longer applies fails, so the list cannot go stale.
  @Test(arguments: excluded.keys.sorted())
  func excludedExampleStillFails(_ name: String) throws {
    let wrapper = try Self.wrapper(named: name)
    let example = LinkURL(try #require(wrapper.example))
    if wrapper.isOpaque {
      let claimedBy = LinkWrapper.wrapping(host: try #require(example.host), pathAndQuery: example.pathAndQuery)
      #expect(claimedBy?.name != name, "\(name) is recognised now: drop the exclusion")
    } else {
      #expect(Unwrapper.decodedURL(example, with: wrapper) == nil, "\(name) decodes now: drop the exclusion")
    }
  }

  @Test func mimecastNamesTheDestinationHostOnly() throws {
    let judged = LinkJudge().judge(
      Link(
        url: "https://url.us.m.mimecastprotect.com/s/Dq2tCqx82YfMWNPOFZubbx?domain=Shop.Example.com",
        location: SourceLocation(file: "t.html", line: 1, column: 1), text: nil, element: "a", channel: .email))
    #expect(judged.status == .unknown)
    #expect(judged.kind == .opaqueRedirect(service: "Mimecast URL Protect"))
    #expect(judged.destinationHost == "shop.example.com")
    #expect(judged.destination == nil)
  }
}

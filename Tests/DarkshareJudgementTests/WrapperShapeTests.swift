import DarkshareCore
@testable import DarkshareJudgement
import DarkshareTestSupport
import Foundation
import Testing

/// The ESP click-tracking shapes of reference/wrapper-shapes.json: every example is claimed and
/// decodes as the reference states, every counterexample is left alone, and judged links get
/// the status the shape implies. The examples are read from the reference itself, so a shape
/// added there is tested without touching this file.
@Suite struct WrapperShapeTests {
  /// One shape of reference/wrapper-shapes.json, as far as the tests need it.
  struct ReferenceShape: Decodable, Sendable, CustomStringConvertible {
    struct Example: Decodable, Sendable {
      var url: String
      var destination: String?
    }

    var name: String
    var any_host: Bool
    var opaque: Bool
    var examples: [Example]?
    var counterexamples: [String]?

    var description: String { name }
  }

  private struct Reference: Decodable {
    var shapes: [ReferenceShape]
  }

  static let reference: [ReferenceShape] = {
    let url = Corpus.packageRoot.appendingPathComponent("reference/wrapper-shapes.json")
    guard let data = try? Data(contentsOf: url), let parsed = try? JSONDecoder().decode(Reference.self, from: data)
    else { return [] }
    return parsed.shapes
  }()

  static let anyHost = reference.filter(\.any_host)
  static let hostRestricted = reference.filter { !$0.any_host }

  private static func link(_ url: String, element: String = "a") -> Link {
    Link(url: url, location: SourceLocation(file: "t.html", line: 1, column: 1), text: "Read more", element: element, channel: .email)
  }

  /// The wrapper whose host patterns claim `url`, if one does (it wins over any shape).
  private static func hostWrapper(of url: LinkURL) -> LinkWrapper? {
    url.host.flatMap { LinkWrapper.wrapping(host: $0, pathAndQuery: url.pathAndQuery) }
  }

  @Test func theReferenceIsReadAndEveryAnyHostShapeIsGenerated() {
    #expect(Self.anyHost.count >= 15)
    #expect(Self.anyHost.map(\.name) == LinkWrapper.anyHostShapes.map(\.wrapper.name))
  }

  @Test(arguments: hostRestricted)
  func hostRestrictedShapeIsNotMatchedByShape(_ shape: ReferenceShape) {
    #expect(!LinkWrapper.anyHostShapes.contains { $0.wrapper.name == shape.name })
  }

  @Test func shapeNamesDifferFromHostWrapperNames() {
    let hostNames = Set(LinkWrapper.all.map(\.name))
    #expect(LinkWrapper.anyHostShapes.allSatisfy { !hostNames.contains($0.wrapper.name) })
  }

  @Test(arguments: anyHost)
  func everyExampleMatchesItsShapeAndDecodesAsStated(_ shape: ReferenceShape) throws {
    let wrapper = try #require(LinkWrapper.anyHostShapes.first { $0.wrapper.name == shape.name }).wrapper
    for example in shape.examples ?? [] {
      let url = LinkURL(example.url)
      let matching = LinkWrapper.shapes(matching: url.pathAndQuery).map(\.name)
      #expect(matching.first == shape.name, "\(example.url) matches \(matching)")
      let host = try #require(url.host)
      let claim = try #require(Unwrapper.claim(url, host: host), "\(example.url)")
      #expect(claim.wrapper.name == (Self.hostWrapper(of: url)?.name ?? shape.name), "\(example.url)")
      if shape.opaque {
        #expect(claim.destination == nil)
      } else {
        #expect(Unwrapper.decodedURL(url, with: wrapper)?.string == example.destination, "\(example.url)")
      }
    }
  }

  @Test(arguments: anyHost)
  func noCounterexampleIsClaimed(_ shape: ReferenceShape) throws {
    for counterexample in shape.counterexamples ?? [] {
      let url = LinkURL(counterexample)
      let claim = Unwrapper.claim(url, host: try #require(url.host))
      // A host wrapper may claim it, and so may a redirect script that shows its destination
      // (`/track/click?u=https%3A%2F%2F…`): that is no ESP shape, and the destination is right.
      let isRedirectParameter = claim?.wrapper.name.hasPrefix("redirect at ") == true && claim?.destination != nil
      #expect(
        claim == nil || Self.hostWrapper(of: url) != nil || isRedirectParameter,
        "\(counterexample) claimed by \(claim?.wrapper.name ?? "")")
      #expect(claim?.wrapper.name != shape.name, "\(counterexample)")
    }
  }

  @Test(arguments: anyHost)
  func judgedExamplesGetTheShapesStatus(_ shape: ReferenceShape) throws {
    for example in shape.examples ?? [] {
      let judged = LinkJudge().judge(Self.link(example.url))
      let name = Self.hostWrapper(of: LinkURL(example.url))?.name ?? shape.name
      if shape.opaque {
        #expect(judged.status == .unknown, "\(example.url)")
        #expect(judged.kind == .opaqueRedirect(service: name), "\(example.url)")
        #expect(judged.destination == nil)
      } else {
        let destination = try #require(example.destination)
        #expect(judged.destination == destination)
        #expect(judged.wrappers == [name])
        #expect(judged.status == LinkJudge().judge(Self.link(destination)).status, "\(example.url)")
      }
    }
  }

  /// A decodable shape's destination is judged: SES's `?utm_source=tldrai` alone is partial.
  @Test func aDecodedCustomDomainLinkIsJudgedByItsDestination() {
    let judged = LinkJudge().judge(
      Self.link(
        "https://tracking.tldrnewsletter.com/CL0/https:%2F%2Fwww.pinecone.io%2Fblog%2Fbyoc-generally-available%2F%3Futm_source=tldrit/1/010001a0d8832bfb-05088f4b-6fee-4987-9374-70b9e343d5ca-000000/hbJEYaL_BkaOPjjBCcTCPNETgCDaO4K_MB7AWWGXDO0=452"
      ))
    #expect(judged.wrappers == ["Amazon SES click tracking (custom domain)"])
    #expect(judged.status == .partial)
  }

  /// Gmail's `data-saferedirecturl` copy of an Iterable link on a branded domain (observed in a
  /// saved MongoDB mail): Google's wrapper is decoded, then the shape stops at Iterable.
  @Test func aShapeIsFoundInsideADecodedWrapper() {
    let judged = LinkJudge().judge(
      Self.link(
        "https://www.google.com/url?q=https://email.mongodb.com/u/click?_t%3D86ba93b39a0e415ea7cd8e8ed81051cd%26_m%3D3fa68ed77d394569b68eaf5a738f096f%26_e%3DGXzLR9vxC9q-tep2Sb-tBijvwuW_iKjOOEVhYAOxw1Q7uPGdLZBd&source=gmail&ust=1702809273998000&usg=AOvVaw1YTCrfO1CWsxmsrSZvrDfm"
      ))
    #expect(judged.wrappers == ["Google redirect"])
    #expect(judged.kind == .opaqueRedirect(service: "Iterable click tracking (custom domain)"))
    #expect(judged.status == .unknown)
  }

  /// A shape anchors at the path's start: the same segments deeper in a path are a page.
  @Test func shapesAreAnchoredAtThePathStart() {
    #expect(LinkWrapper.shapes(matching: "/blog/e3t/Ctc/LX+113/cJhC404/VWh-G23xMvv8W5KWZ_t8S6nCCW65wf3Z4KyjQ").isEmpty)
    #expect(LinkWrapper.shapes(matching: "/e3t/Ctc/LX+113/cJhC404/VWh-G23xMvv8W5KWZ_t8S6nCCW65wf3Z4KyjQ").count == 1)
  }

  @Test(arguments: [
    ("/e3t/Ctc/LX+113/x", "e3t"), ("/?qs=abc", ""), ("/", ""), ("", ""), ("/u/click?_t=1", "u"),
    ("/track?x=1", "track"), ("/a#b", "a"),
  ])
  func firstSegment(_ pathAndQuery: String, _ expected: String) {
    #expect(LinkWrapper.firstSegment(of: pathAndQuery) == Substring(expected))
  }

  /// A URL's path has the first segment its path and query have, so the shapes looked up by the
  /// path are the ones the path and query find: for every shape example, and for paths cut by
  /// `?`, `#`, a merge tag holding either, or nothing.
  @Test func thePathsFirstSegmentIsThePathAndQuerys() {
    let examples = LinkWrapper.anyHostShapes.compactMap { $0.wrapper.example } + Self.anyHost.flatMap { ($0.examples ?? []).map(\.url) }
    let more = [
      "https://c.example/e3t/Ctc/x?y=1", "https://c.example?qs=1", "https://c.example/#x", "https://c.example",
      "https://c.example/{{a?b}}/x?y", "https://c.example/u{{#if}}/click", "https://c.example/CL0/https:%2F%2Fa.example%2F/1/x",
    ]
    for string in examples + more {
      let url = LinkURL(string)
      #expect(LinkWrapper.firstSegment(of: url.path) == LinkWrapper.firstSegment(of: url.pathAndQuery), "\(string)")
      let byPath = LinkWrapper.shapes(firstSegment: LinkWrapper.firstSegment(of: url.path)) { url.pathAndQuery }
      #expect(byPath.map(\.name) == LinkWrapper.shapes(matching: url.pathAndQuery).map(\.name), "\(string)")
    }
  }

  /// Issue 11, class 1: a newsletter whose links all go through the sender's branded HubSpot
  /// click domain was a page of `untagged-link` errors; now each link is `unknown` with
  /// `opaque-redirect` naming HubSpot, and an SES link on a custom domain is judged by its
  /// destination.
  @Test func aBrandedClickDomainNewsletterIsNoLongerUntagged() {
    let html = """
      <p><a href="https://info.tailscale.com/e3t/Ctc/OT+113/d4K34c04/VW1j0-8VyGVbW87fddt3RgRNpV3Z50p5xjRsqN2v9B1-3l5QzW6N1vHY6lZ3nlW98xv-r7WBDWcT1QZ21tGWyqV">Grants</a>
      <a href="https://info.tailscale.com/e3t/Ctc/OT+113/d4K34c04/VW1j0-8VyGVbW87fddt3RgRNpV3Z50p5xjRsqN2v9B1H3l5QzW69sMD-6lZ3lpW55yhfs5h-tQ0N7FT1ZN9nXpvN6vVrNkBvl59">Via</a>
      <a href="https://click.news.example.com/CL0/https:%2F%2Fwww.example.com%2Fpost%3Futm_source=news%26utm_medium=email%26utm_campaign=may/1/0100018f1b2c3d4e-5f6a7b8c-9d0e-1f2a-3b4c-5d6e7f8a9b0c-000000/AbCdEfGhIjKl=383">Post</a></p>
      """
    let links = auditHTML(html).links
    #expect(links.map(\.status) == [.unknown, .unknown, .tracked])
    for link in links.prefix(2) {
      #expect(link.findings.map(\.rule) == ["opaque-redirect"])
      #expect(link.service == "HubSpot click tracking (custom domain)")
    }
    #expect(links.last?.destination == "https://www.example.com/post?utm_source=news&utm_medium=email&utm_campaign=may")
    #expect(links.allSatisfy { !$0.findings.contains { $0.rule == "untagged-link" } })
  }

  /// An ordinary link on an unlisted host is judged as before: no shape, no wrapper.
  @Test func ordinaryLinksAreNotWrapped() {
    let judged = LinkJudge().judge(Self.link("https://www.example.com/track/click?u=abc&id=def"))
    #expect(judged.wrappers.isEmpty)
    #expect(judged.status == .dark)
  }
}

/// The wrapper index by last labels only narrows the search: for any host, every wrapper whose
/// host patterns match it is among the candidates, in reference order.
@Suite struct WrapperCandidateTests {
  @Test func everyWrapperAHostMatchesIsACandidate() {
    let patterns = LinkWrapper.all.map(\.hostPatterns)
    let index = LinkWrapper.CandidateIndex(patterns)
    let compiled = patterns.map { $0.map(LinkWrapper.HostPattern.init) }
    var hosts = Set<String>()
    for pattern in patterns.joined() {
      for filler in ["a", "x.y", "", "list-manage2", "é"] {
        hosts.insert(pattern.replacingOccurrences(of: "*", with: filler))
      }
    }
    hosts.formUnion([
      "com", "localhost", "a.b.c.d.e.f.example", "shop.example.", ".com", "x.\u{301}com", "very-long-label-that-is-longer-than-a-key.com",
      "mail.google.com", "t.co", "urldefense.proofpoint.com", "eu.safelinks.protection.outlook.com", "xn--80ak6aa92e.com",
    ])
    for host in hosts {
      var bytes = host
      let candidates = bytes.withUTF8 { index.wrappers(for: $0) }
      let matching = compiled.indices.filter { compiled[$0].contains { $0.matches(host) } }
      #expect(Set(matching).isSubset(of: Set(candidates)), "\(host)")
      #expect(candidates == candidates.sorted())
    }
  }
}

/// A host pattern matches as the reference's globs are defined: a pattern without `*` is the
/// host itself; `*.domain` is the domain or any subdomain; otherwise each `*` is any run of
/// characters, one at the end at least one. Read on the host's bytes; held here to a regular
/// expression of those rules, for every reference pattern and hosts made from them.
@Suite struct HostPatternTests {
  private func byTheRules(_ pattern: String, _ host: String) -> Bool {
    let parts = pattern.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
    if parts.count == 1 { return Array(host.utf8) == Array(pattern.utf8) }
    if parts.count == 2, parts[0].isEmpty, parts[1].hasPrefix(".") {
      let domain = Array(parts[1].utf8.dropFirst())
      return Array(host.utf8) == domain || Array(host.utf8).reversed().starts(with: ([UInt8(ascii: ".")] + domain).reversed())
    }
    let body = parts.dropLast().map(NSRegularExpression.escapedPattern(for:)).joined(separator: "(?s:.*)")
    let last = parts.last!.isEmpty ? "(?s:.+)" : "(?s:.*)" + NSRegularExpression.escapedPattern(for: parts.last!)
    let expression = try! NSRegularExpression(pattern: "^" + body + last + "$")
    return expression.firstMatch(in: host, range: NSRange(host.startIndex..., in: host)) != nil
  }

  @Test func everyReferencePatternMatchesAsItsRulesSay() {
    let patterns = Array(Set(LinkWrapper.all.flatMap(\.hostPatterns) + ["*.example.com", "a*b*c", "*", "x*"]))
    var hosts = Set(["", ".", "com", "example.com", "a.example.com", "aexample.com", "abc", "ab", "abxc", "x", "xé", "é.example.com"])
    for pattern in patterns {
      for filler in ["", "a", "x.y", "list-manage2", "é", "."] {
        hosts.insert(pattern.replacingOccurrences(of: "*", with: filler))
      }
    }
    for pattern in patterns {
      let compiled = LinkWrapper.HostPattern(pattern)
      for host in hosts {
        #expect(compiled.matches(host) == byTheRules(pattern, host), "\(pattern) \(host)")
      }
    }
  }
}

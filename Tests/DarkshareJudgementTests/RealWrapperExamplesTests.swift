import DarkshareCore
@testable import DarkshareJudgement
import DarkshareTestSupport
import Foundation
import Testing

/// Real wrapped links, found in public files, for the decodable wrappers of `LinkWrapper.all`
/// (reference/wrapper-examples.json): each is claimed by its wrapper and decodes to the
/// destination decoded by hand. The reference's own examples (UnwrapperExamplesTests) are mostly
/// constructed; these are the variants senders and gateways really write.
@Suite struct RealWrapperExamplesTests {
  /// One real link: the wrapper that must claim it, the URL, and the first hop it encodes.
  struct Example: Sendable, CustomStringConvertible {
    var wrapper: String
    var url: String
    var destination: String
    var source: String

    var description: String { "\(wrapper): \(url.prefix(90))" }
  }

  /// A real variant darkshare does not decode yet, with what it is; the test fails when it
  /// starts decoding, so the list cannot go stale.
  struct Gap: Sendable, CustomStringConvertible {
    var wrapper: String
    var url: String
    var destination: String
    var variant: String

    var description: String { "\(wrapper): \(variant)" }
  }

  private struct Entry: Decodable {
    var url: String
    var destination: String
    var source: String
  }

  private struct GapEntry: Decodable {
    var wrapper: String
    var url: String
    var destination: String
    var variant: String
  }

  private struct Reference: Decodable {
    var examples: [String: [Entry]]
    var no_real_example_found: [String: String]
    var known_gaps: [GapEntry]
  }

  private static let reference: Reference? = {
    let url = Corpus.packageRoot.appendingPathComponent("reference/wrapper-examples.json")
    guard let data = try? Data(contentsOf: url) else { return nil }
    return try? JSONDecoder().decode(Reference.self, from: data)
  }()

  static let examples: [Example] = (reference?.examples ?? [:]).sorted { $0.key < $1.key }.flatMap { name, entries in
    entries.map { Example(wrapper: name, url: $0.url, destination: $0.destination, source: $0.source) }
  }

  static let gaps: [Gap] = (reference?.known_gaps ?? []).map {
    Gap(wrapper: $0.wrapper, url: $0.url, destination: $0.destination, variant: $0.variant)
  }

  /// The wrapper that claims `url` first and the destination it decodes to.
  private static func firstHop(_ url: String) -> (wrapper: String, destination: String?)? {
    let link = LinkURL(url)
    guard let host = link.host, let claimed = Unwrapper.claim(link, host: host) else { return nil }
    return (claimed.wrapper.name, claimed.destination?.string)
  }

  @Test func theExamplesAreReadAndCoverTheDecodableWrappers() throws {
    let reference = try #require(Self.reference, "reference/wrapper-examples.json is missing or malformed")
    #expect(Self.examples.count >= 90)
    let known = Set(LinkWrapper.all.map(\.name)).union(LinkWrapper.anyHostShapes.map(\.wrapper.name))
    for name in reference.examples.keys { #expect(known.contains(name), "\(name) is not a wrapper name") }
    for gap in Self.gaps { #expect(known.contains(gap.wrapper), "\(gap.wrapper) is not a wrapper name") }
    // Every decodable wrapper has real examples, or says why not.
    for name in reference.no_real_example_found.keys {
      #expect(known.contains(name), "\(name) is not a wrapper name")
      #expect(reference.examples[name] == nil, "\(name) has examples now: drop it from no_real_example_found")
    }
    let decodable = (LinkWrapper.all + LinkWrapper.anyHostShapes.map(\.wrapper))
      .filter { !$0.isOpaque && $0.decoding.method != .domainHintOnly }.map(\.name)
    for name in decodable where reference.examples[name] == nil && reference.no_real_example_found[name] == nil {
      Issue.record("\(name) has no real example")
    }
  }

  @Test(arguments: examples)
  func realExampleDecodesToItsDestination(_ example: Example) throws {
    let hop = try #require(Self.firstHop(example.url), "no wrapper claims it")
    #expect(hop.wrapper == example.wrapper, "claimed by \(hop.wrapper)")
    #expect(hop.destination == example.destination)
  }

  @Test(arguments: examples)
  func realExampleIsJudgedByItsDestination(_ example: Example) {
    let link = Link(
      url: example.url, location: SourceLocation(file: "t.html", line: 1, column: 1), text: "Read more",
      element: "a", channel: .email)
    let judged = LinkJudge().judge(link)
    #expect(judged.wrappers.first == example.wrapper)
    #expect(judged.destination != nil, "judged as \(judged.kind)")
  }

  /// A variant's decode fallback (reference/wrapper-variants.json) is tried only when the shared
  /// row's own decoding finds no web URL, and obeys the same checks.
  @Test func decodeFallbacksComeAfterTheSharedDecoding() {
    // Both GovDelivery forms in one link: `url=` wins.
    #expect(
      Self.firstHop("https://links.govdelivery.com/track?type=click&url=https%3A%2F%2Fa.example%2F&&&100&&&https://b.example/")?
        .destination == "https://a.example/")
    // Firebase: `ofl` wins over `link` when both are there.
    #expect(
      Self.firstHop("https://x.page.link/?link=https://app.example/deep&ofl=https%3A%2F%2Fweb.example%2Fpage")?.destination
        == "https://web.example/page")
    // A fallback that finds no web URL decodes nothing.
    #expect(Self.firstHop("https://links.govdelivery.com/track?type=click&enid=x&&&100&&&javascript:alert(1)")?.destination == nil)
    #expect(Self.firstHop("https://x.page.link/?link=intent://app&apn=a")?.destination == nil)
  }

  /// `query_param_first_of` takes the first listed name whose value is a web URL: a Google
  /// search-result link's `q=` holds the search (or nothing), its `url=` the destination.
  @Test func firstOfSkipsAValueThatIsNoURL() {
    #expect(Self.firstHop("https://www.google.com/url?sa=t&q=&url=https%3A%2F%2Fa.example%2F")?.destination == "https://a.example/")
    #expect(Self.firstHop("https://www.google.com/url?q=hello+world&url=https%3A%2F%2Fa.example%2F")?.destination == "https://a.example/")
    #expect(Self.firstHop("https://www.google.com/url?q=https://b.example/&url=https%3A%2F%2Fa.example%2F")?.destination == "https://b.example/")
    #expect(Self.firstHop("https://www.google.com/url?q=hello")?.destination == nil)
  }

  /// A known gap that decodes now fails, so it is moved to the examples.
  @Test(arguments: gaps)
  func knownGapStillDoesNotDecode(_ gap: Gap) {
    let hop = Self.firstHop(gap.url)
    #expect(hop?.wrapper != gap.wrapper || hop?.destination != gap.destination, "decodes now: move it to the examples")
  }
}

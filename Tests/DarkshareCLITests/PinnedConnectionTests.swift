import DarkshareTestSupport
import Foundation
import Testing

@testable import DarkshareKit

/// Issue 15 item 8 and issue 14: `--resolve` connects to the address it checked (a DNS answer
/// that changes after the check is never used), requests the host it judged (`A\@B` is host A),
/// and loads libcurl only when asked to, with a clear message when it cannot.
@Suite(.serialized) struct PinnedConnectionTests {
  /// A resolver that answers `first` once and `later` ever after, counting the questions: DNS
  /// rebinding.
  final class RebindingLookup: AddressLookup, @unchecked Sendable {
    private let lock = NSLock()
    private let first: [[UInt8]]
    private let later: [[UInt8]]
    private var asked = 0

    init(first: [[UInt8]], later: [[UInt8]]) {
      self.first = first
      self.later = later
    }

    var questions: Int { lock.withLock { asked } }

    func addresses(of host: String) -> [[UInt8]]? {
      lock.withLock {
        asked += 1
        return asked == 1 ? first : later
      }
    }
  }

  private let publicAddress: [UInt8] = [93, 184, 216, 34]
  private let privateAddress: [UInt8] = [10, 0, 0, 1]

  @Test func theAddressCheckedIsTheAddressPinned() throws {
    let lookup = RebindingLookup(first: [publicAddress], later: [privateAddress])
    let target = try RequestTarget.parse("https://rebind.example/x").get()
    let pin = try ConnectionPin.make(for: target, allowPrivate: false, lookup: lookup).get()
    #expect(pin == ConnectionPin(host: "rebind.example", port: 443, address: publicAddress))
    #expect(pin?.curlResolveEntry == "rebind.example:443:93.184.216.34")
    #expect(lookup.questions == 1, "one lookup per hop: the check and the connection share it")
    // The name has rebound: a second lookup would get the private address, and is refused.
    let again = ConnectionPin.make(for: target, allowPrivate: false, lookup: lookup)
    #expect(throws: RefusedURL.self) { try again.get() }
  }

  @Test func aHostWithOnePrivateAddressAmongPublicOnesIsRefused() {
    let lookup = RebindingLookup(first: [publicAddress, [127, 0, 0, 1]], later: [])
    let target = try? RequestTarget.parse("http://mixed.example/").get()
    let outcome = target.map { ConnectionPin.make(for: $0, allowPrivate: false, lookup: lookup) }
    guard case .failure(let refused)? = outcome else {
      Issue.record("a host with a loopback address must be refused")
      return
    }
    #expect(refused.message.contains("'mixed.example' resolves to 127.0.0.1, a loopback address"))
  }

  @Test func anIPv6PinIsBracketedAndALiteralHostIsNotPinned() throws {
    var v6 = [UInt8](repeating: 0, count: 16)
    v6[0] = 0x26
    v6[1] = 0x06
    v6[15] = 1
    let lookup = RebindingLookup(first: [v6], later: [v6])
    let named = try ConnectionPin.make(for: try RequestTarget.parse("http://six.example:8080/").get(), allowPrivate: false, lookup: lookup).get()
    #expect(named?.curlResolveEntry == "six.example:8080:[2606::1]")
    let literal = try ConnectionPin.make(for: try RequestTarget.parse("http://[2606::1]/").get(), allowPrivate: false, lookup: lookup).get()
    #expect(literal == nil)
  }

  /// End to end: the name `rebind.test` exists only in the test's resolver, which answers the
  /// loopback server once and an unreachable documentation address afterwards. The request
  /// reaches the server, with the name in its Host header, so curl connected to the address
  /// checked and neither resolved the name itself nor asked again.
  @Test func theRequestGoesToTheCheckedAddressNotALaterAnswer() async throws {
    let server = try ResolveTests.Server()
    defer { server.stop() }
    let lookup = RebindingLookup(first: [[127, 0, 0, 1]], later: [[192, 0, 2, 1]])
    var options = ResolveOptions()
    options.allowPrivateAddresses = true  // the server is on loopback
    options.timeout = 20
    let resolver = try RedirectResolver(options: options, lookup: lookup)
    let resolution = await resolver.resolve("http://rebind.test:\(server.port)/landing")
    #expect(resolution.error == nil, "\(resolution.error ?? "")")
    #expect(server.hosts == ["rebind.test:\(server.port) /landing"])
    #expect(lookup.questions == 1)
  }

  /// `http://A\@B/` is fetched from A (the host judged), path `/@B/…`; read as curl reads it,
  /// it would go to B (here a name that cannot resolve, so nothing would arrive). The fixture
  /// has no such path, so its answer is 404.
  @Test func aBackslashAtURLIsFetchedFromTheHostJudged() async throws {
    let server = try ResolveTests.Server()
    defer { server.stop() }
    var options = ResolveOptions()
    options.allowPrivateAddresses = true
    options.timeout = 20
    let resolver = try RedirectResolver(options: options)
    let resolution = await resolver.resolve(#"http://127.0.0.1:\#(server.port)\@elsewhere.invalid/landing"#)
    #expect(resolution.error == "127.0.0.1 answered HTTP 404")
    #expect(server.hosts == ["127.0.0.1:\(server.port) /@elsewhere.invalid/landing"])
  }

  /// The Location header is read by the C shim: one too long for its buffer is an error, not a
  /// truncated URL, and white space around the value is dropped.
  @Test func hostileLocationHeaders() async throws {
    let server = try ResolveTests.Server()
    defer { server.stop() }
    var options = ResolveOptions()
    options.allowPrivateAddresses = true
    options.timeout = 20
    let resolver = try RedirectResolver(options: options)
    let huge = await resolver.resolve("http://127.0.0.1:\(server.port)/huge-location")
    #expect(huge.error == "127.0.0.1 sent a Location header longer than 4095 bytes")
    let odd = await resolver.resolve("http://127.0.0.1:\(server.port)/odd-location")
    #expect(odd.error == nil, "\(odd.error ?? "")")
    #expect(odd.hops == ["http://127.0.0.1:\(server.port)/odd-location", "http://127.0.0.1:\(server.port)/landing"])
  }

  @Test func withoutLibcurlResolveStopsWithAClearMessage() throws {
    let bogus = "libdarkshare-no-such-curl.so.0"
    let file = Corpus.packageRoot.appendingPathComponent("corpora/html/ga4-channel-traps.html").path
    let run = try runDarkshare(["audit", "--resolve", file], environment: ["DARKSHARE_LIBCURL": bogus])
    #expect(run.exitCode == 2)
    #expect(run.standardError.contains("--resolve needs libcurl (Debian/Ubuntu: apt-get install libcurl4)"), "\(run.standardError)")
    #expect(run.standardError.contains("'\(bogus)' could not be loaded"), "\(run.standardError)")
    // Without --resolve nothing loads libcurl, so the same environment does not matter.
    let plain = try runDarkshare(["audit", file], environment: ["DARKSHARE_LIBCURL": bogus])
    #expect(!plain.standardError.contains("libcurl"), "\(plain.standardError)")
  }

  #if os(Linux)
    /// Issue 14: the executable does not link libcurl (nor FoundationNetworking).
    @Test func theExecutableDoesNotLinkLibcurl() throws {
      let linked = try runTool(["readelf", "-d", try darkshareBinary().path])
      #expect(linked.status == 0)
      #expect(linked.output.contains("NEEDED"))
      #expect(!linked.output.contains("libcurl"), "\(linked.output)")
      #expect(!linked.output.contains("FoundationNetworking"), "\(linked.output)")
    }
  #endif
}

import Foundation
import Testing

@testable import DarkshareKit

/// `--resolve`'s SSRF policy (issue 15, defect 8): every IANA special-purpose range refused,
/// addresses inside translation prefixes judged by their IPv4, and one parse of the URL for
/// judging and for connecting. Numeric hosts only: `getaddrinfo` answers them offline.
@Suite struct NetworkAddressPolicyTests {
  @Test(arguments: [
    "::ffff:0.0.0.0", "::ffff:127.0.0.1", "::ffff:10.1.2.3", "::7f00:1", "::a.b.c.d".replacingOccurrences(of: "a.b.c.d", with: "8.8.8.8"),
    "64:ff9b::7f00:1", "64:ff9b::a00:1", "64:ff9b:1::1", "fec0::1", "fe80::1", "fd00::1", "ff02::1", "::1", "::",
    "100::1", "2001:db8::1", "2001::1", "2002:7f00:1::1", "3fff::1", "5f00::1", "2620:4f:8000::1",
    "198.18.0.1", "198.19.255.254", "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255", "0.0.0.0",
    "127.0.0.1", "10.0.0.1", "100.64.0.1", "169.254.169.254", "172.16.0.1", "192.0.0.8", "192.0.2.1",
    "192.31.196.1", "192.52.193.1", "192.88.99.1", "192.168.1.1", "192.175.48.1", "198.51.100.1", "203.0.113.1",
    // inet_aton forms that name loopback
    "2130706433", "0x7f.1",
  ])
  func specialPurposeAddressesAreRefused(_ host: String) {
    let refusal = NetworkAddressPolicy.refusal(for: host)
    #expect(refusal?.contains("refused") == true, "\(host): \(refusal ?? "allowed")")
  }

  @Test(arguments: ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1", "198.20.0.1", "223.255.255.1"])
  func publicAddressesAreAllowed(_ host: String) {
    #expect(NetworkAddressPolicy.refusal(for: host) == nil, "\(host)")
  }

  @Test func theReasonNamesTheRangeAndTheEmbeddedAddress() {
    #expect(NetworkAddressPolicy.refusal(for: "198.18.0.1")?.contains("a benchmarking address (198.18.0.0/15, RFC 2544)") == true)
    let mapped = NetworkAddressPolicy.refusal(for: "::ffff:0.0.0.0") ?? ""
    #expect(mapped.contains("IPv4-mapped") && mapped.contains("0.0.0.0, 'this network'"), "\(mapped)")
  }

  /// `http://A\@B/` used to be judged as host A and fetched from B: it is read as browsers read
  /// it, host A, and the URL requested is rebuilt from that parse.
  @Test func theURLJudgedIsTheURLRequested() throws {
    let target = try RequestTarget.parse(#"http://public.example\@127.0.0.1/"#).get()
    #expect(target.host == "public.example")
    #expect(target.url.host == "public.example")
    #expect(target.url.absoluteString == "http://public.example/@127.0.0.1/")
    let literal = try RequestTarget.parse("https://[::1]:8443/a?b=1#frag").get()
    #expect(literal.host == "::1")
    #expect(literal.url.absoluteString == "https://[::1]:8443/a?b=1")
  }

  @Test(arguments: [
    "http://user@127.0.0.1/", "http://user:pw@public.example/", "http://public.example\t/", "http://pub lic.example/",
    "ftp://public.example/", "http:///path", "http://pub%6cic.example/",
  ])
  func ambiguousURLsAreNotRequested(_ text: String) {
    #expect(throws: RefusedURL.self) { try RequestTarget.parse(text).get() }
  }
}

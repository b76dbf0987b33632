import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Refuses hosts that resolve to an address outside the public unicast Internet, so `--resolve`
/// cannot be pointed at the machine's own network by a link in a received message (server-side
/// request forgery).
///
/// The ranges are those of the IANA special-purpose address registries —
/// <https://www.iana.org/assignments/iana-ipv4-special-registry/> (RFC 6890) and
/// <https://www.iana.org/assignments/iana-ipv6-special-registry/> — plus multicast
/// (224.0.0.0/4, ff00::/8), IPv4 reserved space (240.0.0.0/4), the deprecated IPv6 site-local
/// (fec0::/10) and IPv4-compatible (::/96) ranges and the rest of IPv6's reserved ::/8. Every
/// range is refused outright, except the three that carry an IPv4 address inside them, where
/// that address is judged instead: IPv4-mapped `::ffff:a.b.c.d` (`::ffff:0.0.0.0` reaches
/// 127.0.0.1 and is refused), the NAT64 well-known prefix `64:ff9b::/96` (on an IPv6-only
/// network with DNS64 every IPv4 host has such an address; `64:ff9b::7f00:1` is refused as
/// loopback) and 6to4 `2002::/16`.
///
/// The name is resolved once per hop (``ConnectionPin``) and refused if any of its addresses is
/// refused; the request then connects to the address checked, never to a later DNS answer, so
/// rebinding between check and connect is closed.
enum NetworkAddressPolicy {
  /// What to do with an address in a range.
  enum Action: Sendable {
    /// Refuse it; the text names the range for the user.
    case refuse(String)
    /// Judge the IPv4 address embedded at this byte offset of the IPv6 address.
    case embeddedIPv4(at: Int, String)
  }

  /// One row of the tables: an address prefix and its action.
  struct Range: Sendable {
    var prefix: [UInt8]
    var length: Int
    var action: Action

    init(_ prefix: [UInt8], _ length: Int, _ action: Action) {
      // Zero bytes past those written, so every bit of the prefix length can be compared.
      self.prefix = prefix + [UInt8](repeating: 0, count: max(0, (length + 7) / 8 - prefix.count))
      self.length = length
      self.action = action
    }

    func contains(_ address: [UInt8]) -> Bool {
      let whole = length / 8
      guard address.count >= prefix.count, address.prefix(whole).elementsEqual(prefix.prefix(whole)) else { return false }
      let bits = length % 8
      guard bits > 0 else { return true }
      let mask = UInt8(0xFF) << (8 - bits)
      return address[whole] & mask == prefix[whole] & mask
    }
  }

  /// The IANA IPv4 special-purpose registry (as of 2025), multicast and reserved space; first
  /// match wins.
  static let ipv4: [Range] = [
    Range([0, 0, 0, 0], 8, .refuse("'this network' (0.0.0.0/8, RFC 791)")),
    Range([10, 0, 0, 0], 8, .refuse("a private address (10.0.0.0/8, RFC 1918)")),
    Range([100, 64, 0, 0], 10, .refuse("a shared (carrier-grade NAT) address (100.64.0.0/10, RFC 6598)")),
    Range([127, 0, 0, 0], 8, .refuse("a loopback address (127.0.0.0/8, RFC 1122)")),
    Range([169, 254, 0, 0], 16, .refuse("a link-local address (169.254.0.0/16, RFC 3927)")),
    Range([172, 16, 0, 0], 12, .refuse("a private address (172.16.0.0/12, RFC 1918)")),
    Range([192, 0, 0, 0], 24, .refuse("an IETF protocol assignment (192.0.0.0/24, RFC 6890)")),
    Range([192, 0, 2, 0], 24, .refuse("a documentation address (192.0.2.0/24, RFC 5737)")),
    Range([192, 31, 196, 0], 24, .refuse("an AS112 address (192.31.196.0/24, RFC 7535)")),
    Range([192, 52, 193, 0], 24, .refuse("an AMT address (192.52.193.0/24, RFC 7450)")),
    Range([192, 88, 99, 0], 24, .refuse("a 6to4 relay anycast address (192.88.99.0/24, RFC 7526)")),
    Range([192, 168, 0, 0], 16, .refuse("a private address (192.168.0.0/16, RFC 1918)")),
    Range([192, 175, 48, 0], 24, .refuse("an AS112 address (192.175.48.0/24, RFC 7534)")),
    Range([198, 18, 0, 0], 15, .refuse("a benchmarking address (198.18.0.0/15, RFC 2544)")),
    Range([198, 51, 100, 0], 24, .refuse("a documentation address (198.51.100.0/24, RFC 5737)")),
    Range([203, 0, 113, 0], 24, .refuse("a documentation address (203.0.113.0/24, RFC 5737)")),
    Range([224, 0, 0, 0], 4, .refuse("a multicast address (224.0.0.0/4, RFC 5771)")),
    Range([255, 255, 255, 255], 32, .refuse("the limited broadcast address (255.255.255.255/32, RFC 919)")),
    Range([240, 0, 0, 0], 4, .refuse("a reserved address (240.0.0.0/4, RFC 1112)")),
  ]

  /// The IANA IPv6 special-purpose registry (as of 2025), multicast and deprecated ranges;
  /// first match wins (the embedded-IPv4 rows come before the ::/8 they lie in).
  static let ipv6: [Range] = [
    Range([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], 128, .refuse("the IPv6 loopback address (::1/128, RFC 4291)")),
    Range([UInt8](repeating: 0, count: 16), 128, .refuse("the unspecified IPv6 address (::/128, RFC 4291)")),
    Range([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF], 96, .embeddedIPv4(at: 12, "IPv4-mapped (::ffff:0:0/96, RFC 4291)")),
    Range([0, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0], 96, .embeddedIPv4(at: 12, "NAT64 (64:ff9b::/96, RFC 6052)")),
    Range([0, 0x64, 0xFF, 0x9B, 0, 1], 48, .refuse("a local-use NAT64 address (64:ff9b:1::/48, RFC 8215)")),
    Range([UInt8](repeating: 0, count: 12), 96, .refuse("an IPv4-compatible IPv6 address (::/96, RFC 4291, deprecated)")),
    Range([0], 8, .refuse("reserved IPv6 space (::/8, RFC 4291)")),
    Range([0x01, 0, 0, 0, 0, 0, 0, 0], 64, .refuse("a discard-only IPv6 address (100::/64, RFC 6666)")),
    Range([0x01, 0, 0, 0, 0, 0, 0, 1], 64, .refuse("a dummy IPv6 prefix address (100:0:0:1::/64, RFC 9780)")),
    Range([0x20, 0x01, 0x0D, 0xB8], 32, .refuse("a documentation IPv6 address (2001:db8::/32, RFC 3849)")),
    Range([0x20, 0x01, 0, 0], 23, .refuse("an IETF protocol assignment (2001::/23, RFC 2928; Teredo, ORCHID, …)")),
    Range([0x20, 0x02], 16, .embeddedIPv4(at: 2, "6to4 (2002::/16, RFC 3056)")),
    Range([0x26, 0x20, 0x00, 0x4F, 0x80, 0x00], 48, .refuse("an AS112 IPv6 address (2620:4f:8000::/48, RFC 7534)")),
    Range([0x3F, 0xFF], 20, .refuse("a documentation IPv6 address (3fff::/20, RFC 9637)")),
    Range([0x5F, 0x00], 16, .refuse("a segment-routing SID (5f00::/16, RFC 9602)")),
    Range([0xFC], 7, .refuse("a unique-local (private) IPv6 address (fc00::/7, RFC 4193)")),
    Range([0xFE, 0x80], 10, .refuse("a link-local IPv6 address (fe80::/10, RFC 4291)")),
    Range([0xFE, 0xC0], 10, .refuse("a site-local IPv6 address (fec0::/10, RFC 3879, deprecated)")),
    Range([0xFF], 8, .refuse("a multicast IPv6 address (ff00::/8, RFC 4291)")),
  ]

  /// Why `host` may not be contacted, or nil when it may: resolves it with `lookup` and judges
  /// every address.
  static func refusal(for host: String, lookup: any AddressLookup = SystemAddressLookup()) -> String? {
    let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
    guard let addresses = lookup.addresses(of: bare) else { return "cannot resolve the host name '\(bare)'" }
    return refusal(host: bare, addresses: addresses)
  }

  /// Why `host`, resolved to `addresses`, may not be contacted, or nil when none is refused.
  static func refusal(host: String, addresses: [[UInt8]]) -> String? {
    for address in addresses {
      if let reason = reason(for: address) { return "'\(host)' resolves to \(reason); refused (use --resolve-allow-private to allow)" }
    }
    return nil
  }

  /// Why the address (4 bytes IPv4, 16 bytes IPv6, network order) is refused, or nil.
  static func reason(for address: [UInt8]) -> String? {
    let text = display(address)
    let table = address.count == 4 ? ipv4 : ipv6
    guard let range = table.first(where: { $0.contains(address) }) else { return nil }
    switch range.action {
    case .refuse(let name): return "\(text), \(name)"
    case .embeddedIPv4(let offset, let name):
      guard let inner = reason(for: Array(address[offset..<offset + 4])) else { return nil }
      return "\(text), an \(name) address carrying \(inner)"
    }
  }

  /// The address as text (dotted quad, or IPv6 via `inet_ntop`).
  static func display(_ address: [UInt8]) -> String {
    if address.count == 4 { return address.map(String.init).joined(separator: ".") }
    var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
    let ok = address.withUnsafeBytes { inet_ntop(AF_INET6, $0.baseAddress, &buffer, socklen_t(buffer.count)) != nil }
    return ok ? String(cString: buffer) : "?"
  }
}

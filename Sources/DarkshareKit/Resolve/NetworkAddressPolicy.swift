import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Refuses hosts that resolve to loopback, private, link-local or otherwise internal
/// addresses, so `--resolve` cannot be pointed at the machine's own network by a link in a
/// received message (server-side request forgery).
///
/// The check resolves the name with `getaddrinfo` before each request and refuses the host if
/// any of its addresses is internal. The HTTP client resolves the name again when it connects,
/// so a DNS answer that changes in between (rebinding) is not caught; that is noted in the
/// README's description of `--resolve`.
enum NetworkAddressPolicy {
  /// Why `host` may not be contacted, or nil when it may.
  static func refusal(for host: String) -> String? {
    let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
    var hints = addrinfo()
    hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
    var result: UnsafeMutablePointer<addrinfo>?
    guard getaddrinfo(bare, nil, &hints, &result) == 0, let first = result else {
      return "cannot resolve the host name '\(bare)'"
    }
    defer { freeaddrinfo(first) }
    var cursor: UnsafeMutablePointer<addrinfo>? = first
    while let entry = cursor {
      if let address = entry.pointee.ai_addr, let reason = internalReason(address, family: entry.pointee.ai_family) {
        return "'\(bare)' resolves to \(reason); refused (use --resolve-allow-private to allow)"
      }
      cursor = entry.pointee.ai_next
    }
    return nil
  }

  private static func internalReason(_ address: UnsafeMutablePointer<sockaddr>, family: Int32) -> String? {
    if family == AF_INET {
      let ipv4 = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr.s_addr }
      let bytes = withUnsafeBytes(of: ipv4) { Array($0) }  // network order
      let text = bytes.map(String.init).joined(separator: ".")
      switch (bytes[0], bytes[1]) {
      case (127, _): return "a loopback address (\(text))"
      case (10, _), (192, 168), (172, 16...31): return "a private address (\(text))"
      case (169, 254): return "a link-local address (\(text))"
      case (100, 64...127): return "a shared (carrier-grade NAT) address (\(text))"
      case (0, _): return "an unspecified address (\(text))"
      default: return nil
      }
    }
    if family == AF_INET6 {
      let bytes = address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
        withUnsafeBytes(of: pointer.pointee.sin6_addr) { Array($0) }
      }
      if bytes.dropLast().allSatisfy({ $0 == 0 }) && (bytes.last == 1 || bytes.last == 0) {
        return "a loopback or unspecified IPv6 address"
      }
      if bytes[0] == 0xFE && bytes[1] & 0xC0 == 0x80 { return "a link-local IPv6 address" }
      if bytes[0] & 0xFE == 0xFC { return "a unique-local (private) IPv6 address" }
      if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF {
        let mapped = [bytes[12], bytes[13]]
        if mapped[0] == 127 || mapped[0] == 10 || (mapped[0] == 192 && mapped[1] == 168)
          || (mapped[0] == 172 && (16...31).contains(mapped[1])) || (mapped[0] == 169 && mapped[1] == 254)
        {
          return "an internal IPv4-mapped address"
        }
      }
      return nil
    }
    return nil
  }
}

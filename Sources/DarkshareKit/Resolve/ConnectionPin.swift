import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Looks up a host name's addresses: the seam between the address check and DNS, so tests can
/// give a different answer on each call (a rebinding resolver).
protocol AddressLookup: Sendable {
  /// The addresses of `host` (4 bytes IPv4 or 16 bytes IPv6, network order), or nil when the
  /// name does not resolve.
  func addresses(of host: String) -> [[UInt8]]?
}

/// The system resolver, `getaddrinfo`.
struct SystemAddressLookup: AddressLookup {
  func addresses(of host: String) -> [[UInt8]]? {
    var hints = addrinfo()
    hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
    var result: UnsafeMutablePointer<addrinfo>?
    guard getaddrinfo(host, nil, &hints, &result) == 0, let first = result else { return nil }
    defer { freeaddrinfo(first) }
    var addresses: [[UInt8]] = []
    var cursor: UnsafeMutablePointer<addrinfo>? = first
    while let entry = cursor {
      if let address = entry.pointee.ai_addr, let bytes = Self.bytes(address, family: entry.pointee.ai_family) {
        addresses.append(bytes)
      }
      cursor = entry.pointee.ai_next
    }
    return addresses.isEmpty ? nil : addresses
  }

  /// The bytes of a socket address, in network order.
  private static func bytes(_ address: UnsafeMutablePointer<sockaddr>, family: Int32) -> [UInt8]? {
    if family == AF_INET {
      let ipv4 = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr }
      return withUnsafeBytes(of: ipv4) { Array($0) }
    }
    if family == AF_INET6 {
      return address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
        withUnsafeBytes(of: pointer.pointee.sin6_addr) { Array($0) }
      }
    }
    return nil
  }
}

/// The address a request to a host name connects to, chosen when the name was resolved and
/// checked: libcurl is handed it (`CURLOPT_RESOLVE`) and never resolves the name again, while
/// the URL, the `Host` header and TLS name checks keep the name.
struct ConnectionPin: Equatable, Sendable {
  var host: String
  var port: Int
  /// 4 or 16 bytes, network order.
  var address: [UInt8]

  /// `host:port:address`, IPv6 addresses in brackets.
  var curlResolveEntry: String {
    let text = NetworkAddressPolicy.display(address)
    return "\(host):\(port):\(address.count == 16 ? "[\(text)]" : text)"
  }

  /// Resolves `target`'s host once with `lookup`, refuses it when any address is refused (unless
  /// `allowPrivate`), and pins the first address. An IP-literal host needs no pin (nil).
  static func make(
    for target: RequestTarget, allowPrivate: Bool, lookup: any AddressLookup
  ) -> Result<ConnectionPin?, RefusedURL> {
    guard let addresses = lookup.addresses(of: target.host), let first = addresses.first else {
      return .failure(RefusedURL("cannot resolve the host name '\(target.host)'"))
    }
    if !allowPrivate, let refusal = NetworkAddressPolicy.refusal(host: target.host, addresses: addresses) {
      return .failure(RefusedURL(refusal))
    }
    if isLiteral(target.host) { return .success(nil) }
    let port = target.url.port ?? (target.url.scheme == "https" ? 443 : 80)
    return .success(ConnectionPin(host: target.host, port: port, address: first))
  }

  /// Whether `host` is an IPv4 or IPv6 address rather than a name.
  static func isLiteral(_ host: String) -> Bool {
    var buffer = [UInt8](repeating: 0, count: 16)
    return inet_pton(AF_INET, host, &buffer) == 1 || inet_pton(AF_INET6, host, &buffer) == 1
  }
}

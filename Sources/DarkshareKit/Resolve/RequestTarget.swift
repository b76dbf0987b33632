import Foundation

/// A URL `--resolve` may request, parsed once: the host judged by ``NetworkAddressPolicy`` is the
/// host of the URL handed to the HTTP client, because that URL is rebuilt from the parsed parts.
///
/// Parsers disagree on odd URLs: `http://A\@B/` was judged as host `A` by Foundation but fetched
/// from `B` by libcurl, which reads `A\` as a user name. So the text is first normalised as
/// browsers do for http(s) (WHATWG URL Standard: a `\` before the query is a `/`, so that URL is
/// host `A`, path `/@B/`), then refused when it carries what parsers read differently: a user
/// name or password (`user@host`), control characters or spaces, or a host that is not a plain
/// DNS name or IP literal. The request URL is rebuilt from scheme, host, port, path and query
/// (the fragment is never sent).
struct RequestTarget: Equatable {
  /// The URL the client requests.
  var url: URL
  /// The host judged and connected to (IPv6 literals without brackets).
  var host: String

  /// Parses `text`, or says why it may not be requested.
  static func parse(_ text: String) -> Result<RequestTarget, RefusedURL> {
    guard !text.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }) else {
      return .failure(RefusedURL("the URL contains spaces or control characters: \(text)"))
    }
    let normalised = backslashesAsSlashes(text)
    guard let components = URLComponents(string: normalised), let scheme = components.scheme?.lowercased(),
      scheme == "http" || scheme == "https"
    else {
      return .failure(RefusedURL("not an http(s) URL: \(text)"))
    }
    guard components.percentEncodedUser == nil, components.percentEncodedPassword == nil else {
      return .failure(RefusedURL("the URL carries a user name or password (user@host), which --resolve does not send: \(text)"))
    }
    guard let rawHost = components.percentEncodedHost, !rawHost.isEmpty else {
      return .failure(RefusedURL("the URL has no host: \(text)"))
    }
    let host = rawHost.hasPrefix("[") && rawHost.hasSuffix("]") ? String(rawHost.dropFirst().dropLast()) : rawHost
    let isLiteral = rawHost.hasPrefix("[")
    let allowed = isLiteral ? "0123456789abcdefABCDEF:." : "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_"
    guard host.allSatisfy({ allowed.contains($0) }) else {
      return .failure(RefusedURL("the host '\(rawHost)' is not a plain DNS name or IP address: \(text)"))
    }
    var rebuilt = URLComponents()
    rebuilt.scheme = scheme
    rebuilt.percentEncodedHost = rawHost
    rebuilt.port = components.port
    rebuilt.percentEncodedPath = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
    rebuilt.percentEncodedQuery = components.percentEncodedQuery
    guard let url = rebuilt.url, url.host.map({ $0 == host || $0 == rawHost }) == true else {
      return .failure(RefusedURL("the URL cannot be requested as written: \(text)"))
    }
    return .success(RequestTarget(url: url, host: host))
  }

  /// `text` with every `\` before the query or fragment turned into `/`, as browsers read
  /// http(s) URLs.
  static func backslashesAsSlashes(_ text: String) -> String {
    let end = text.firstIndex { $0 == "?" || $0 == "#" } ?? text.endIndex
    return text[..<end].replacingOccurrences(of: "\\", with: "/") + text[end...]
  }
}

/// Why a URL is not requested by `--resolve`.
struct RefusedURL: Error, Equatable {
  var message: String
  init(_ message: String) { self.message = message }
}

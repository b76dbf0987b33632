import Foundation

/// Recovers the destination of a decodable redirect wrapper, offline, nested to any depth.
///
/// Every decode method of shared/reference/wrappers.md §0 is implemented (see
/// ``decode(_:with:)``). A wrapper whose destination is not in the URL (`none`,
/// `follow_redirect`, Mimecast's host-only `domain_hint_only`), or whose payload does not
/// decode to an absolute `http(s)` URL, stops the unwrapping: its destination is not seen.
///
/// ```text
/// https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Furldefense.com%2Fv3%2F__https%3A%2F%2Fs.example%2Fa__%3B%21%21o%21s%24&data=…
///   → Safe Links → Proofpoint v3 → https://s.example/a
/// ```
enum Unwrapper {
  /// The outcome of looking at a URL for wrappers.
  struct Result {
    /// The innermost destination, parsed, or nil when the URL was not a decodable wrapper.
    var destinationURL: LinkURL?
    /// The innermost destination as decoded.
    var destination: String? { destinationURL?.string }
    /// The wrappers peeled off, outermost first.
    var wrappers: [LinkWrapper]
    /// The wrapper that hides the rest of the way, if one does.
    var stoppedAt: LinkWrapper?
    /// The destination's host, when the wrapper that stopped names only that (Mimecast
    /// `?domain=`); lower-cased.
    var destinationHost: String?
  }

  /// The deepest nesting followed; real mail nests three deep at most.
  static let maximumDepth = 8

  /// The longest URL decoded, in bytes; a longer one is reported as an undecodable wrapper.
  static let maximumURLLength = 64 * 1024

  static func unwrap(_ url: LinkURL) -> Result {
    var current = url
    var result = Result(destinationURL: nil, wrappers: [], stoppedAt: nil)
    for _ in 0..<maximumDepth {
      guard let scheme = current.scheme, scheme == "http" || scheme == "https",
        let host = current.host, let (wrapper, decoded) = claim(current, host: host)
      else { break }
      guard let inner = decoded else {
        result.stoppedAt = wrapper
        if wrapper.decoding.method == .domainHintOnly { result.destinationHost = hostHint(current, with: wrapper) }
        break
      }
      result.wrappers.append(wrapper)
      result.destinationURL = inner
      current = inner
    }
    return result
  }

  /// The wrapper that claims `url` and the destination it decodes to, parsed (nil when the
  /// wrapper is opaque or its payload does not decode).
  ///
  /// A wrapper whose host patterns match wins. Otherwise an any-host ESP shape
  /// (``LinkWrapper/anyHostShapes``) may claim it: an opaque shape by its pattern alone, a
  /// decodable one only when it decodes, so a page whose path merely looks like the shape is
  /// left alone. Last, a redirect script that carries its destination in a query parameter
  /// (``RedirectParameter``) is unwrapped too.
  static func claim(_ url: LinkURL, host: String) -> (wrapper: LinkWrapper, destination: LinkURL?)? {
    // The path and query, made once and only for a pattern to match: most links are passed
    // over by host and by their path's first segment.
    var made: String?
    func pathAndQuery() -> String {
      if let made { return made }
      let text = url.pathAndQuery
      made = text
      return text
    }
    if let wrapper = LinkWrapper.wrapping(host: host, pathAndQuery: pathAndQuery) {
      return (wrapper, wrapper.isOpaque ? nil : decodedURL(url, with: wrapper))
    }
    for shape in LinkWrapper.shapes(firstSegment: LinkWrapper.firstSegment(of: url.path), pathAndQuery: pathAndQuery) {
      if shape.isOpaque { return (shape, nil) }
      if let inner = decodedURL(url, with: shape) { return (shape, inner) }
    }
    guard url.string.utf8.count <= maximumURLLength else { return nil }
    return RedirectParameter.claim(url, host: host).map { ($0.wrapper, $0.destination) }
  }

  /// The destination `wrapper` encodes in `url`, if it is an absolute web URL with a host: by
  /// the wrapper's decoding, or else by the first of its fallbacks (real variants) that finds one.
  /// It is the URL as parsed to check it: the unwrapping goes on with it, and the judgement
  /// reads it, without parsing it again.
  static func decodedURL(_ url: LinkURL, with wrapper: LinkWrapper) -> LinkURL? {
    guard url.string.utf8.count <= maximumURLLength else { return nil }
    for decoding in [wrapper.decoding] + wrapper.decoding.fallbacks {
      if let decoded = payload(of: url, decoding: decoding), let destination = webURL(decoded) { return destination }
    }
    return nil
  }

  /// Whether `string` is an absolute `http(s)` URL with a host.
  static func isWebURL(_ string: String) -> Bool { webURL(string) != nil }

  /// `string` parsed, when it is an absolute `http(s)` URL with a host.
  static func webURL(_ string: String) -> LinkURL? {
    let url = LinkURL(string)
    guard let scheme = url.scheme, scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty else {
      return nil
    }
    return url
  }

  /// The host a `domain_hint_only` wrapper names, if it looks like a host name.
  static func hostHint(_ url: LinkURL, with wrapper: LinkWrapper) -> String? {
    guard let name = wrapper.decoding.parameters.first, let value = queryValue(name, in: url) else { return nil }
    let host = value.lowercased()
    let allowed = host.unicodeScalars.allSatisfy { $0 == "." || $0 == "-" || CharacterSet.alphanumerics.contains($0) }
    guard allowed, host.contains("."), !host.hasPrefix("."), host.utf8.count <= 253 else { return nil }
    return host
  }
}

import Foundation

/// Recovers the destination of a decodable redirect wrapper, offline, nested to any depth.
///
/// Implemented decode methods (shared/reference/wrappers.md §0): `query_param`,
/// `query_param_first_of`, `query_param_base64`, `path_segment`, `path_segment_percent_https`,
/// `path_tail`, `path_regex` and Proofpoint v2. A wrapper whose method is not implemented yet
/// is reported like an opaque one: its destination is not seen.
enum Unwrapper {
  /// The outcome of looking at a URL for wrappers.
  struct Result {
    /// The innermost destination, or nil when the URL was not a decodable wrapper.
    var destination: String?
    /// The wrappers peeled off, outermost first.
    var wrappers: [LinkWrapper]
    /// The wrapper that hides the rest of the way, if one does.
    var stoppedAt: LinkWrapper?
  }

  /// The deepest nesting followed; real mail nests three deep at most.
  static let maximumDepth = 8

  static func unwrap(_ url: LinkURL) -> Result {
    var current = url
    var result = Result(destination: nil, wrappers: [], stoppedAt: nil)
    for _ in 0..<maximumDepth {
      guard let scheme = current.scheme, scheme == "http" || scheme == "https",
        let host = current.host, let wrapper = LinkWrapper.wrapping(host: host, pathAndQuery: current.pathAndQuery)
      else { break }
      guard !wrapper.isOpaque, let inner = decode(current, with: wrapper) else {
        result.stoppedAt = wrapper
        break
      }
      result.wrappers.append(wrapper)
      result.destination = inner
      current = LinkURL(inner)
    }
    return result
  }

  /// The destination `wrapper` encodes in `url`, if it is an absolute web URL.
  static func decode(_ url: LinkURL, with wrapper: LinkWrapper) -> String? {
    let parameters = wrapper.decoding.parameters
    let segments = url.path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
    var decoded: String?
    switch wrapper.decoding.method.rawValue {
    case "query_param", "query_param_first_of":
      decoded = parameters.lazy.compactMap { name in url.queryParameters.first { $0.key == name }?.value }.first
    case "query_param_base64":
      decoded = parameters.first.flatMap { name in url.queryParameters.first { $0.key == name }?.value }
        .flatMap(base64)
    case "path_segment", "path_segment_percent_https":
      if let index = parameters.first.flatMap(Int.init), index < segments.count {
        var value = PercentDecoding.decode(String(segments[segments.index(segments.startIndex, offsetBy: index)]))
        if wrapper.decoding.method == .pathSegmentPercentHttps {
          if value.contains("%") { value = PercentDecoding.decode(value) }
          if !value.hasPrefix("http") { value = "https://" + value }
        }
        decoded = value
      }
    case "path_tail":
      if let index = parameters.first.flatMap(Int.init), index < segments.count {
        let tail = segments.dropFirst(index + 1).joined(separator: "/")
        decoded = PercentDecoding.decode(tail + (url.query.map { "?" + $0 } ?? ""))
      }
    case "path_regex":
      if let pattern = parameters.first, let regex = try? NSRegularExpression(pattern: pattern) {
        let subject = url.path
        let match = regex.firstMatch(in: subject, range: NSRange(subject.startIndex..., in: subject))
        if let match, match.numberOfRanges > 1, let range = Range(match.range(at: 1), in: subject) {
          decoded = PercentDecoding.decode(String(subject[range]))
        }
      }
    case "proofpoint_v2":
      if let value = url.queryParameters.first(where: { $0.key == "u" })?.value {
        let mapped = value.replacingOccurrences(of: "-", with: "%").replacingOccurrences(of: "_", with: "/")
        decoded = PercentDecoding.decode(mapped)
      }
    default:
      decoded = nil
    }
    guard let decoded, let scheme = LinkURL(decoded).scheme, scheme == "http" || scheme == "https" else {
      return nil
    }
    return decoded
  }

  private static func base64(_ value: String) -> String? {
    var text = value.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    while text.count % 4 != 0 { text += "=" }
    return Data(base64Encoded: text).flatMap { String(data: $0, encoding: .utf8) }
  }
}

import Foundation

/// A redirect that hides a link's destination: ESP click tracking, a security gateway's link
/// rewriting, a platform's outbound redirect, or a URL shortener. The instances are sourced
/// facts (``all``).
public struct LinkWrapper: Sendable {
  /// What kind of service wraps the link.
  public enum Category: String, Sendable {
    case clickTracking = "click tracking"
    case securityRewriter = "security link rewriter"
    case platformRedirect = "platform redirect"
    case shortener = "URL shortener"
  }

  /// How the destination is recovered from the wrapped URL (methods of wrappers.md §0).
  public struct Decoding: Sendable {
    /// The reference's method name (`query_param`, `path_segment`, `none`, …).
    public let method: String
    /// The method's parameter: query keys, a 0-based path segment, or a regex.
    public let parameters: [String]
  }

  public let name: String
  public let category: Category
  /// Host globs: `*` matches any run of characters; `*.example.com` also matches the bare domain.
  public let hostPatterns: [String]
  /// A regular expression over the path and query (`/track/click?u=…`); empty matches all.
  public let pathPattern: String
  public let decoding: Decoding
  /// Whether the destination is known only to the service (needs a network request).
  public let isOpaque: Bool

  /// Whether `host` (lower-case) and `pathAndQuery` belong to this wrapper.
  func matches(host: String, pathAndQuery: String) -> Bool {
    guard hostPatterns.contains(where: { Self.glob($0, matches: host) }) else { return false }
    guard let regex = Self.compiledPatterns[name] ?? nil else { return true }
    let range = NSRange(pathAndQuery.startIndex..., in: pathAndQuery)
    return regex.firstMatch(in: pathAndQuery, range: range) != nil
  }

  /// The first wrapper that claims the URL, if any.
  static func wrapping(host: String, pathAndQuery: String) -> LinkWrapper? {
    all.first { $0.matches(host: host, pathAndQuery: pathAndQuery) }
  }

  private static let compiledPatterns: [String: NSRegularExpression?] = Dictionary(
    all.map { wrapper in
      (wrapper.name, wrapper.pathPattern.isEmpty ? nil : try? NSRegularExpression(pattern: wrapper.pathPattern))
    }, uniquingKeysWith: { first, _ in first })

  /// Matches a host glob where `*` stands for any run of characters.
  static func glob(_ pattern: String, matches host: String) -> Bool {
    if pattern.hasPrefix("*."), host == pattern.dropFirst(2) { return true }
    let parts = pattern.split(separator: "*", omittingEmptySubsequences: false)
    guard parts.count > 1 else { return pattern == host }
    var rest = Substring(host)
    guard rest.hasPrefix(parts[0]) else { return false }
    rest = rest.dropFirst(parts[0].count)
    for (index, part) in parts.enumerated().dropFirst() {
      if index == parts.count - 1 {
        return part.isEmpty ? !rest.isEmpty || parts.count == 1 : rest.hasSuffix(part) && rest.count >= part.count
      }
      guard !part.isEmpty else { continue }
      guard let found = rest.range(of: part) else { return false }
      rest = rest[found.upperBound...]
    }
    return true
  }
}

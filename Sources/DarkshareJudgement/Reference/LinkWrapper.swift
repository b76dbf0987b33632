import DarkshareCore
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

  public let name: String
  public let category: Category
  /// Host globs: `*` matches any run of characters; `*.example.com` also matches the bare domain.
  public let hostPatterns: [String]
  /// A regular expression over the path and query (`/track/click?u=…`); empty matches all.
  public let pathPattern: String
  public let decoding: Decoding
  /// A sample URL from the reference (constructed or observed), when it gives one.
  public let example: String?
  /// Whether the destination is known only to the service (needs a network request).
  public let isOpaque: Bool

  /// The first wrapper whose host patterns claim the URL, if any. (An ESP shape on a branded
  /// click domain is looked for only when none does: ``Unwrapper/claim(_:host:)``.)
  ///
  /// - Complexity: O(*w*) cheap suffix comparisons for *w* host patterns; a path pattern is
  ///   evaluated only for a wrapper whose host matched.
  static func wrapping(host: String, pathAndQuery: String) -> LinkWrapper? {
    wrapping(host: host) { pathAndQuery }
  }

  /// ``wrapping(host:pathAndQuery:)`` with the path and query made only when a wrapper whose
  /// host matched has a path pattern to match (most hosts match none).
  static func wrapping(host: String, pathAndQuery: () -> String) -> LinkWrapper? {
    var host = host
    let hostPatterns = compiledHosts
    return host.withUTF8 { host in
      for index in candidates.wrappers(for: host) where hostPatterns[index].contains(where: { $0.matches(host) }) {
        // No pattern, or one that does not compile, claims every path.
        guard let pattern = compiledPaths[index], let matches = pattern.matches(pathAndQuery()) else { return all[index] }
        if matches { return all[index] }
      }
      return nil
    }
  }

  /// The wrappers a host can match, by the end of their host patterns.
  private static let candidates = CandidateIndex(all.map(\.hostPatterns))

  /// Which wrappers a host may match, found by the host's last one or two labels, so a link is
  /// compared with a handful of wrappers rather than all of them (that comparison was a
  /// noticeable share of judging a link).
  struct CandidateIndex: Sendable {
    /// `unkeyed` (wrappers with a pattern whose end is not fixed: always candidates) with each
    /// last label's wrappers merged in, sorted and unique: the answer for every host whose last
    /// two labels no pattern fixes (nearly every host), without building a list per link.
    private let byLastLabelWithUnkeyed: FoldedASCIIKeyTable<[Int]>
    /// `unkeyed`, sorted and unique.
    private let unkeyedOnly: [Int]
    /// `byTwoLabels` with the wrappers of their last label and `unkeyed` merged in, sorted and
    /// unique: the answer for a host whose last two labels a pattern fixes (`sendgrid.net`),
    /// made once instead of per link.
    private let byTwoLabelsWithRest: FoldedASCIIKeyTable<[Int]>

    /// The index of `patterns` (lower-case ASCII, as the reference writes them; a host is
    /// lower-cased before it is looked up).
    init(_ patterns: [[String]]) {
      // Wrapper indices by the last two labels their patterns fix (`outlook.com`), by the only
      // label a pattern fixes (`com` for `*.list-manage*.com`), and by neither.
      var byTwoLabels: [String: [Int]] = [:]
      var byLastLabel: [String: [Int]] = [:]
      var unkeyed: [Int] = []
      for (index, hostPatterns) in patterns.enumerated() {
        for pattern in hostPatterns {
          let literalEnd = pattern.split(separator: "*", omittingEmptySubsequences: false).last ?? ""
          let labels = literalEnd.split(separator: ".", omittingEmptySubsequences: false)
          if labels.count >= 3 || (labels.count == 2 && literalEnd.count == pattern.count) {
            byTwoLabels[labels.suffix(2).joined(separator: "."), default: []].append(index)
          } else if labels.count == 2, !labels[1].isEmpty {
            byLastLabel[String(labels[1]), default: []].append(index)
          } else {
            unkeyed.append(index)
          }
        }
      }
      let unkeyedOnly = Set(unkeyed).sorted()
      var withUnkeyed = [String: [Int]]()
      for (label, keyed) in byLastLabel { withUnkeyed[label] = Set(unkeyed + keyed).sorted() }
      var withRest = [String: [Int]]()
      for (lastTwo, keyed) in byTwoLabels {
        let last = lastTwo.split(separator: ".", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        withRest[lastTwo] = Set((withUnkeyed[last] ?? unkeyedOnly) + keyed).sorted()
      }
      self.unkeyedOnly = unkeyedOnly
      byLastLabelWithUnkeyed = FoldedASCIIKeyTable(withUnkeyed.map { (FoldedASCIIKey($0.key), $0.value) })
      byTwoLabelsWithRest = FoldedASCIIKeyTable(withRest.map { (FoldedASCIIKey($0.key), $0.value) })
    }

    /// The indices of the wrappers `host` (lower-cased) may match, in ``LinkWrapper/all`` order.
    /// Labels are looked up as keys of their bytes, no string made: a label that is not ASCII or
    /// longer than a key is none of the reference's.
    func wrappers(for host: UnsafeBufferPointer<UInt8>) -> [Int] {
      let lastDot = host.lastIndex(of: UInt8(ascii: "."))
      let withLast = FoldedASCIIKey(host[(lastDot.map { $0 + 1 } ?? 0)...]).flatMap { byLastLabelWithUnkeyed[$0] } ?? unkeyedOnly
      guard let lastDot else { return withLast }
      let previousDot = host[..<lastDot].lastIndex(of: UInt8(ascii: "."))
      return FoldedASCIIKey(host[(previousDot.map { $0 + 1 } ?? 0)...]).flatMap { byTwoLabelsWithRest[$0] } ?? withLast
    }
  }

  /// Each wrapper's host globs, parsed once (same order as ``all``).
  private static let compiledHosts: [[HostPattern]] = all.map { $0.hostPatterns.map(HostPattern.init) }
  /// Each wrapper's path pattern, compiled when first needed; nil when it has none.
  private static let compiledPaths: [PathPattern?] = all.map { wrapper in
    wrapper.pathPattern.isEmpty ? nil : PathPattern(wrapper.pathPattern)
  }

  /// A host glob, parsed: `*` matches any run of characters; `*.example.com` also matches
  /// `example.com`.
  public struct HostPattern: Sendable {
    private enum Kind: Sendable {
      case exact
      /// `*.suffix`: the bare domain or any subdomain.
      case domain
      /// Literal parts between `*`s, the first anchored at the start, the last at the end.
      case glob
    }

    private let kind: Kind
    /// The host (exact) or the domain (`*.domain`) in UTF-8, compared byte for byte; empty for
    /// a glob. (Plain fields, not an enum's payloads: the arrays' references stay whole pointers,
    /// which the fuzz harnesses' leak checker can follow to these tables built once.)
    private let name: [UInt8]
    /// A glob's literal parts in UTF-8; empty for the other kinds.
    private let parts: [[UInt8]]

    public init(_ pattern: String) {
      let parts = pattern.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
      if parts.count == 1 {
        (kind, name, self.parts) = (.exact, Array(pattern.utf8), [])
      } else if parts.count == 2, parts[0].isEmpty, parts[1].hasPrefix(".") {
        (kind, name, self.parts) = (.domain, Array(parts[1].utf8.dropFirst()), [])
      } else {
        (kind, name, self.parts) = (.glob, [], parts.map { Array($0.utf8) })
      }
    }

    public func matches(_ host: String) -> Bool {
      var host = host
      return host.withUTF8(matches)
    }

    /// ``matches(_:)`` of a host's UTF-8.
    func matches(_ host: UnsafeBufferPointer<UInt8>) -> Bool {
      switch kind {
      case .exact:
        return host.elementsEqual(name)
      case .domain:
        guard host.count >= name.count, host[(host.count - name.count)...].elementsEqual(name) else { return false }
        return host.count == name.count || host[host.count - name.count - 1] == UInt8(ascii: ".")
      case .glob:
        return LinkWrapper.glob(parts, matches: host)
      }
    }
  }

  /// Matches the literal `parts` (UTF-8) of a glob split at its `*`s against `text`, byte by
  /// byte: a host pattern such as `*.list-manage*.com` is tried on every `.com` link.
  static func glob(_ parts: [[UInt8]], matches text: String) -> Bool {
    var text = text
    return text.withUTF8 { glob(parts, matches: $0) }
  }

  private static func glob(_ parts: [[UInt8]], matches text: UnsafeBufferPointer<UInt8>) -> Bool {
    let first = parts[0]
    let last = parts[parts.count - 1]
    // The literal start and end must match; so must a part between them, each after the last.
    guard text.count >= first.count, text.starts(with: first), text.count >= last.count,
      text[(text.count - last.count)...].elementsEqual(last)
    else { return false }
    var start = first.count
    for part in parts.dropFirst().dropLast() where !part.isEmpty {
      guard let found = text.firstIndex(ofBytes: part, from: start) else { return false }
      start = found + part.count
    }
    // What is left must hold the last part after the others (a `*` before it matches at
    // least nothing; with no literal end, at least one byte).
    return last.isEmpty ? start < text.count : text.count - start >= last.count
  }
}

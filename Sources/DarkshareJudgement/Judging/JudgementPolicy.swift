import DarkshareCore
import Foundation

/// What the judgement requires of a link and which links are in scope; built from the
/// ``Configuration``.
public struct JudgementPolicy: Sendable {
  /// The campaign parameters a link must carry, in the exact case analytics reads them.
  public var requiredParameters: [String] {
    didSet { requiredKeys = Self.keys(of: requiredParameters) }
  }
  /// ``requiredParameters`` as keys, for ``isCampaignKey(_:)``; nil for one that is not a short
  /// ASCII word.
  private var requiredKeys: [FoldedASCIIKey?]
  /// Host patterns of the sites whose links must be tagged; empty means every site.
  public var ownDomains: [LinkWrapper.HostPattern]
  public var otherDomains: Configuration.OtherDomains
  /// URLs to leave alone.
  public var ignore: [URLPattern]
  /// The sender's own redirect hosts, judged like shorteners.
  public var redirectHosts: [LinkWrapper.HostPattern]

  public init(configuration: Configuration = .default) {
    requiredParameters = configuration.requiredParameters
    requiredKeys = Self.keys(of: configuration.requiredParameters)
    ownDomains = configuration.ownDomains.map { LinkWrapper.HostPattern($0.lowercased()) }
    otherDomains = configuration.otherDomains
    ignore = configuration.ignore.compactMap { try? URLPattern($0) }
    redirectHosts = configuration.redirectHosts.map { LinkWrapper.HostPattern($0.lowercased()) }
  }

  /// Whether `key` (any case) is a campaign parameter: a `utm_` key or a required one.
  public func isCampaignKey(_ key: String) -> Bool {
    // An ASCII key (nearly every one) is compared byte by byte, without lower-cased copies.
    if key.utf8.isAllASCII {
      if key.utf8.starts(with: "utm_".utf8, by: { $0.asciiLowercased == $1 }) { return true }
      // A short key is compared with the required keys as a folded word (ASCII case ignored).
      let folded = FoldedASCIIKey(key.utf8)
      return zip(requiredParameters, requiredKeys).contains { required, requiredKey in
        if let folded, let requiredKey { return folded == requiredKey }
        return required.equals(ignoringASCIICaseOf: key) ?? (required.lowercased() == key.lowercased())
      }
    }
    let lowered = key.lowercased()
    return lowered.hasPrefix("utm_") || requiredParameters.contains { $0.lowercased() == lowered }
  }

  private static func keys(of parameters: [String]) -> [FoldedASCIIKey?] {
    parameters.map { FoldedASCIIKey($0.utf8) }
  }

  /// Whether `host` is one of the own domains (always true when none are configured).
  func isOwnDomain(_ host: String?) -> Bool {
    guard !ownDomains.isEmpty else { return true }
    guard let host else { return true }  // a relative link points at the sender's own site
    return ownDomains.contains { $0.matches(host) }
  }
}

/// A URL pattern of the `ignore` list: a glob where `*` matches any run of characters, or a
/// regular expression after `re:`.
public struct URLPattern: Sendable {
  private enum Form: Sendable {
    /// The literal parts between `*`s, in UTF-8.
    case glob([[UInt8]])
    case regex(NSRegularExpression)
  }

  private let form: Form

  /// - Throws: the regular expression's error for an invalid `re:` pattern.
  public init(_ pattern: String) throws {
    if pattern.hasPrefix("re:") {
      form = .regex(try NSRegularExpression(pattern: String(pattern.dropFirst(3))))
    } else {
      form = .glob(pattern.split(separator: "*", omittingEmptySubsequences: false).map { Array($0.utf8) })
    }
  }

  public func matches(_ url: String) -> Bool {
    switch form {
    case .regex(let regex):
      return regex.firstMatch(in: url, range: NSRange(url.startIndex..., in: url)) != nil
    case .glob(let parts):
      return parts.count == 1 ? url.utf8.elementsEqual(parts[0]) : LinkWrapper.glob(parts, matches: url)
    }
  }
}

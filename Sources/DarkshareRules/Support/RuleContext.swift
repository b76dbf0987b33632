import DarkshareCore
import DarkshareJudgement

/// What rules know beyond the link itself: the policy and the document's usual campaign values.
public struct RuleContext: Sendable {
  public var policy: JudgementPolicy
  /// The value to suggest for each required key: the one the document's tracked links use
  /// most, or a default for the channel.
  public var suggestedValues: [String: String]

  /// A context for one document, learning the usual campaign values from its links.
  ///
  /// - Parameters:
  ///   - links: the document's judged links.
  ///   - documentName: the file name, whose stem is the fallback `utm_campaign`.
  public init(policy: JudgementPolicy, links: [JudgedLink], documentName: String) {
    self.policy = policy
    var suggested = [String: String]()
    for key in policy.requiredParameters {
      let values = links.filter { $0.status == .tracked }.compactMap { $0.attribution.values[key] }
      suggested[key] = Self.mostCommon(values) ?? Self.fallback(for: key, links: links, documentName: documentName)
    }
    suggestedValues = suggested
  }

  /// The most frequent value; ties go to the one seen first.
  static func mostCommon(_ values: [String]) -> String? {
    var counts = [String: Int]()
    for value in values { counts[value, default: 0] += 1 }
    var best: String?
    for value in values where best == nil || counts[value]! > counts[best!]! { best = value }
    return best
  }

  private static func fallback(for key: String, links: [JudgedLink], documentName: String) -> String {
    let channel = links.first?.link.channel ?? .email
    switch key {
    case "utm_source": return channel == .email ? "newsletter" : channel.rawValue
    case "utm_medium": return channel == .web ? "referral" : channel.rawValue
    default:
      let stem = documentName.split(separator: "/").last.map { $0.split(separator: ".").first.map(String.init) ?? "" } ?? ""
      return stem.isEmpty ? "campaign" : stem.lowercased()
    }
  }

  /// A finding described by `description` on `link`.
  func finding(_ description: RuleDescription, _ link: JudgedLink, _ message: String, suggestion: String?) -> Finding {
    Finding(
      rule: description.identifier, severity: description.defaultSeverity, location: link.link.location,
      message: message, suggestion: suggestion)
  }
}

import DarkshareCore
import DarkshareJudgement

/// What rules know beyond the link itself: the configuration, the judgement policy and the
/// document's usual campaign values.
public struct RuleContext: Sendable {
  public var configuration: Configuration
  public var policy: JudgementPolicy
  /// The value to suggest for each required key: the configured `fix` value, else the one the
  /// document's tracked links use most, else a default for the channel.
  public var suggestedValues: [String: String]

  /// A context for one document, learning the usual campaign values from its links.
  ///
  /// - Parameters:
  ///   - links: the document's judged links.
  ///   - documentName: the file name, whose stem is the fallback `utm_campaign`.
  public init(configuration: Configuration, policy: JudgementPolicy, links: [JudgedLink], documentName: String) {
    self.configuration = configuration
    self.policy = policy
    var suggested = [String: String]()
    let name = documentName.split(separator: "/").last.map(String.init) ?? documentName
    let stem = name.split(separator: ".").first.map(String.init) ?? name
    for key in policy.requiredParameters {
      if let template = configuration.fixValues[key] {
        suggested[key] = template.replacingOccurrences(of: "{stem}", with: stem).replacingOccurrences(of: "{file}", with: name)
        continue
      }
      // A placeholder is a fine value to copy within a template, but in sent mail it is an
      // unrendered tag (`unrendered-merge-tag`), never a value to suggest.
      let values = links.filter { $0.status == .tracked }.compactMap { link -> String? in
        guard let parameter = link.attribution.parameters.first(where: { $0.key == key }),
          !(parameter.valueIsPlaceholder && link.link.isSent)
        else { return nil }
        return link.attribution.values[key]
      }
      suggested[key] = Self.mostCommon(values) ?? Self.fallback(for: key, links: links, stem: stem)
    }
    suggestedValues = suggested
  }

  /// Whether the configuration turns the rule off.
  func isEnabled(_ description: RuleDescription) -> Bool {
    configuration.rules[description.identifier] != .off
  }

  /// The most frequent value; ties go to the one seen first.
  static func mostCommon(_ values: [String]) -> String? {
    var counts = [String: Int]()
    for value in values { counts[value, default: 0] += 1 }
    var best: String?
    for value in values where best == nil || counts[value]! > counts[best!]! { best = value }
    return best
  }

  private static func fallback(for key: String, links: [JudgedLink], stem: String) -> String {
    let channel = links.first?.link.channel ?? .email
    switch key {
    case "utm_source": return channel == .email ? "newsletter" : channel.rawValue
    case "utm_medium": return channel == .web ? "referral" : channel == .chat ? "social" : channel.rawValue
    default:
      // A file name may hold spaces (`WhatsApp Chat with …`): a value in a URL may not.
      let slug = stem.lowercased().split { !$0.isLetter && !$0.isNumber && $0 != "-" && $0 != "_" }.joined(separator: "-")
      return slug.isEmpty ? "campaign" : slug
    }
  }

  /// A finding described by `description` on `link`, at the configured severity; `info` for a
  /// link outside the own domains under `other-domains: report`.
  func finding(_ description: RuleDescription, _ link: JudgedLink, _ message: String, suggestion: String?) -> Finding {
    var severity = description.defaultSeverity
    if case .severity(let configured) = configuration.rules[description.identifier] { severity = configured }
    if !link.isOwnDomain { severity = .info }
    return Finding(
      rule: description.identifier, severity: severity, location: link.link.location,
      message: message, suggestion: suggestion)
  }
}

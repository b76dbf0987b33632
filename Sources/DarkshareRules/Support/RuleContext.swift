import DarkshareCore
import Foundation
import DarkshareJudgement
import Synchronization

/// What rules know beyond the link itself: the configuration, the judgement policy and the
/// document's usual campaign values.
public struct RuleContext: Sendable {
  public var configuration: Configuration
  public var policy: JudgementPolicy
  /// The value to suggest for each required key: the configured `fix` value, else the one the
  /// document's tracked links use most, else a default for the channel.
  public var suggestedValues: [String: String]
  /// The suggested URL of the link the rules are checking, made at most once for all of them
  /// (``URLRepair/repaired(_:in:)``); set by ``RuleRunner`` for each link, nil elsewhere.
  var repairOfCheckedLink: CheckedLinkRepair?
  /// What `unmapped-medium` found for each set of tags; set by ``RuleRunner`` for its links.
  var mediumVerdicts: MemoTable<UnmappedMediumRule.Tags, UnmappedMediumRule.Verdict>?
  /// Whether findings carry their message and suggestion. A run whose reports show only which
  /// rules a link broke (`links`) turns it off, and then neither is made: rules report the same
  /// findings, with an empty message and no suggestion.
  public var explainsFindings: Bool

  /// A context for one document, learning the usual campaign values from its links.
  ///
  /// - Parameters:
  ///   - links: the document's judged links.
  ///   - documentName: the file name, whose stem is the fallback `utm_campaign`.
  ///   - explainsFindings: ``explainsFindings``; without explanations the usual values, which
  ///     only suggestions use, are not counted.
  public init(
    configuration: Configuration, policy: JudgementPolicy, links: [JudgedLink], documentName: String,
    explainsFindings: Bool = true
  ) {
    var values = CampaignValues()
    if explainsFindings { values.add(links, policy: policy) }
    self.init(
      configuration: configuration, policy: policy, values: values, documentName: documentName,
      explainsFindings: explainsFindings)
  }

  /// A context for one document whose usual campaign values were counted as its parts were
  /// read (``CampaignValues``): a document too large to hold whole.
  public init(
    configuration: Configuration, policy: JudgementPolicy, values: CampaignValues, documentName: String,
    explainsFindings: Bool = true
  ) {
    self.configuration = configuration
    self.policy = policy
    self.explainsFindings = explainsFindings
    var suggested = [String: String]()
    let name = documentName.split(separator: "/").last.map(String.init) ?? documentName
    let stem = name.split(separator: ".").first.map(String.init) ?? name
    for key in policy.requiredParameters {
      if let template = configuration.fixValues[key] {
        suggested[key] = Self.filled(template, stem: stem, file: name)
        continue
      }
      suggested[key] = values.tracked[key]?.mostCommon ?? Self.fallback(for: key, channel: values.firstChannel, stem: stem)
    }
    for (key, template) in configuration.fixValues where suggested[key] == nil {
      suggested[key] = Self.filled(template, stem: stem, file: name)
    }
    suggestedValues = suggested
  }

  /// The campaign values a document's tracked links use, counted a part at a time: what the
  /// suggested values are learned from.
  public struct CampaignValues: Sendable {
    /// The values of each required key on tracked links.
    var tracked = [String: ValueTally]()
    /// The channel of the document's first link: the fallback values depend on it.
    var firstChannel: Channel?

    public init() {}

    /// Counts the values of `links`, the next links of the document.
    public mutating func add(_ links: [JudgedLink], policy: JudgementPolicy) {
      if firstChannel == nil { firstChannel = links.first?.link.channel }
      for link in links where link.status == .tracked {
        for key in policy.requiredParameters {
          // A placeholder is a fine value to copy within a template, but in sent mail it is an
          // unrendered tag (`unrendered-merge-tag`), never a value to suggest.
          guard let parameter = link.attribution.parameters.first(where: { $0.key == key }),
            !(parameter.valueIsPlaceholder && link.link.isSent), let value = link.attribution.values[key]
          else { continue }
          tracked[key, default: ValueTally()].add(value)
        }
      }
    }
  }

  /// The value to give `key` on `link`: the suggested value, its `{text}` replaced by a slug
  /// of the link's anchor text (`Shop the sale!` → `shop-the-sale`; `link` without text).
  public func value(for key: String, on link: JudgedLink, text: String? = nil) -> String {
    let template = suggestedValues[key] ?? ""
    guard template.containsBytes(of: "{text}") else { return template }
    return template.replacingOccurrences(of: "{text}", with: Self.slug(text ?? link.link.text))
  }

  /// `{stem}`, `{file}` and `{date}` (today, `YYYY-MM-DD` in UTC) filled in.
  static func filled(_ template: String, stem: String, file: String) -> String {
    template.replacingOccurrences(of: "{stem}", with: stem).replacingOccurrences(of: "{file}", with: file)
      .replacingOccurrences(of: "{date}", with: today)
  }

  private static var today: String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyy-MM-dd"
    return formatter.string(from: Date())
  }

  /// Lower-case ASCII letters and digits of `text`, runs of anything else as one `-`.
  static func slug(_ text: String?) -> String {
    var slug = ""
    for scalar in (text ?? "").lowercased().unicodeScalars {
      if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
        slug.unicodeScalars.append(scalar)
      } else if !slug.isEmpty, !slug.hasSuffix("-") {
        slug += "-"
      }
    }
    slug = String(slug.prefix(60))
    while slug.hasSuffix("-") { slug.removeLast() }
    return slug.isEmpty ? "link" : slug
  }

  /// Whether the configuration turns the rule off.
  func isEnabled(_ description: RuleDescription) -> Bool {
    configuration.rules[description.identifier] != .off
  }

  private static func fallback(for key: String, channel: Channel?, stem: String) -> String {
    let channel = channel ?? .email
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
  /// link outside the own domains under `other-domains: report`. The message and suggestion
  /// are made only when the context ``explainsFindings``.
  func finding(
    _ description: RuleDescription, _ link: JudgedLink, _ message: @autoclosure () -> String,
    suggestion: @autoclosure () -> String?
  ) -> Finding {
    var severity = description.defaultSeverity
    if case .severity(let configured) = configuration.rules[description.identifier] { severity = configured }
    if !link.isOwnDomain { severity = .info }
    return Finding(
      rule: description.identifier, severity: severity, location: link.link.location,
      message: explainsFindings ? message() : "", suggestion: explainsFindings ? suggestion() : nil)
  }
}

/// The suggested URL of one link, made the first time a rule asks for it: a dark link is
/// reported by several rules, each suggesting the same repaired URL.
///
/// One is made per ``RuleRunner`` call and emptied before each link; it is used by that call's
/// task only.
final class CheckedLinkRepair: @unchecked Sendable {
  private var made: String??

  /// The repair, made by `make` unless it was made since the last ``forget()``.
  func value(_ make: () -> String?) -> String? {
    if let made { return made }
    let value = make()
    made = .some(value)
    return value
  }

  /// Forgets the repair: the next link is being checked.
  func forget() { made = nil }
}

/// Answers worked out for one key and kept for every later link that shares it: a message's
/// links share their tags, and so do a sender's messages. At most ``capacity`` are kept: past
/// that the table starts again. One is kept by each ``RuleRunner`` and shared by the tasks that
/// run it, behind a lock: the answer is worked out outside the lock, so two tasks may work out
/// the same one, never a different one.
final class MemoTable<Key: Hashable & Sendable, Value: Sendable>: Sendable {
  static var capacity: Int { 1024 }
  private let values = Mutex<[Key: Value]>([:])

  /// The value for `key`, made by `make` unless it was made before.
  func value(for key: Key, _ make: () -> Value) -> Value {
    if let value = values.withLock({ $0[key] }) { return value }
    let value = make()
    values.withLock { values in
      if values.count >= Self.capacity { values.removeAll(keepingCapacity: true) }
      values[key] = value
    }
    return value
  }
}

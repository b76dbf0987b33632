import DarkshareCore
import DarkshareJudgement

/// Flags links whose `utm_campaign` or `utm_source` differs from the rest of the message.
struct InconsistentCampaignRule: DocumentRule {
  static let description = RuleDescription(
    identifier: "inconsistent-campaign",
    name: "Inconsistent Campaign",
    summary: "One message uses several spellings of utm_campaign or utm_source.",
    rationale: """
      Analytics treats `spring-sale` and `Spring_Sale` (or last month's `spring-sale-2025`) as \
      different campaigns, so one send's traffic is split across rows and part of it is \
      credited to the wrong campaign — usually a copy-pasted block from an older template. Use \
      one value per message; darkshare suggests the one most links use.
      """,
    defaultSeverity: .warning,
    triggeringExamples: [
      #"""
      <a href="https://shop.example/a?utm_source=nl&amp;utm_medium=email&amp;utm_campaign=spring">A</a>
      <a href="https://shop.example/b?utm_source=nl&amp;utm_medium=email&amp;utm_campaign=spring">B</a>
      <a href="↓https://shop.example/c?utm_source=nl&amp;utm_medium=email&amp;utm_campaign=Spring">C</a>
      """#
    ],
    nonTriggeringExamples: [
      #"""
      <a href="https://shop.example/a?utm_source=nl&amp;utm_medium=email&amp;utm_campaign=spring">A</a>
      <a href="https://shop.example/b?utm_source=nl&amp;utm_medium=email&amp;utm_campaign=spring&amp;utm_content=b">B</a>
      """#
    ])

  /// The keys whose value should be the same across one message.
  /// The keys whose values must agree within a message.
  static let keys = ["utm_campaign", "utm_source"]

  func check(_ links: [JudgedLink], message: MessageCampaignFacts, in context: RuleContext) -> [[Finding]] {
    // Most messages use one value per key: nothing to look at again.
    guard Self.keys.contains(where: { (message.written($0)?.distinct ?? 0) > 1 }) else {
      return Array(repeating: [], count: links.count)
    }
    var differences = Array(repeating: [Difference](), count: links.count)
    for key in Self.keys {
      guard let tally = message.written(key), tally.distinct > 1, let usual = tally.mostCommon else { continue }
      for (index, link) in links.enumerated() {
        guard let written = Self.writtenValue(of: key, in: link), written.value != usual else { continue }
        differences[index].append(Difference(key: key, value: written.value, raw: written.raw, usual: usual))
      }
    }
    return differences.indices.map { index in
      let found = differences[index]
      guard !found.isEmpty else { return [] }
      return [
        context.finding(
          Self.description, links[index], Self.message(found), suggestion: Self.suggestion(found, for: links[index]))
      ]
    }
  }

  /// A value a link gives one of ``keys`` where the rest of the message gives another.
  private struct Difference {
    let key: String
    /// The value, rendered, and as written in the URL.
    let value: String
    let raw: String
    /// The value most links of the message give the key.
    let usual: String
  }

  /// "'utm_campaign=Spring' differs from 'spring', used by the rest of the message".
  private static func message(_ differences: [Difference]) -> String {
    differences.map { "'\($0.key)=\($0.value)' differs from '\($0.usual)'" }.joined(separator: "; ")
      + ", used by the rest of the message"
  }

  /// The link's URL with each value replaced by the usual one.
  private static func suggestion(_ differences: [Difference], for link: JudgedLink) -> String {
    differences.reduce(link.judgedURL.string) { url, difference in
      url.replacingFirst("\(difference.key)=\(difference.raw)", with: "\(difference.key)=\(difference.usual)")
    }
  }

  /// The value `link` gives `key` as written, when it counts: a tracked or partial link's
  /// non-empty, rendered value (a share link's `utm_source` is the network's).
  static func writtenValue(of key: String, in link: JudgedLink) -> (value: String, raw: String)? {
    guard link.status == .tracked || link.status == .partial, key != "utm_source" || link.share == nil,
      let parameter = link.attribution.parameters.first(where: { $0.key == key }),
      !parameter.valueIsPlaceholder, let value = parameter.value, !value.isEmpty
    else { return nil }
    return (value, parameter.rawValue ?? value)
  }
}

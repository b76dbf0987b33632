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
    guard Self.keys.contains(where: { (message.written[$0]?.distinct ?? 0) > 1 }) else {
      return Array(repeating: [], count: links.count)
    }
    var problems = Array(repeating: [String](), count: links.count)
    // Made only for the links with a problem.
    var suggestions = [String?](repeating: nil, count: links.count)
    for key in Self.keys {
      guard let tally = message.written[key], tally.distinct > 1, let usual = tally.mostCommon else { continue }
      for (index, link) in links.enumerated() {
        guard let written = Self.writtenValue(of: key, in: link), written.value != usual else { continue }
        problems[index].append("'\(key)=\(written.value)' differs from '\(usual)'")
        let suggestion = suggestions[index] ?? link.judgedURL.string
        suggestions[index] = suggestion.replacingFirst("\(key)=\(written.raw)", with: "\(key)=\(usual)")
      }
    }
    return problems.indices.map { index in
      guard !problems[index].isEmpty else { return [] }
      let message = problems[index].joined(separator: "; ") + ", used by the rest of the message"
      return [context.finding(Self.description, links[index], message, suggestion: suggestions[index])]
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

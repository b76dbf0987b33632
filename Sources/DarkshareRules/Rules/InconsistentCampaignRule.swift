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
  private static let keys = ["utm_campaign", "utm_source"]

  func check(_ links: [JudgedLink], in context: RuleContext) -> [[Finding]] {
    var problems = Array(repeating: [String](), count: links.count)
    var suggestions = links.map(\.judgedURL.string)
    for key in Self.keys {
      let written = links.map { Self.writtenValue(of: key, in: $0) }
      let values = written.map { $0?.value }
      guard Set(values.compactMap { $0 }).count > 1, let usual = RuleContext.mostCommon(values.compactMap { $0 }) else {
        continue
      }
      for (index, value) in values.enumerated() {
        guard let value, value != usual, let raw = written[index]?.raw else { continue }
        problems[index].append("'\(key)=\(value)' differs from '\(usual)'")
        suggestions[index] = suggestions[index].replacingFirst("\(key)=\(raw)", with: "\(key)=\(usual)")
      }
    }
    return problems.indices.map { index in
      guard !problems[index].isEmpty else { return [] }
      let message = problems[index].joined(separator: "; ") + ", used by the rest of the message"
      return [context.finding(Self.description, links[index], message, suggestion: suggestions[index])]
    }
  }

  /// The value of `key` a link is tracked with, decoded and as written; nil for links that are
  /// not tracked or partial, for placeholders (they differ per send by design), and for a share
  /// link's `utm_source` (it names the network on purpose).
  private static func writtenValue(of key: String, in link: JudgedLink) -> (value: String, raw: String)? {
    guard link.status == .tracked || link.status == .partial, key != "utm_source" || link.share == nil,
      let parameter = link.attribution.parameters.first(where: { $0.key == key }),
      !parameter.valueIsPlaceholder, let value = parameter.value, !value.isEmpty
    else { return nil }
    return (value, parameter.rawValue ?? value)
  }
}

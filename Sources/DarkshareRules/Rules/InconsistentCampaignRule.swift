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
    var findings = Array(repeating: [Finding](), count: links.count)
    for key in Self.keys {
      // A share link's source names its network (utm_source=whatsapp) on purpose.
      let values = links.map { link -> String? in
        guard link.status == .tracked || link.status == .partial, key != "utm_source" || link.share == nil else { return nil }
        return link.attribution.values[key].flatMap { $0.isEmpty ? nil : $0 }
      }
      guard Set(values.compactMap { $0 }).count > 1, let usual = RuleContext.mostCommon(values.compactMap { $0 }) else {
        continue
      }
      for (index, value) in values.enumerated() {
        guard let value, value != usual else { continue }
        let message = "'\(key)=\(value)' differs from '\(usual)' used by the rest of the message"
        findings[index].append(
          context.finding(
            Self.description, links[index], message,
            suggestion: links[index].judgedURL.string.replacingFirst(
              "\(key)=\(links[index].attribution.parameters.first { $0.key == key }?.rawValue ?? value)",
              with: "\(key)=\(usual)")))
      }
    }
    return findings
  }
}

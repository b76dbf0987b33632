import DarkshareRules

/// The text of `darkshare rules` and `darkshare explain RULE`.
public enum RuleCatalogue {
  /// One line per rule: identifier, default severity, summary.
  public static func list() -> String {
    let rules = BuiltInRules.descriptions
    let width = rules.map(\.identifier.count).max() ?? 0
    return rules.map { rule in
      "\(rule.identifier.padding(toLength: width, withPad: " ", startingAt: 0))  \(rule.defaultSeverity.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0))  \(rule.summary)"
    }.joined(separator: "\n") + "\n"
  }

  /// The full explanation of one rule, or nil when there is no such rule.
  public static func explain(_ identifier: String) -> String? {
    guard let rule = BuiltInRules.description(of: identifier) else { return nil }
    var out = "\(rule.identifier) — \(rule.name) (default severity: \(rule.defaultSeverity.rawValue))\n\n"
    out += rule.summary + "\n\n" + rule.rationale + "\n"
    out += "\nReported (↓ marks the link):\n"
    out += rule.triggeringExamples.map { "  " + $0.replacingOccurrences(of: "\n", with: "\n  ") }.joined(separator: "\n") + "\n"
    out += "\nNot reported:\n"
    out += rule.nonTriggeringExamples.map { "  " + $0.replacingOccurrences(of: "\n", with: "\n  ") }.joined(separator: "\n") + "\n"
    return out
  }

  /// Every rule identifier, for error messages and shell completion.
  public static var identifiers: [String] { BuiltInRules.descriptions.map(\.identifier) }
}

import DarkshareRules
import Foundation

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

  /// The rule named `name`, whatever its case (`Untagged-Link`), or nil when there is none.
  public static func rule(named name: String) -> RuleDescription? {
    let wanted = name.lowercased()
    return BuiltInRules.descriptions.first { $0.identifier == wanted }
  }

  /// The rule identifier nearest to a misspelt `name`, for "did you mean …?".
  public static func suggestion(for name: String) -> String? {
    NearestName.suggestion(for: name, among: identifiers)
  }

  /// The full explanation of one rule (its name in any case), or nil when there is no such rule.
  public static func explain(_ identifier: String) -> String? {
    guard let rule = rule(named: identifier) else { return nil }
    var out = "\(rule.identifier) — \(rule.name) (default severity: \(rule.defaultSeverity.rawValue))\n\n"
    out += rule.summary + "\n\n" + rule.rationale + "\n"
    if let reference = rule.reference { out += "\n" + reference }
    let sections = [
      ("Reported (↓ marks the link):", rule.triggeringExamples),
      ("Reported in sent mail (an .eml message; ↓ marks the link, positions count within its part):", rule.triggeringMessageExamples),
      ("Not reported:", rule.nonTriggeringExamples),
      ("Not reported in sent mail:", rule.nonTriggeringMessageExamples),
    ]
    for (title, examples) in sections where !examples.isEmpty {
      out += "\n\(title)\n"
      out += examples.map { "  " + $0.replacingOccurrences(of: "\n", with: "\n  ") }.joined(separator: "\n") + "\n"
    }
    return out
  }

  /// `darkshare rules --format json`: an array of `{"id","name","severity","summary","rationale"}`,
  /// one object a rule in identifier order, `severity` the default one.
  public static func json() -> String {
    struct Entry: Encodable {
      var id, name, severity, summary, rationale: String
    }
    let entries = BuiltInRules.descriptions.map {
      Entry(id: $0.identifier, name: $0.name, severity: $0.defaultSeverity.rawValue, summary: $0.summary, rationale: $0.rationale)
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    // Encoding plain strings cannot fail.
    return String(decoding: (try? encoder.encode(entries)) ?? Data("[]".utf8), as: UTF8.self) + "\n"
  }

  /// `docs/rules.md`: every rule with its severity, summary, rationale and examples, generated
  /// from the rule metadata (`darkshare rules --markdown > docs/rules.md`; a test keeps it current).
  public static func markdown() -> String {
    var out = "# darkshare rules\n\n"
    out += "Generated from the rule metadata by `darkshare rules --markdown`; do not edit by hand.\n"
    out += "Set a rule's severity or turn it off under `rules:` in `.darkshare.yml`.\n\n"
    out += "| rule | default severity | reports |\n|---|---|---|\n"
    for rule in BuiltInRules.descriptions {
      let summary = rule.summary.replacingOccurrences(of: "|", with: "\\|")
      out += "| [`\(rule.identifier)`](#\(rule.identifier)) | \(rule.defaultSeverity.rawValue) | \(summary) |\n"
    }
    for rule in BuiltInRules.descriptions {
      out += "\n## \(rule.identifier)\n\n**\(rule.name)** · default severity: \(rule.defaultSeverity.rawValue)\n\n"
      out += rule.summary + "\n\n" + rule.rationale + "\n\n"
      if let reference = rule.reference { out += "```\n" + reference + "```\n\n" }
      if !rule.triggeringExamples.isEmpty {
        out += "Reported (↓ marks where):\n\n```html\n" + rule.triggeringExamples.joined(separator: "\n") + "\n```\n\n"
      }
      out += messageBlocks("Reported in sent mail (↓ marks where; positions count within the MIME part):", rule.triggeringMessageExamples)
      out += "Not reported:\n\n```html\n" + rule.nonTriggeringExamples.joined(separator: "\n") + "\n```\n"
      out += messageBlocks("Not reported in sent mail:", rule.nonTriggeringMessageExamples, leadingBlankLine: true)
    }
    return out
  }

  /// One fenced block per `.eml` example under `title`; empty without examples.
  private static func messageBlocks(_ title: String, _ examples: [String], leadingBlankLine: Bool = false) -> String {
    guard !examples.isEmpty else { return "" }
    let blocks = examples.map { "```eml\n" + $0 + "\n```\n" }.joined(separator: "\n")
    return (leadingBlankLine ? "\n" : "") + title + "\n\n" + blocks + (leadingBlankLine ? "" : "\n")
  }

  /// Every rule identifier, for error messages and shell completion.
  public static var identifiers: [String] { BuiltInRules.descriptions.map(\.identifier) }
}

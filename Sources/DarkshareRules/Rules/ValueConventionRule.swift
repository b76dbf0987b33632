import DarkshareCore
import DarkshareJudgement
import Foundation

/// Flags campaign values that break the team's conventions (case, whitespace, allowed values).
struct ValueConventionRule: Rule {
  static let description = RuleDescription(
    identifier: "value-convention",
    name: "Value Convention",
    summary: "A campaign value breaks the configured conventions (case, whitespace, allowed values, pattern).",
    rationale: """
      Analytics compares campaign values byte for byte: `Email`, `email` and `email ` are three \
      mediums, and a campaign spelled two ways is reported as two. Conventions in \
      `.darkshare.yml` (`conventions: lowercase`, `allowed-values`, `patterns`) keep every send \
      consistent; surrounding whitespace is always reported. Placeholder values (merge tags) are \
      not checked.
      """,
    defaultSeverity: .warning,
    triggeringExamples: [
      #"<a href="↓https://shop.example/?utm_source=nl&amp;utm_medium=email%20&amp;utm_campaign=may">Shop</a>"#
    ],
    nonTriggeringExamples: [
      #"<a href="https://shop.example/?utm_source=nl&amp;utm_medium=email&amp;utm_campaign=May">Shop</a>"#
    ])

  func check(_ link: JudgedLink, in context: RuleContext) -> [Finding] {
    guard link.status == .tracked || link.status == .partial else { return [] }
    let conventions = context.configuration.conventions
    var problems = [String]()
    let parameters = link.attribution.parameters
    for (index, parameter) in parameters.enumerated() where context.policy.isCampaignKey(parameter.key) {
      // The first value given to a key, as analytics reads it (a link holds a handful of keys).
      guard Self.isChecked(parameter), let value = parameter.value,
        !parameters[..<index].contains(where: { $0.key == parameter.key && Self.isChecked($0) })
      else { continue }
      if Self.hasSurroundingWhitespace(value) {
        problems.append("'\(parameter.key)' has surrounding whitespace ('\(value)')")
      }
      if conventions.lowercase, !Self.isLowerCase(value) {
        problems.append("'\(parameter.key)=\(value)' is not lower case")
      }
      if let allowed = conventions.allowedValues[parameter.key], !allowed.contains(value) {
        problems.append("'\(parameter.key)=\(value)' is not one of \(allowed.map { "'\($0)'" }.joined(separator: ", "))")
      }
      if let pattern = conventions.patterns[parameter.key], !Self.matchesWhole(pattern, value) {
        problems.append("'\(parameter.key)=\(value)' does not match /\(pattern)/")
      }
    }
    guard !problems.isEmpty else { return [] }
    return [finding(link, problems.joined(separator: "; "), in: context)]
  }

  /// Whether a parameter's value is held to the conventions: rendered, and not empty.
  private static func isChecked(_ parameter: QueryParameter) -> Bool {
    !parameter.valueIsPlaceholder && !(parameter.value ?? "").isEmpty
  }

  /// Whether `value` starts or ends with a whitespace `Character`; told from its bytes when it
  /// is ASCII (nearly every value), where a character is a byte (or CR LF, whitespace either way).
  private static func hasSurroundingWhitespace(_ value: String) -> Bool {
    let utf8 = value.utf8
    guard utf8.isAllASCII, let first = utf8.first, let last = utf8.last else {
      return value.first!.isWhitespace || value.last!.isWhitespace
    }
    return SimpleText.isASCIIWhitespace(first) || SimpleText.isASCIIWhitespace(last)
  }

  /// Whether `value` is its own lower case; an ASCII value is unless it has a capital letter.
  private static func isLowerCase(_ value: String) -> Bool {
    let utf8 = value.utf8
    guard utf8.isAllASCII else { return value == value.lowercased() }
    return !utf8.contains { $0 >= 0x41 && $0 <= 0x5A }
  }

  private static func matchesWhole(_ pattern: String, _ value: String) -> Bool {
    guard let regex = try? NSRegularExpression(pattern: "^(?:" + pattern + ")$") else { return true }
    return regex.firstMatch(in: value, range: NSRange(value.startIndex..., in: value)) != nil
  }
}

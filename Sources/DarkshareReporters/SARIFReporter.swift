import DarkshareCore
import DarkshareRules
import Foundation

/// A SARIF 2.1.0 log, for GitHub code scanning and other static-analysis viewers.
///
/// One run whose `tool.driver.rules` lists every built-in rule (id, name, summary, rationale,
/// default level), and one `result` per finding with its rule, level (`info` is SARIF's
/// `note`), message, the location where the URL starts, and the link's `status`, `url`,
/// `destination` and `suggestion` in `properties`. Columns count Unicode scalars, which the run
/// says with `columnKind: "unicodeCodePoints"`. Unreadable inputs are error notifications of
/// `invocations[0]`, whose `executionSuccessful` is then false.
///
/// SARIF describes findings, so `links` writes results for the links that have findings and
/// leaves the rest out. A suggested URL travels in the message and `properties.suggestion`,
/// and, where the reader knows where the URL ends in the stored file (HTML attributes) and the
/// suggestion is for the URL as written (not an unwrapped destination), as a `fix` that
/// replaces exactly the URL's characters with the suggestion, HTML-escaped for an attribute.
///
/// The log is one JSON document, so results are collected in ``record(_:)`` and written by
/// ``finish(_:)``.
public struct SARIFReporter: Reporter {
  public static let identifier = "sarif"
  public static let summary = "SARIF 2.1.0 log, for GitHub code scanning and IDE viewers"
  private var results: [SARIF.Result] = []
  private var notifications: [SARIF.Notification] = []
  private let rules: [RuleDescription]
  private let ruleIndex: [String: Int]

  public init(options: ReportOptions) {
    rules = BuiltInRules.descriptions
    ruleIndex = Dictionary(rules.enumerated().map { ($1.identifier, $0) }, uniquingKeysWith: { first, _ in first })
  }

  public mutating func record(_ file: FileResult) -> String {
    for link in file.links {
      for finding in link.findings { results.append(result(finding, of: link)) }
    }
    if let error = file.error {
      notifications.append(
        SARIF.Notification(
          level: .error, message: SARIF.Message(text: error),
          locations: [SARIF.Location(physicalLocation: SARIF.PhysicalLocation(artifactLocation: Self.artifact(file.file)))]))
    }
    return ""
  }

  public mutating func finish(_ summary: AuditSummary) -> String {
    let driver = SARIF.ToolComponent(
      name: DarkshareVersion.name, version: DarkshareVersion.current, semanticVersion: DarkshareVersion.current,
      rules: rules.map(Self.descriptor))
    let run = SARIF.Run(
      tool: SARIF.Tool(driver: driver),
      invocations: [SARIF.Invocation(executionSuccessful: notifications.isEmpty, toolExecutionNotifications: notifications)],
      results: results)
    return ReportModels.encode(SARIF.Log(runs: [run]), pretty: true) + "\n"
  }

  private func result(_ finding: Finding, of link: AuditedLink) -> SARIF.Result {
    var message = finding.message
    if let suggestion = finding.suggestion { message += "\nsuggested: \(suggestion)" }
    let region = SARIF.Region(startLine: finding.location.line, startColumn: finding.location.column)
    return SARIF.Result(
      ruleId: finding.rule, ruleIndex: ruleIndex[finding.rule], level: Self.level(finding.severity),
      message: SARIF.Message(text: message),
      locations: [
        SARIF.Location(physicalLocation: SARIF.PhysicalLocation(artifactLocation: Self.artifact(finding.location.file), region: region))
      ],
      properties: SARIF.ResultProperties(
        status: link.status.rawValue, url: link.link.url, destination: link.destination, suggestion: finding.suggestion),
      fixes: fix(finding, of: link).map { [$0] })
  }

  /// The suggestion as a replacement of the URL's characters, when both ends are known.
  private func fix(_ finding: Finding, of link: AuditedLink) -> SARIF.Fix? {
    guard let suggestion = finding.suggestion, link.destination == nil, let end = link.link.urlEnd else { return nil }
    let region = SARIF.Region(
      startLine: finding.location.line, startColumn: finding.location.column, endLine: end.line, endColumn: end.column)
    let replacement = SARIF.Replacement(
      deletedRegion: region, insertedContent: SARIF.ArtifactContent(text: Self.attributeEscaped(suggestion)))
    return SARIF.Fix(
      description: SARIF.Message(text: "replace the URL with \(suggestion)"),
      artifactChanges: [SARIF.ArtifactChange(artifactLocation: Self.artifact(finding.location.file), replacements: [replacement])])
  }

  /// `text` escaped for an HTML attribute value.
  static func attributeEscaped(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
      .replacingOccurrences(of: "'", with: "&#39;").replacingOccurrences(of: "<", with: "&lt;")
  }

  private static func descriptor(_ rule: RuleDescription) -> SARIF.ReportingDescriptor {
    SARIF.ReportingDescriptor(
      id: rule.identifier,
      name: rule.name.split(separator: " ").joined(),
      shortDescription: SARIF.MultiformatMessage(text: rule.summary),
      fullDescription: SARIF.MultiformatMessage(text: rule.rationale),
      defaultConfiguration: SARIF.Configuration(level: level(rule.defaultSeverity)),
      help: SARIF.MultiformatMessage(
        text: "\(rule.summary)\n\n\(rule.rationale)\n\nExamples: darkshare explain \(rule.identifier)"))
  }

  static func level(_ severity: Severity) -> SARIF.Level {
    switch severity {
    case .error: .error
    case .warning: .warning
    case .info: .note
    }
  }

  /// The path as the user gave it, percent-encoded only where a URI reference needs it
  /// (spaces, `%`, `#`, `?`, `:`, non-ASCII), so viewers resolve it against the checkout.
  static func artifact(_ path: String) -> SARIF.ArtifactLocation {
    SARIF.ArtifactLocation(uri: path.addingPercentEncoding(withAllowedCharacters: uriPathAllowed) ?? path)
  }

  private static let uriPathAllowed: CharacterSet = {
    var allowed = CharacterSet.urlPathAllowed
    // A colon in a relative reference's first segment would read as a scheme (`c:…`).
    allowed.remove(charactersIn: ":")
    return allowed
  }()
}

import DarkshareCore
import Foundation

/// The JSON shapes of SPEC §6, as `Codable` models so every format names fields the same way.
enum ReportModels {
  /// One link of `links --format ndjson|json`.
  struct LinkRecord: Encodable {
    var file: String
    var line: Int
    var column: Int
    /// The message the link was sent in (mail inputs only).
    var message: MessageContext?
    var channel: Channel
    var url: String
    var destination: String?
    var status: LinkStatus
    var rules: [String]
    var text: String?
    /// The redirect wrapper(s) or shortener the link goes through (`Microsoft Defender Safe Links`).
    var via: String?
    /// Only with `--resolve`: the redirects followed, first the URL resolved, last its destination.
    var hops: [String]?
    /// Only with `--resolve`: why following the redirects stopped (a refused address, a loop).
    var resolveError: String?

    init(_ audited: AuditedLink) {
      let link = audited.link
      file = link.location.file
      line = link.location.line
      column = link.location.column
      message = link.message
      channel = link.channel
      url = link.url
      destination = audited.destination
      status = audited.status
      rules = audited.findings.map(\.rule)
      text = link.text
      hops = audited.hops.isEmpty ? nil : audited.hops
      resolveError = audited.resolutionError
      via = audited.service
    }
  }

  /// One finding of `audit --format json|ndjson`.
  struct FindingRecord: Encodable {
    var rule: String
    var severity: Severity
    var file: String
    var line: Int
    var column: Int
    /// The message the link was sent in (mail inputs only).
    var message: MessageContext?
    var url: String
    var destination: String?
    var text: String?
    var explanation: String
    var suggestion: String?

    init(_ finding: Finding, of audited: AuditedLink) {
      rule = finding.rule
      severity = finding.severity
      file = finding.location.file
      line = finding.location.line
      column = finding.location.column
      message = audited.link.message
      url = audited.link.url
      destination = audited.destination
      text = audited.link.text
      explanation = finding.message
      suggestion = finding.suggestion
    }
  }

  struct ErrorRecord: Encodable {
    var file: String
    var error: String
  }

  struct Summary: Encodable {
    var files: Int
    var messages: Int
    var links: Int
    var byStatus: [String: Int]
    var findings: [String: Int]
    /// Links kept out of the findings by `data-darkshare-ignore` or
    /// `<!-- darkshare-ignore-next-link -->` (also counted under their status); only when there are some.
    var suppressed: Int?
    /// Findings `--baseline` accepted and left out of the report; only with a baseline.
    var heldBackByBaseline: Int?

    init(_ summary: AuditSummary) {
      suppressed = summary.suppressed > 0 ? summary.suppressed : nil
      heldBackByBaseline = summary.heldBackByBaseline
      files = summary.files
      messages = summary.messages
      links = summary.links
      byStatus = Dictionary(uniqueKeysWithValues: LinkStatus.allCases.map { ($0.rawValue, summary.byStatus[$0] ?? 0) })
      findings = Dictionary(uniqueKeysWithValues: Severity.allCases.map { ($0.rawValue, summary.findings[$0] ?? 0) })
    }
  }

  struct Tool: Encodable {
    var name = DarkshareVersion.name
    var version = DarkshareVersion.current
  }

  /// The two encoders every JSON format uses, made once (JSONEncoder is safe to share).
  private static let compact = makeEncoder([.sortedKeys, .withoutEscapingSlashes])
  private static let pretty = makeEncoder([.sortedKeys, .withoutEscapingSlashes, .prettyPrinted])

  private static func makeEncoder(_ formatting: JSONEncoder.OutputFormatting) -> JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting = formatting
    return encoder
  }

  /// `value` as JSON, with the unsafe scalars JSONEncoder leaves raw (DEL, C1 and bidi
  /// controls, invisible characters) written as `\uXXXX` escapes (see ``OutputSafety``).
  static func encode<Value: Encodable>(_ value: Value, pretty: Bool) -> String {
    // Encoding these plain models cannot fail.
    OutputSafety.jsonEscapingUnsafe(
      String(decoding: (try? (pretty ? Self.pretty : compact).encode(value)) ?? Data(), as: UTF8.self))
  }
}

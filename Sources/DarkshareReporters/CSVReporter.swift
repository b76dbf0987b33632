import DarkshareCore

/// RFC 4180 CSV with a header row, for spreadsheets and data tools.
///
/// `audit` writes one row per finding with SPEC §6's finding fields: `rule`, `severity`,
/// `file`, `line`, `column`, `url`, `destination`, `text`, `explanation`, `suggestion`.
/// `links` writes one row per link: `file`, `line`, `column`, `channel`, `url`, `destination`,
/// `status`, `rules` (joined with `;`), `text`. Absent values are empty fields. An unreadable
/// input is a row too: in `audit` with rule `unreadable-input`, severity `error` and the reason
/// as explanation; in `links` with status `unreadable`, rules `unreadable-input` and the reason
/// as text.
///
/// Records end with CRLF. Fields holding `,`, `"` or LF are quoted, quotes doubled. Control
/// characters other than LF and tab (ESC, BEL, NUL, CR), bidi controls and invisible
/// characters from the inputs are written as visible escapes (`\u{1B}`, `\u{202E}`). URLs
/// and anchor texts in archived mail are chosen by whoever sent it, so a field that starts with
/// `=`, `+`, `-`, `@` or a tab gets a leading `'`: a spreadsheet then shows
/// `'=HYPERLINK(…)` as text instead of running it as a formula (CSV injection). Consumers that
/// read the file as data, not as a spreadsheet, see that `'` in such fields.
/// Streams from ``record(_:)``.
public struct CSVReporter: Reporter {
  public static let identifier = "csv"
  public static let summary = "CSV with a header row (findings or links), for spreadsheets"
  /// A `links` report names the rules each link broke, without their messages.
  public static func showsFindingExplanations(in kind: ReportOptions.Kind) -> Bool { kind == .audit }
  private let options: ReportOptions
  private var wroteHeader = false

  static let auditHeader = ["rule", "severity", "file", "line", "column", "url", "destination", "text", "explanation", "suggestion"]
  static let linksHeader = ["file", "line", "column", "channel", "url", "destination", "status", "rules", "text"]

  public init(options: ReportOptions) {
    self.options = options
  }

  public mutating func record(_ file: FileResult) -> String {
    var out = header()
    for audited in file.links {
      let link = audited.link
      switch options.kind {
      case .audit:
        for finding in audited.findings {
          out += CSVEscaping.record([
            finding.rule, finding.severity.rawValue, finding.location.file, String(finding.location.line),
            String(finding.location.column), link.url, audited.destination ?? "", link.text ?? "", finding.message,
            finding.suggestion ?? "",
          ])
        }
      case .links:
        out += CSVEscaping.record([
          link.location.file, String(link.location.line), String(link.location.column), link.channel.rawValue, link.url,
          audited.destination ?? "", audited.status.rawValue, audited.findings.map(\.rule).joined(separator: ";"),
          link.text ?? "",
        ])
      }
    }
    if let error = file.error {
      switch options.kind {
      case .audit: out += CSVEscaping.record(["unreadable-input", "error", file.file, "", "", "", "", "", error, ""])
      case .links: out += CSVEscaping.record([file.file, "", "", "", "", "", "unreadable", "unreadable-input", error])
      }
    }
    return out
  }

  public mutating func finish(_ summary: AuditSummary) -> String {
    header()
  }

  private mutating func header() -> String {
    guard !wroteHeader else { return "" }
    wroteHeader = true
    return CSVEscaping.record(options.kind == .audit ? Self.auditHeader : Self.linksHeader)
  }
}

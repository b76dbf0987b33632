import DarkshareCore

/// A GitHub-flavoured Markdown summary, for `$GITHUB_STEP_SUMMARY` or a pull-request comment.
///
/// A heading, a table of links by status (all six), for `audit` a table of findings by
/// severity and a table of the findings (`file:line:col`, severity, rule, URL, suggested URL),
/// for `links` a table of every link (location, status, URL, destination, rules, anchor text),
/// then the inputs that could not be read.
///
/// Cells are escaped: `|` as `\|` everywhere; code spans are fenced with more backticks than
/// the value holds; plain text has backticks, `*`, `_`, `[`, `\`, `<`, `>` and `&` escaped so
/// an anchor text like `Grüße & <b>` shows as written; line breaks and tabs become spaces and
/// the other unsafe characters of ``OutputSafety`` (ESC, BEL, NUL, bidi controls, invisible
/// characters) become visible escapes such as `\u{202E}`. GitHub caps a step summary at 1 MiB, so the detail
/// table stops after ``rowLimit`` rows and says how many it left out. The counts come from the
/// run's summary, so the document is written by ``finish(_:)``; ``record(_:)`` collects at
/// most ``rowLimit`` rows.
public struct MarkdownReporter: Reporter {
  public static let identifier = "markdown"
  public static let summary = "Markdown summary with tables, for $GITHUB_STEP_SUMMARY"
  /// A `links` report names the rules each link broke, without their messages.
  public static func showsFindingExplanations(in kind: ReportOptions.Kind) -> Bool { kind == .audit }
  /// The most rows the findings (or links) table shows.
  static let rowLimit = 1000
  private let options: ReportOptions
  private var rows: [String] = []
  private var omitted = 0

  public init(options: ReportOptions) {
    self.options = options
  }

  public mutating func record(_ file: FileResult) -> String {
    for audited in file.links {
      switch options.kind {
      case .audit:
        for finding in audited.findings {
          add([
            Self.code(finding.location.description), finding.severity.rawValue, Self.code(finding.rule),
            Self.code(audited.link.url), finding.suggestion.map(Self.code) ?? "",
          ])
        }
      case .links:
        let link = audited.link
        add([
          Self.code(link.location.description), audited.status.rawValue, Self.code(link.url),
          audited.destination.map(Self.code) ?? "", audited.findings.map { Self.code($0.rule) }.joined(separator: " "),
          link.text.map(Self.text) ?? "",
        ])
      }
    }
    return ""
  }

  public mutating func finish(_ summary: AuditSummary) -> String {
    var out = "## darkshare \(options.kind == .audit ? "audit" : "links")\n\n"
    out += "\(summary.files) \(summary.files == 1 ? "file" : "files"), \(summary.links) \(summary.links == 1 ? "link" : "links")"
    if !summary.errors.isEmpty {
      out += ", \(summary.errors.count) unreadable \(summary.errors.count == 1 ? "input" : "inputs")"
    }
    out += "\n\n| status | links |\n| --- | ---: |\n"
    for status in LinkStatus.allCases { out += "| \(status.rawValue) | \(summary.byStatus[status] ?? 0) |\n" }
    switch options.kind {
    case .audit:
      out += "\n| severity | findings |\n| --- | ---: |\n"
      for severity in Severity.allCases.reversed() { out += "| \(severity.rawValue) | \(summary.findings[severity] ?? 0) |\n" }
      out += "\n### Findings\n\n"
      out += rows.isEmpty ? "No findings.\n" : Self.table(["location", "severity", "rule", "URL", "suggested URL"], rows)
    case .links:
      out += "\n### Links\n\n"
      out += rows.isEmpty ? "No links.\n" : Self.table(["location", "status", "URL", "destination", "rules", "text"], rows)
    }
    if omitted > 0 { out += "\n… and \(omitted) more not shown (the first \(Self.rowLimit) are).\n" }
    if !summary.errors.isEmpty {
      out += "\n### Unreadable inputs\n\n"
      for error in summary.errors { out += "- \(Self.code(error.file)): \(Self.text(error.error))\n" }
    }
    return out
  }

  private mutating func add(_ cells: [String]) {
    guard rows.count < Self.rowLimit else {
      omitted += 1
      return
    }
    rows.append("| " + cells.joined(separator: " | ") + " |\n")
  }

  private static func table(_ header: [String], _ rows: [String]) -> String {
    "| " + header.joined(separator: " | ") + " |\n|" + String(repeating: " --- |", count: header.count) + "\n" + rows.joined()
  }

  /// `value` as a code span in a table cell: fenced with one more backtick than its longest
  /// run of backticks, padded when it starts or ends with one, `|` escaped.
  static func code(_ value: String) -> String {
    let value = oneLine(value)
    var longest = 0
    var run = 0
    for character in value {
      run = character == "`" ? run + 1 : 0
      longest = max(longest, run)
    }
    let fence = String(repeating: "`", count: longest + 1)
    let pad = value.hasPrefix("`") || value.hasSuffix("`") ? " " : ""
    return fence + pad + value.replacing("|", with: "\\|") + pad + fence
  }

  /// `value` as plain text in a table cell, Markdown and HTML syntax escaped.
  static func text(_ value: String) -> String {
    var out = ""
    for character in oneLine(value) {
      switch character {
      case "\\", "`", "*", "_", "[", "]", "|": out += "\\" + String(character)
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "&": out += "&amp;"
      default: out.append(character)
      }
    }
    return out
  }

  /// Line breaks and tabs as spaces (a table row is one line), other unsafe characters made
  /// visible.
  private static func oneLine(_ value: String) -> String {
    OutputSafety.rewrite(value, keepingEmojiJoiners: true) { scalar in
      scalar == "\t" || scalar.properties.isWhitespace ? " " : OutputSafety.visibleEscape(scalar)
    }
  }
}

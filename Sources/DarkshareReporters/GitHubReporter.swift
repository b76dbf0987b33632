import DarkshareCore

/// GitHub Actions workflow commands, one line per finding, so findings show as annotations on
/// the pull request's changed files.
///
/// ```
/// ::error file=spring.html,line=42,col=18,title=untagged-link::'https://shop.example/sale' has no campaign parameters; …%0Asuggested: https://…
/// ```
///
/// `error` findings are `::error`, `warning` ones `::warning`, `info` ones `::notice`; the
/// suggested URL, when there is one, is the message's second line. An unreadable input is
/// `::error file=F::…`. Unsafe characters from the inputs (ESC, BEL, CR, bidi controls,
/// invisible characters: see ``OutputSafety``) are first made visible (`\u{1B}`), so an
/// annotation or a raw log cannot be driven by them; then values are escaped as the Actions
/// runner unescapes them: `%`, CR and LF everywhere, and `:` and `,` in properties. `links` annotates the same findings (annotations
/// are for problems, not an inventory). Streams from ``record(_:)``.
public struct GitHubReporter: Reporter {
  public static let identifier = "github"
  public static let summary = "GitHub Actions annotations (::error file=…), one line per finding"

  public init(options: ReportOptions) {}

  public mutating func record(_ file: FileResult) -> String {
    var out = ""
    for link in file.links {
      for finding in link.findings {
        var message = finding.message
        if let suggestion = finding.suggestion { message += "\nsuggested: \(suggestion)" }
        out += Self.command(
          Self.command(for: finding.severity),
          properties: [
            ("file", finding.location.file), ("line", String(finding.location.line)),
            ("col", String(finding.location.column)), ("title", finding.rule),
          ],
          message: message)
      }
    }
    if let error = file.error {
      out += Self.command("error", properties: [("file", file.file)], message: "cannot read this input: \(error)")
    }
    return out
  }

  public mutating func finish(_ summary: AuditSummary) -> String { "" }

  static func command(for severity: Severity) -> String {
    switch severity {
    case .error: "error"
    case .warning: "warning"
    case .info: "notice"
    }
  }

  /// `::name k=v,k=v::message` and a line feed, every part made safe and escaped (a line
  /// feed, written `%0A`, is a line break of the annotation).
  static func command(_ name: String, properties: [(String, String)], message: String) -> String {
    let list = properties.map { "\($0.0)=\(escapeProperty(OutputSafety.visible($0.1, keeping: ["\n"])))" }.joined(separator: ",")
    return "::\(name)\(list.isEmpty ? "" : " " + list)::\(escapeData(OutputSafety.visible(message, keeping: ["\n"])))\n"
  }

  /// A command's message: `%`, CR and LF as `%25`, `%0D`, `%0A`.
  static func escapeData(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "%": out += "%25"
      case "\r": out += "%0D"
      case "\n": out += "%0A"
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// A command's property value: as ``escapeData(_:)``, plus `:` and `,` as `%3A` and `%2C`.
  static func escapeProperty(_ text: String) -> String {
    escapeData(text).replacing(":", with: "%3A").replacing(",", with: "%2C")
  }
}

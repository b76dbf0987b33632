import DarkshareCore

/// The report a marketer reads: findings grouped by file and link, each with `file:line:col`,
/// status, anchor text, why, and the suggested URL; a one-line summary at the end.
///
/// ```
/// corpora/html/spring.html
///   42:18  dark  "Shop the sale"
///          https://shop.example/sale
///     error    untagged-link  'https://shop.example/sale' has no campaign parameters; add …
///              suggested: https://shop.example/sale?utm_source=newsletter&utm_medium=email&…
///
/// 1 file, 12 links: 9 tracked, 1 partial, 1 dark, 0 at-risk, 0 unknown, 1 excluded · 2 errors, 0 warnings, 0 info
/// ```
///
/// The summary line adds `· 3 suppressed` when the source suppressed links, `· 12 findings held
/// back by the baseline` with `--baseline`, and the number of unreadable inputs.
public struct TextReporter: Reporter {
  public static let identifier = "text"
  public static let summary = "grouped, human-readable report (default)"
  /// A `links` report names the rules each link broke, without their messages.
  public static func showsFindingExplanations(in kind: ReportOptions.Kind) -> Bool { kind == .audit }
  private let options: ReportOptions
  private let style: TerminalStyle
  /// Whether the input being reported (which may come in several parts) has had its heading.
  private var fileHeadingShown = false

  public init(options: ReportOptions) {
    self.options = options
    style = TerminalStyle(enabled: options.useColor)
  }

  public mutating func record(_ file: FileResult) -> String {
    var out = ""
    switch options.kind {
    case .audit:
      if file.isFirstPart { fileHeadingShown = false }
      let flagged = file.links.filter { !$0.findings.isEmpty }
      if !flagged.isEmpty {
        if !fileHeadingShown { out += style.bold(file.file.terminalSafe) + "\n" }
        fileHeadingShown = true
        var message: MessageContext?
        for link in flagged {
          if let context = link.link.message, context != message { out += "  " + heading(of: context) + "\n" }
          message = link.link.message
          out += render(link)
        }
      }
      if file.isLastPart, fileHeadingShown { out += "\n" }
    case .links:
      var message: MessageContext?
      for link in file.links {
        if let context = link.link.message, context != message { out += heading(of: context) + "\n" }
        message = link.link.message
        out += inventoryLine(link)
      }
    }
    if let error = file.error {
      out += "\(style.bold(file.file.terminalSafe)): \(style.color(.red, "error")): \(error.terminalSafe)\n"
    }
    return out
  }

  public mutating func finish(_ summary: AuditSummary) -> String {
    guard !options.quiet else { return "" }
    let files = summary.files == 1 ? "1 file" : "\(summary.files) files"
    let links = summary.links == 1 ? "1 link" : "\(summary.links) links"
    let statuses = LinkStatus.allCases.map { status in
      style.color(Self.color(of: status), "\(summary.byStatus[status] ?? 0) \(status.rawValue)")
    }.joined(separator: ", ")
    var line = "\(files), \(links): \(statuses)"
    if summary.suppressed > 0 { line += " · \(summary.suppressed) suppressed" }
    if options.kind == .audit {
      let counts = Severity.allCases.reversed().map { severity in
        let count = summary.findings[severity] ?? 0
        let noun = severity == .info ? "info" : severity.rawValue + (count == 1 ? "" : "s")
        return style.color(Self.color(of: severity), "\(count) \(noun)")
      }
      line += " · " + counts.joined(separator: ", ")
    }
    if let heldBack = summary.heldBackByBaseline {
      line += " · \(heldBack) \(heldBack == 1 ? "finding" : "findings") held back by the baseline"
    }
    if !summary.errors.isEmpty {
      line += " · " + style.color(.red, "\(summary.errors.count) unreadable input" + (summary.errors.count == 1 ? "" : "s"))
    }
    return line + "\n"
  }

  /// `✉ message 1: “Spring sale” from Shop <news@shop.example>`: the mail the next links are in
  /// (numbered from 1 for people; the JSON `index` is 0-based).
  private func heading(of message: MessageContext) -> String {
    var line = "\u{2709} message \(message.index + 1)"
    if let subject = message.subject { line += ": \u{201C}\(subject.terminalSafe)\u{201D}" }
    if let from = message.from { line += " from \(from.terminalSafe)" }
    return style.bold(line)
  }

  private func render(_ audited: AuditedLink) -> String {
    let link = audited.link
    let position = "\(link.location.line):\(link.location.column)"
    let indent = String(repeating: " ", count: position.count + 4)
    var out = "  \(style.dim(position))  \(style.color(Self.color(of: audited.status), audited.status.rawValue))"
    if let text = link.text { out += "  \u{201C}\(text.terminalSafe)\u{201D}" }
    out += "\n\(indent)\(link.url.terminalSafe)\n"
    for hop in audited.hops.dropFirst().dropLast() {
      out += "\(indent)↳ \(hop.terminalSafe)" + style.dim("  (redirect)") + "\n"
    }
    if let error = audited.resolutionError {
      out += "\(indent)" + style.dim("--resolve stopped: \(error.terminalSafe)") + "\n"
    }
    if let destination = audited.destination {
      out += "\(indent)→ \(destination.terminalSafe)" + (audited.service.map { style.dim("  (via \($0))") } ?? "") + "\n"
    }
    let width = audited.findings.map(\.rule.count).max() ?? 0
    var suggestions = [String]()
    for finding in audited.findings {
      let severity = style.color(Self.color(of: finding.severity), finding.severity.rawValue.padded(to: 7))
      out += "    \(severity)  \(finding.rule.padded(to: width))  \(finding.message.terminalSafe)\n"
      if let suggestion = finding.suggestion, !suggestions.contains(suggestion) { suggestions.append(suggestion) }
    }
    for suggestion in suggestions {
      out += "    \(String(repeating: " ", count: 7))  \(style.color(.green, "suggested:")) \(suggestion.terminalSafe)\n"
    }
    return out
  }

  private func inventoryLine(_ audited: AuditedLink) -> String {
    let link = audited.link
    var line = "\(style.dim(link.location.description.terminalSafe))  "
    line += style.color(Self.color(of: audited.status), audited.status.rawValue.padded(to: 8))
    line += "  \(link.url.terminalSafe)"
    if let destination = audited.destination { line += " → \(destination.terminalSafe)" }
    if let text = link.text { line += "  \u{201C}\(text.terminalSafe)\u{201D}" }
    if !audited.findings.isEmpty { line += style.dim("  [\(audited.findings.map(\.rule).joined(separator: ", "))]") }
    return line + "\n"
  }

  private static func color(of status: LinkStatus) -> TerminalStyle.Color {
    switch status {
    case .tracked: .green
    case .partial: .yellow
    case .dark: .red
    case .atRisk: .magenta
    case .unknown: .cyan
    case .excluded: .gray
    }
  }

  private static func color(of severity: Severity) -> TerminalStyle.Color {
    switch severity {
    case .error: .red
    case .warning: .yellow
    case .info: .blue
    }
  }
}

extension String {
  /// `self` cut or padded with spaces to `length` characters: a column of rule names, severities
  /// or statuses (ASCII), as Foundation's `padding(toLength:withPad:startingAt:)` makes it, without
  /// going through `NSString` for every finding.
  fileprivate func padded(to length: Int) -> String {
    let count = count
    return count >= length ? String(prefix(length)) : self + String(repeating: " ", count: length - count)
  }
}

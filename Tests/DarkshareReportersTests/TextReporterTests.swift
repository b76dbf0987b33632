import DarkshareCore
import DarkshareReporters
import Testing

/// The text report a marketer reads, rendered from a fixed result.
@Suite struct TextReporterTests {
  private let result: FileResult = {
    let location = SourceLocation(file: "spring.html", line: 42, column: 18)
    let link = Link(url: "https://shop.example/sale", location: location, text: "Shop the sale", element: "a", channel: .email)
    let finding = Finding(
      rule: "untagged-link", severity: .error, location: location,
      message: "'https://shop.example/sale' has no campaign parameters; add utm_source, utm_medium, utm_campaign",
      suggestion: "https://shop.example/sale?utm_source=newsletter&utm_medium=email&utm_campaign=spring")
    let clean = Link(url: "mailto:team@shop.example", location: SourceLocation(file: "spring.html", line: 50, column: 10), text: nil, element: "a", channel: .email)
    return FileResult(
      file: "spring.html",
      links: [
        AuditedLink(link: link, destination: nil, service: nil, status: .dark, findings: [finding]),
        AuditedLink(link: clean, destination: nil, service: nil, status: .excluded, findings: []),
      ])
  }()

  @Test func auditGroupsFindingsByFileAndLinkWithTheSuggestion() {
    var reporter = TextReporter(options: ReportOptions(kind: .audit))
    var summary = AuditSummary()
    summary.add(result)
    let text = reporter.record(result) + reporter.finish(summary)
    #expect(
      text == """
        spring.html
          42:18  dark  \u{201C}Shop the sale\u{201D}
                 https://shop.example/sale
            error    untagged-link  'https://shop.example/sale' has no campaign parameters; add utm_source, utm_medium, utm_campaign
                     suggested: https://shop.example/sale?utm_source=newsletter&utm_medium=email&utm_campaign=spring

        1 file, 2 links: 0 tracked, 0 partial, 1 dark, 0 at-risk, 0 unknown, 1 excluded · 1 error, 0 warnings, 0 info

        """)
  }

  @Test func linksListsEveryLinkOnItsOwnLine() {
    var reporter = TextReporter(options: ReportOptions(kind: .links, quiet: true))
    let text = reporter.record(result) + reporter.finish(AuditSummary())
    #expect(text.split(separator: "\n").count == 2)
    #expect(text.hasPrefix("spring.html:42:18  dark      https://shop.example/sale  \u{201C}Shop the sale\u{201D}  [untagged-link]\n"))
  }

  @Test func colourOnlyWhenAsked() {
    var plain = TextReporter(options: ReportOptions(kind: .audit))
    var coloured = TextReporter(options: ReportOptions(kind: .audit, useColor: true))
    #expect(!plain.record(result).contains("\u{1B}["))
    #expect(coloured.record(result).contains("\u{1B}[31m"))
  }
}

@Suite struct TerminalSafeTextTests {
  /// Text from archived mail cannot drive the terminal: ESC and other controls are shown, not sent.
  @Test func controlCharactersAreMadeVisible() {
    let location = SourceLocation(file: "evil.html", line: 1, column: 1)
    let link = Link(
      url: "https://x.example/\u{1B}[2J", location: location, text: "Click\u{1B}]0;pwned\u{7}\nhere", element: "a",
      channel: .email)
    var reporter = TextReporter(options: ReportOptions(kind: .links, quiet: true))
    let text = reporter.record(FileResult(file: "evil.html", links: [AuditedLink(link: link, destination: nil, service: nil, status: .dark, findings: [])]))
    #expect(!text.dropLast().contains("\u{1B}") && !text.dropLast().contains("\u{7}"))
    #expect(text.contains("https://x.example/\\u{1B}[2J"))
    #expect(text.contains("Click\\u{1B}]0;pwned\\u{7} here"))
  }
}

import DarkshareCore
import DarkshareTestSupport
import Testing

/// The totals count every input's links by status and findings by severity, as a tally of each
/// link and finding counts them: only statuses and severities that occur get an entry.
@Suite struct AuditSummaryTests {
  private func link(_ status: LinkStatus, _ severities: [Severity], suppressed: Bool) -> AuditedLink {
    let location = SourceLocation(file: "a.html", line: 1, column: 1)
    var link = Link(url: "https://a.example/", location: location, text: nil, element: "a", channel: .email)
    link.isSuppressed = suppressed
    return AuditedLink(
      link: link, destination: nil, service: nil, status: status,
      findings: severities.map { Finding(rule: "r", severity: $0, location: location, message: "m") })
  }

  @Test func totalsAreThoseOfATallyOfEveryLink() {
    var random = SplitMix(seed: 31)
    for _ in 0..<300 {
      var summary = AuditSummary()
      var byStatus: [LinkStatus: Int] = [:]
      var bySeverity: [Severity: Int] = [:]
      var suppressed = 0
      for _ in 0..<Int.random(in: 0...4, using: &random) {
        let links = (0..<Int.random(in: 0...6, using: &random)).map { _ in
          link(
            LinkStatus.allCases.randomElement(using: &random)!,
            (0..<Int.random(in: 0...3, using: &random)).map { _ in Severity.allCases.randomElement(using: &random)! },
            suppressed: Bool.random(using: &random))
        }
        for link in links {
          byStatus[link.status, default: 0] += 1
          for finding in link.findings { bySeverity[finding.severity, default: 0] += 1 }
          if link.link.isSuppressed { suppressed += 1 }
        }
        summary.add(FileResult(file: "a.html", links: links))
      }
      #expect(summary.byStatus == byStatus)
      #expect(summary.findings == bySeverity)
      #expect(summary.suppressed == suppressed)
    }
  }
}

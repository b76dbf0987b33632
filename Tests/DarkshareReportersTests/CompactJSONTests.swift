import DarkshareCore
import Foundation
import Testing

@testable import DarkshareReporters

/// The hand-written JSON of the streamed records is byte for byte what JSONEncoder writes (sorted
/// keys, slashes unescaped), for every field present or absent and for hostile text.
@Suite struct CompactJSONTests {
  private static let texts: [String?] = [
    nil, "", "plain", #"quote " and \ backslash"#, "line\nbreak\r\ttab\u{08}\u{0C}", "\u{01}\u{1F}\u{7F}",
    "https://a.example/x?y=1&z=%2F", "é ü 日本 😀 \u{2028}\u{2029} \u{200E}", "</script><!--",
    // Non-ASCII with nothing to escape (copied whole), unsafe scalars alone, and a long string.
    "é ü 日本 😀", "a\u{202E}b\u{FEFF}", "x\u{85}y\u{061C}", String(repeating: "https://a.example/é?q=1&", count: 40),
    // Each byte to escape alone in a longer string.
    #"only a \ backslash here"#, #"only a " quote here"#, "only a DEL \u{7F} here", "only a control \u{1B} here",
  ]

  private static func records() -> [(ReportModels.LinkRecord, ReportModels.FindingRecord)] {
    texts.enumerated().map { index, text in
      let message = index % 3 == 0 ? nil : MessageContext(index: index, id: text, date: text, from: text, subject: text)
      let location = SourceLocation(file: text ?? "f.html", line: index + 1, column: 40 - index)
      let link = Link(
        url: text ?? "https://x.example/", location: location, text: text, element: "a", channel: Channel.allCases[index % 4],
        message: message)
      let finding = Finding(rule: "untagged-link", severity: .warning, location: location, message: text ?? "m", suggestion: text)
      let audited = AuditedLink(
        link: link, destination: text, service: text, status: LinkStatus.allCases[index % 6], findings: [finding],
        hops: index % 2 == 0 ? [] : [text ?? "", "https://b.example/"])
      return (ReportModels.LinkRecord(audited), ReportModels.FindingRecord(finding, of: audited))
    }
  }

  @Test func recordsMatchJSONEncoder() {
    for (link, finding) in Self.records() {
      #expect(link.compactJSON == ReportModels.encode(link, pretty: false))
      #expect(finding.compactJSON == ReportModels.encode(finding, pretty: false))
    }
    for text in Self.texts {
      let error = ReportModels.ErrorRecord(file: text ?? "-", error: text ?? "e")
      #expect(error.compactJSON == ReportModels.encode(error, pretty: false))
    }
  }

  /// An archive's ndjson writes a message's context once and copies it for its next links: each
  /// line is still JSONEncoder's, when messages alternate, repeat after another, differ in one
  /// field only, or are absent between two links of one message.
  @Test(arguments: [ReportOptions.Kind.links, .audit])
  func linesOfAnArchiveMatchJSONEncoderWhateverOrderItsMessagesComeIn(kind: ReportOptions.Kind) {
    let first = MessageContext(index: 0, id: "<a@x>", date: "2026-01-01T00:00:00+00:00", from: "A <a@x>", subject: "One")
    var sameIndexOtherSubject = first
    sameIndexOtherSubject.subject = "One, again"
    let second = MessageContext(index: 1, id: "<b@x>", from: "B \"quoted\" <b@x>", subject: "Two é\u{202E}")
    let messages: [MessageContext?] = [first, first, second, first, nil, first, sameIndexOtherSubject, second, second]
    let links = messages.enumerated().map { index, message in
      let location = SourceLocation(file: "archive.mbox", line: index + 1, column: 1)
      let link = Link(
        url: "https://shop.example/\(index)", location: location, text: nil, element: "a", channel: .email, message: message)
      let finding = Finding(rule: "untagged-link", severity: .warning, location: location, message: "m\(index)", suggestion: nil)
      return AuditedLink(link: link, destination: nil, service: nil, status: .dark, findings: [finding], hops: [])
    }
    var reporter = NDJSONReporter(options: ReportOptions(kind: kind))
    let lines = reporter.record(FileResult(file: "archive.mbox", links: links)).split(separator: "\n").map(String.init)
    let expected = links.map { link in
      kind == .links
        ? ReportModels.encode(ReportModels.LinkRecord(link), pretty: false)
        : ReportModels.encode(ReportModels.FindingRecord(link.findings[0], of: link), pretty: false)
    }
    #expect(lines == expected)
  }
}

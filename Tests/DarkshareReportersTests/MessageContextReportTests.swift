import DarkshareCore
import DarkshareReporters
import Foundation
import Testing

/// Links from mail carry their message: the JSON `message` object of SPEC §6 and a readable
/// heading in the text report. HTML links (no message) render exactly as before.
@Suite struct MessageContextReportTests {
  private let message = MessageContext(
    index: 0, id: "<42@shop.example>", date: "Tue, 3 Mar 2026 09:00:00 +0100", from: "Shop <news@shop.example>",
    subject: "Spring sale")

  private var result: FileResult {
    let location = SourceLocation(file: "spring.eml", line: 3, column: 10)
    let link = Link(
      url: "https://shop.example/sale", location: location, text: nil, element: "text", channel: .email, message: message)
    let finding = Finding(rule: "untagged-link", severity: .error, location: location, message: "add utm_source")
    return FileResult(
      file: "spring.eml", links: [AuditedLink(link: link, destination: nil, service: nil, status: .dark, findings: [finding])])
  }

  private func render(_ reporter: any Reporter.Type, _ kind: ReportOptions.Kind) -> String {
    var instance = reporter.init(options: ReportOptions(kind: kind))
    var summary = AuditSummary()
    summary.add(result)
    return instance.record(result) + instance.finish(summary)
  }

  @Test func ndjsonLinkRecordsCarryTheMessageObject() throws {
    let line = try #require(render(NDJSONReporter.self, .links).split(separator: "\n").first)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    let message = try #require(object["message"] as? [String: Any])
    #expect(message["index"] as? Int == 0)
    #expect(message["id"] as? String == "<42@shop.example>")
    #expect(message["subject"] as? String == "Spring sale")
    #expect(message["from"] as? String == "Shop <news@shop.example>")
    #expect(message["date"] as? String == "Tue, 3 Mar 2026 09:00:00 +0100")
  }

  @Test func jsonFindingsCarryTheMessageObject() throws {
    let text = render(JSONReporter.self, .audit)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    let findings = try #require(object["findings"] as? [[String: Any]])
    #expect((findings.first?["message"] as? [String: Any])?["subject"] as? String == "Spring sale")
  }

  @Test func textReportNamesTheMessage() {
    let audit = render(TextReporter.self, .audit)
    #expect(audit.contains("\u{2709} message 1: \u{201C}Spring sale\u{201D} from Shop <news@shop.example>"))
    let links = render(TextReporter.self, .links)
    #expect(links.contains("\u{2709} message 1: \u{201C}Spring sale\u{201D}"))
  }
}

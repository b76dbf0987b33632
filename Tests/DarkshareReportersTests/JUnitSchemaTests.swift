import DarkshareCore
import DarkshareReporters
import Foundation
import DarkshareTestSupport
import Testing

/// The JUnit output against the Ant JUnit schema that CI servers follow, validated by `xmllint`.
@Suite(.enabled(if: SchemaValidation.referenceIsAvailable, "needs ../shared/reference"))
struct JUnitSchemaTests {
  @Test(arguments: [ReportOptions.Kind.audit, .links], [true, false])
  func reportIsValidJUnit(kind: ReportOptions.Kind, withInputs: Bool) throws {
    let xml = ReportFixture.render(JUnitReporter.self, kind: kind, results: withInputs ? ReportFixture.results : [])
    let path = try SchemaValidation.temporaryFile(xml, extension: "xml")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let schema = Corpus.sharedReference.appendingPathComponent("junit.xsd").path
    let run: (status: Int32, output: String)
    do {
      run = try runTool(["xmllint", "--noout", "--nonet", "--schema", schema, path])
    } catch {
      Issue.record("cannot run xmllint (\(error)); install it with: apt-get install libxml2-utils")
      return
    }
    if run.status == 127 {
      Issue.record("xmllint is not installed; install it with: apt-get install libxml2-utils")
    } else {
      #expect(run.status == 0, "JUnit XML does not match junit.xsd:\n\(run.output)")
    }
  }

  @Test func hostileTextStaysWellFormed() throws {
    let location = SourceLocation(file: "a\"b<c>&'d\u{1}.html", line: 1, column: 1)
    let link = Link(url: "https://x.example/?q=]]>\u{0}&<", location: location, text: nil, element: "a", channel: .email)
    let finding = Finding(rule: "untagged-link", severity: .error, location: location, message: "bad \u{FFFF}\r\n</failure>")
    let result = FileResult(
      file: location.file, links: [AuditedLink(link: link, destination: nil, service: nil, status: .dark, findings: [finding])])
    let xml = ReportFixture.render(JUnitReporter.self, kind: .audit, results: [result])
    #expect(!xml.contains("</failure>\r"))
    #expect(!xml.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    let path = try SchemaValidation.temporaryFile(xml, extension: "xml")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let schema = Corpus.sharedReference.appendingPathComponent("junit.xsd").path
    if let run = try? runTool(["xmllint", "--noout", "--nonet", "--schema", schema, path]), run.status != 127 {
      #expect(run.status == 0, "\(run.output)")
    }
  }
}

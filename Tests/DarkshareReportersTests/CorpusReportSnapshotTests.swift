import DarkshareCore
import DarkshareKit
import DarkshareReporters
import DarkshareTestSupport
import Foundation
import Testing

/// Every format rendering a real audit of two labelled corpus newsletters, compared with its
/// golden file `Snapshots/corpus-<format>.<ext>`; the SARIF and JUnit renderings are also
/// checked against their schemas.
@Suite struct CorpusReportSnapshotTests {
  static let files = ["corpora/html/privacy-and-pii.html", "corpora/html/wrapped-and-shortened.html"]

  static func render(_ format: String) throws -> String {
    let reporterType = try #require(BuiltInReporters.reporter(named: format))
    var reporter = reporterType.init(options: ReportOptions(kind: .audit))
    var summary = AuditSummary()
    var output = ""
    for file in files {
      let bytes = Array(try Data(contentsOf: Corpus.packageRoot.appendingPathComponent(file)))
      let result = Auditor().audit(bytes: bytes, file: file)
      summary.add(result)
      output += reporter.record(result)
    }
    return output + reporter.finish(summary)
  }

  @Test(arguments: BuiltInReporters.all.map { $0.identifier })
  func auditOfTheCorpusRendersAsRecorded(_ format: String) throws {
    var output = try Self.render(format)
    if format == "junit" { output = ReporterSnapshotTests.withoutRunDetails(output) }
    try assertSnapshot(output, named: "corpus-\(format).\(ReporterSnapshotTests.fileExtension(format))")
  }

  @Test(.enabled(if: SchemaValidation.referenceIsAvailable, "needs ../shared/reference"))
  func corpusSARIFAndJUnitMatchTheirSchemas() throws {
    let sarif = try SchemaValidation.temporaryFile(try Self.render("sarif"), extension: "sarif")
    let schema = Corpus.sharedReference.appendingPathComponent("sarif-schema-2.1.0.json").path
    let sarifRun = try runTool(["python3", "-c", SARIFSchemaTests.validator, schema, sarif])
    #expect(sarifRun.status == 0, "\(sarifRun.output)")
    let junit = try SchemaValidation.temporaryFile(try Self.render("junit"), extension: "xml")
    let xsd = Corpus.sharedReference.appendingPathComponent("junit.xsd").path
    let junitRun = try runTool(["xmllint", "--noout", "--schema", xsd, junit])
    #expect(junitRun.status == 0, "\(junitRun.output)")
  }
}

import DarkshareCore
import DarkshareReporters
import Foundation
import Testing

/// Every built-in format, rendering the same fixed run, compared with its golden file in
/// `Snapshots/<format>-<kind>.<ext>`.
@Suite struct ReporterSnapshotTests {
  static let kinds: [ReportOptions.Kind] = [.audit, .links]

  @Test(arguments: BuiltInReporters.all.map { $0.identifier }, kinds)
  func rendersTheFixtureAsRecorded(format: String, kind: ReportOptions.Kind) throws {
    let reporter = try #require(BuiltInReporters.reporter(named: format))
    var output = ReportFixture.render(reporter, kind: kind)
    if format == "junit" { output = Self.withoutRunDetails(output) }
    try assertSnapshot(output, named: "\(format)-\(kind == .audit ? "audit" : "links").\(Self.fileExtension(format))")
  }

  /// The bytes the CLI writes are the text other callers get, in every format.
  @Test(arguments: BuiltInReporters.all.map { $0.identifier }, kinds)
  func theBytesWrittenAreTheText(format: String, kind: ReportOptions.Kind) throws {
    let reporter = try #require(BuiltInReporters.reporter(named: format))
    var asBytes = ReportFixture.render(reporter, kind: kind)
    var asText = ReportFixture.render(reporter, kind: kind, asText: true)
    if format == "junit" { (asBytes, asText) = (Self.withoutRunDetails(asBytes), Self.withoutRunDetails(asText)) }
    #expect(asBytes == asText)
  }

  @Test func everyFormatHasASnapshotExtension() {
    for reporter in BuiltInReporters.all {
      #expect(Self.extensions[reporter.identifier] != nil, "add a snapshot extension for \(reporter.identifier)")
    }
  }

  static let extensions = [
    "text": "txt", "json": "json", "ndjson": "ndjson", "sarif": "sarif", "junit": "xml", "github": "txt",
    "markdown": "md", "csv": "csv",
  ]

  static func fileExtension(_ format: String) -> String { extensions[format] ?? "txt" }

  /// JUnit's `timestamp` and `hostname` describe the machine and the moment; fix them.
  static func withoutRunDetails(_ xml: String) -> String {
    xml.replacing(/timestamp="[^"]*"/, with: #"timestamp="2000-01-01T00:00:00""#)
      .replacing(/hostname="[^"]*"/, with: #"hostname="localhost""#)
  }
}

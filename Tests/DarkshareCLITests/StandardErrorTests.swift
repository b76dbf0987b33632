import DarkshareTestSupport
import Foundation
import Testing

/// Errors and the one-line summary also reach standard error when the report goes to a file or
/// is for a program, so a failed CI step shows why; a text report on standard output already
/// shows them, and they are not repeated.
@Suite struct StandardErrorTests {
  private let newsletter = "corpora/html/privacy-and-pii.html"
  private let summary = "1 file, 26 links: 4 tracked, 0 partial, 6 dark, 7 at-risk, 0 unknown, 9 excluded · 12 errors, 13 warnings, 0 info\n"

  @Test(arguments: ["json", "ndjson", "sarif", "junit", "csv", "github", "markdown"])
  func aMachineFormatOnStandardOutputPutsTheSummaryOnStandardError(_ format: String) throws {
    let run = try runDarkshare(["audit", "--format", format, newsletter])
    #expect(run.exitCode == 1)
    #expect(run.standardError == summary)
    #expect(!run.standardOutput.contains("12 errors, 13 warnings"))
  }

  @Test func aTextReportOnStandardOutputIsNotRepeated() throws {
    let run = try runDarkshare(["audit", newsletter, "/nonexistent/file.html"])
    #expect(run.exitCode == 2)
    #expect(run.standardOutput.contains("/nonexistent/file.html: error: no such file or directory"))
    #expect(run.standardError.isEmpty, "\(run.standardError)")
  }

  @Test func aTextReportInAFileStillShowsErrorsAndTheSummary() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("darkshare-stderr-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let output = directory.appendingPathComponent("report.txt").path
    let run = try runDarkshare(["audit", "--output", output, newsletter, "/nonexistent/file.html"])
    #expect(run.exitCode == 2)
    #expect(run.standardOutput.isEmpty)
    let lines = run.standardError.split(separator: "\n")
    #expect(lines.first == "darkshare: error: /nonexistent/file.html: no such file or directory")
    #expect(lines.last?.hasPrefix("2 files, 26 links:") == true && lines.last?.hasSuffix("· 1 unreadable input") == true)
    #expect(try String(contentsOfFile: output, encoding: .utf8).contains("/nonexistent/file.html: error: no such file"))
  }

  @Test func quietLeavesOutTheSummaryButNeverAnError() throws {
    let run = try runDarkshare(["audit", "--quiet", "--format", "sarif", newsletter, "/nonexistent/file.html"])
    #expect(run.exitCode == 2)
    #expect(run.standardError == "darkshare: error: /nonexistent/file.html: no such file or directory\n")
  }
}

import DarkshareTestSupport
import Foundation
import Testing

/// `--format NAME[:FILE]`, repeated: several reports from one reading of the inputs, each file
/// written atomically, at most one report on standard output (or `--output`).
@Suite struct SeveralReportsTests {
  private let newsletter = #"""
    <a href="https://shop.example/sale">Sale</a>
    <a href="http://shop.example/?utm_source=nl&amp;utm_medium=email&amp;utm_campaign=may">Shop</a>
    <a href="https://shop.example/?utm_source=nl&amp;utm_medium=email&amp;utm_campaign=may">Home</a>
    """#

  private func temporaryDirectory() throws -> URL { try makeTemporaryDirectory("darkshare-reports") }

  @Test func oneRunWritesSARIFMarkdownAndAnnotationsFromOneReading() throws {
    let directory = try temporaryDirectory()
    // Standard input can be read once only: three full reports prove one reading served all.
    let run = try runDarkshare(
      ["audit", "--format", "sarif:out.sarif", "--format", "markdown:summary.md", "--format", "github", "-"],
      input: Data(newsletter.utf8), in: directory)
    #expect(run.exitCode == 1, "\(run.standardError)")
    let annotations = run.standardOutput.split(separator: "\n")
    #expect(annotations.count == 2)
    #expect(annotations.contains { $0.hasPrefix("::error ") && $0.contains("title=untagged-link") })
    #expect(annotations.contains { $0.hasPrefix("::warning ") && $0.contains("title=insecure-link") })
    let sarif = try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("out.sarif"))) as? [String: Any]
    let results = ((sarif?["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]]) ?? []
    #expect(results.map { $0["ruleId"] as? String } == ["untagged-link", "insecure-link"])
    let summary = try String(contentsOf: directory.appendingPathComponent("summary.md"), encoding: .utf8)
    #expect(summary.hasPrefix("## darkshare audit"))
    #expect(summary.contains("| error | 1 |") && summary.contains("| warning | 1 |") && summary.contains("`untagged-link`"))
    // Written atomically: no temporary file is left beside the reports.
    #expect(try Set(FileManager.default.contentsOfDirectory(atPath: directory.path)) == ["out.sarif", "summary.md"])
    // Annotations on standard output are for the runner: errors and the summary also go to standard error.
    #expect(run.standardError.contains("1 file, 3 links"))
  }

  @Test func theReportWithoutAFileGoesToOutput() throws {
    let directory = try temporaryDirectory()
    let run = try runDarkshare(
      ["links", "--format", "json:links.json", "--format", "csv", "--output", "links.csv", "-"],
      input: Data(newsletter.utf8), in: directory)
    #expect(run.exitCode == 0, "\(run.standardError)")
    #expect(run.standardOutput.isEmpty)
    let json = try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("links.json")))
    #expect(((json as? [String: Any])?["links"] as? [Any])?.count == 3)
    let csv = try String(contentsOf: directory.appendingPathComponent("links.csv"), encoding: .utf8)
    #expect(csv.split(separator: "\r\n").count == 4)  // the header and three links
  }

  @Test func theSingleFormatSpellingStillWorks() throws {
    let directory = try temporaryDirectory()
    let run = try runDarkshare(["audit", "--format", "sarif", "--output", "x.sarif", "-"], input: Data(newsletter.utf8), in: directory)
    #expect(run.exitCode == 1)
    #expect(run.standardOutput.isEmpty)
    #expect(try String(contentsOf: directory.appendingPathComponent("x.sarif"), encoding: .utf8).contains("\"ruleId\" : \"untagged-link\""))
  }

  @Test(arguments: [
    (["--format", "json", "--format", "csv"], "only one report can go to standard output"),
    (["--format", "json:a.out", "--format", "csv:a.out"], "two reports would be written to 'a.out'"),
    (["--format", "json:a.json", "--output", "b.txt"], "--output 'b.txt' has no report to hold"),
    (["--format", "sarif:"], "--format sarif: names no file"),
    (["--format", "yaml:x.yml"], "unknown format 'yaml'"),
  ])
  func reportsThatCannotGoWhereAskedAreUsageErrors(_ arguments: [String], _ message: String) throws {
    let directory = try temporaryDirectory()
    let run = try runDarkshare(["audit"] + arguments + ["-"], input: Data(newsletter.utf8), in: directory)
    #expect(run.exitCode == 2)
    #expect(run.standardError.contains(message), "\(run.standardError)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
  }

  @Test func aReportThatCannotBeWrittenLeavesNoOtherBehind() throws {
    let directory = try temporaryDirectory()
    let run = try runDarkshare(
      ["audit", "--format", "sarif:ok.sarif", "--format", "json:/nonexistent-dir/x.json", "-"], input: Data(newsletter.utf8),
      in: directory)
    #expect(run.exitCode == 2)
    #expect(run.standardError.contains("cannot write '/nonexistent-dir/x.json'"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
  }
}

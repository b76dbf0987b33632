import DarkshareKit
import DarkshareTestSupport
import Foundation
import Testing

/// The built binary, as a user or a CI job runs it: exit codes, formats, stdin, bad input.
@Suite(.serialized) struct CommandLineTests {
  private let tagged = #"<a href="https://shop.example/?utm_source=nl&amp;utm_medium=email&amp;utm_campaign=may">Shop</a>"#
  private let untagged = #"<a href="https://shop.example/sale">Sale</a>"#

  private func temporaryDirectory() throws -> URL { try makeTemporaryDirectory("darkshare") }

  @Test func cleanInputExitsZeroAndFindingsExitOne() throws {
    let clean = try runDarkshare(["audit", "-"], input: Data(tagged.utf8))
    #expect(clean.exitCode == 0)
    #expect(clean.standardOutput.contains("1 file, 1 link: 1 tracked"))
    let dirty = try runDarkshare(["audit", "-"], input: Data(untagged.utf8))
    #expect(dirty.exitCode == 1)
    #expect(dirty.standardOutput.contains("-\n  1:10  dark  \u{201C}Sale\u{201D}"))
    #expect(dirty.standardOutput.contains("untagged-link"))
    #expect(dirty.standardOutput.contains("suggested: https://shop.example/sale?utm_source=newsletter"))
  }

  @Test func failOnDecidesWhichSeverityFails() throws {
    let insecure = #"<a href="http://shop.example/?utm_source=nl&amp;utm_medium=email&amp;utm_campaign=may">x</a>"#
    #expect(try runDarkshare(["audit", "-"], input: Data(insecure.utf8)).exitCode == 0)
    #expect(try runDarkshare(["audit", "--fail-on", "warning", "-"], input: Data(insecure.utf8)).exitCode == 1)
    #expect(try runDarkshare(["audit", "--fail-on", "never", "-"], input: Data(untagged.utf8)).exitCode == 0)
  }

  @Test func usageErrorsExitTwo() throws {
    #expect(try runDarkshare(["audit", "--format", "yaml", "-"]).exitCode == 2)
    #expect(try runDarkshare(["explain", "no-such-rule"]).exitCode == 2)
    #expect(try runDarkshare(["frobnicate"]).exitCode == 2)
  }

  @Test func linksNDJSONHasExactlyTheSpecFields() throws {
    let run = try runDarkshare(["links", "--format", "ndjson", "corpora/html/wrapped-and-shortened.html"])
    #expect(run.exitCode == 0)
    let objects = try run.standardOutput.split(separator: "\n").map {
      try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
    }
    #expect(objects.count == (try Corpus.expectations(for: "corpora/html/wrapped-and-shortened.html")).count)
    // SPEC §6's fields, plus `via` (the wrapper's name), `hops` and `resolveError` (with --resolve), all optional.
    let allowed: Set<String> = ["file", "line", "column", "message", "channel", "url", "destination", "status", "rules", "text", "via", "hops", "resolveError"]
    for object in objects {
      #expect(Set(object.keys).isSubset(of: allowed))
      #expect(Set(["file", "line", "column", "channel", "url", "status", "rules"]).isSubset(of: Set(object.keys)))
    }
    #expect(objects.contains { ($0["destination"] as? String)?.hasPrefix("https://www.cobalt.example/") == true })
    #expect(objects.contains { ($0["via"] as? String) == "Microsoft Defender Safe Links" })
  }

  @Test func auditJSONFollowsTheSpecContract() throws {
    let run = try runDarkshare(["audit", "--format", "json", "corpora/html/privacy-and-pii.html"])
    #expect(run.exitCode == 1)
    let report = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
    #expect(Set(report.keys) == ["version", "tool", "summary", "findings", "errors"])
    #expect(report["version"] as? Int == 1)
    let summary = try #require(report["summary"] as? [String: Any])
    // SPEC §6's fields, plus `suppressed` and `heldBackByBaseline`, both optional.
    #expect(Set(["files", "messages", "links", "byStatus", "findings"]).isSubset(of: Set(summary.keys)))
    #expect(Set(summary.keys).isSubset(of: ["files", "messages", "links", "byStatus", "findings", "suppressed", "heldBackByBaseline"]))
    #expect(Set((summary["byStatus"] as? [String: Int])?.keys ?? [:].keys) == ["tracked", "partial", "dark", "at-risk", "unknown", "excluded"])
    #expect(Set((summary["findings"] as? [String: Int])?.keys ?? [:].keys) == ["error", "warning", "info"])
    let findings = try #require(report["findings"] as? [[String: Any]])
    let allowed: Set<String> = ["rule", "severity", "file", "line", "column", "message", "url", "destination", "text", "explanation", "suggestion"]
    for finding in findings {
      #expect(Set(finding.keys).isSubset(of: allowed))
      #expect(Set(["rule", "severity", "file", "line", "column", "url", "explanation"]).isSubset(of: Set(finding.keys)))
    }
  }

  @Test func outputFileIsWrittenWhole() throws {
    let directory = try temporaryDirectory()
    let target = directory.appendingPathComponent("report.json").path
    let run = try runDarkshare(["audit", "--format", "json", "--output", target, "corpora/html"])
    #expect(run.exitCode == 1)
    #expect(run.standardOutput.isEmpty)
    let data = try Data(contentsOf: URL(fileURLWithPath: target))
    #expect((try JSONSerialization.jsonObject(with: data) as? [String: Any])?["findings"] != nil)
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["report.json"])
  }

  /// An existing report is replaced whole (a second run over the same `--output`, as in CI).
  @Test func outputReplacesAnExistingFile() throws {
    let directory = try temporaryDirectory()
    let target = directory.appendingPathComponent("report.ndjson")
    try Data("stale report\n".utf8).write(to: target)
    for _ in 0..<2 {
      let run = try runDarkshare(["links", "--format", "ndjson", "--output", target.path, "corpora/html/cross-channel-copy.html"])
      #expect(run.exitCode == 0, "\(run.standardError)")
      let text = try String(contentsOf: target, encoding: .utf8)
      #expect(!text.contains("stale") && text.hasPrefix("{"))
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["report.ndjson"])
  }

  /// A device or FIFO given as `--output` is written to, never renamed over (that would
  /// replace `/dev/null` with a file).
  @Test func outputToAFIFOWritesThroughIt() throws {
    let directory = try temporaryDirectory()
    let fifo = directory.appendingPathComponent("report.fifo").path
    #expect(mkfifo(fifo, 0o600) == 0)
    let copy = directory.appendingPathComponent("copy.txt").path
    let reader = Process()
    reader.executableURL = URL(fileURLWithPath: "/bin/sh")
    reader.arguments = ["-c", "cat '\(fifo)' > '\(copy)'"]
    try reader.run()
    let run = try runDarkshare(["links", "--format", "ndjson", "--output", fifo, "corpora/html/privacy-and-pii.html"])
    reader.waitUntilExit()
    #expect(run.exitCode == 0)
    let type = try FileManager.default.attributesOfItem(atPath: fifo)[.type] as? FileAttributeType
    #expect(type != .typeRegular && type != nil)
    #expect(try String(contentsOfFile: copy, encoding: .utf8).split(separator: "\n").count == 26)
  }

  @Test func unwritableOutputIsAUsageErrorNamingThePath() throws {
    let run = try runDarkshare(["audit", "--output", "/nonexistent-dir/report.txt", "corpora/html"])
    #expect(run.exitCode == 2)
    #expect(run.standardError.contains("cannot write '/nonexistent-dir/report.txt'"))
  }

  /// Bad inputs get a per-file error and exit 2, and the good inputs beside them are still reported.
  @Test func badInputsAreReportedAndTheRestStillAudited() throws {
    let directory = try temporaryDirectory()
    try Data(untagged.utf8).write(to: directory.appendingPathComponent("a-good.html"))
    try Data().write(to: directory.appendingPathComponent("b-empty.html"))
    try Data([0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0xFF, 0x00]).write(to: directory.appendingPathComponent("c-binary.html"))
    try Data("<table><tr><td><a href=\"https://shop.example/cut".utf8).write(to: directory.appendingPathComponent("d-truncated.html"))
    try FileManager.default.createSymbolicLink(
      atPath: directory.appendingPathComponent("e-broken.html").path, withDestinationPath: "/nonexistent/nowhere.html")
    try FileManager.default.createSymbolicLink(
      atPath: directory.appendingPathComponent("loop").path, withDestinationPath: directory.path)
    let run = try runDarkshare(["audit", "--format", "json", directory.path, "/nonexistent/file.html"])
    #expect(run.exitCode == 2)
    let report = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
    let errors = try #require(report["errors"] as? [[String: String]])
    #expect(errors.contains { $0["file"]!.hasSuffix("c-binary.html") && $0["error"]!.contains("not a zip file") })
    #expect(errors.contains { $0["file"]!.hasSuffix("e-broken.html") && $0["error"]!.contains("broken symbolic link") })
    #expect(errors.contains { $0["file"] == "/nonexistent/file.html" && $0["error"]!.contains("no such file") })
    #expect(errors.count == 3)
    let findings = try #require(report["findings"] as? [[String: Any]])
    #expect(findings.contains { ($0["file"] as? String)?.hasSuffix("a-good.html") == true })
    #expect(findings.contains { ($0["file"] as? String)?.hasSuffix("d-truncated.html") == true })
    let summary = try #require(report["summary"] as? [String: Any])
    #expect(summary["files"] as? Int == 6)  // the loop is walked once, not again
  }

  @Test func textReportNamesTheUnreadableFile() throws {
    let run = try runDarkshare(["audit", "/nonexistent/file.html"])
    #expect(run.exitCode == 2)
    #expect(run.standardOutput.contains("/nonexistent/file.html: error: no such file or directory"))
  }

  @Test func rulesAndExplainPrintTheCatalogue() throws {
    let rules = try runDarkshare(["rules"])
    #expect(rules.exitCode == 0)
    #expect(rules.standardOutput.split(separator: "\n").count == RuleCatalogue.identifiers.count)
    #expect(RuleCatalogue.identifiers.count >= 17)
    let explain = try runDarkshare(["explain", "click-id-only"])
    #expect(explain.exitCode == 0)
    #expect(explain.standardOutput.contains("Apple Link Tracking Protection"))
    // Per id, who strips it, with the sources.
    #expect(explain.standardOutput.contains("  fbclid (click id; Meta"))
    #expect(explain.standardOutput.contains("  mc_eid (recipient id;"))
    #expect(explain.standardOutput.contains("sources: "))
  }

  @Test func jobsDoNotChangeTheOutput() throws {
    let one = try runDarkshare(["links", "--format", "ndjson", "--jobs", "1", "corpora"])
    let many = try runDarkshare(["links", "--format", "ndjson", "--jobs", "4", "corpora"])
    #expect(one.standardOutput == many.standardOutput)
    #expect(!one.standardOutput.isEmpty)
  }
}

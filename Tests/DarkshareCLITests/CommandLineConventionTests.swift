import DarkshareKit
import DarkshareTestSupport
import Foundation
import Testing

/// What a lychee, ruff or SwiftLint user expects of the command line: short flags, `--color`,
/// "did you mean", clear messages for impossible numbers, `rules --format json`, and a summary
/// that says what the run held back.
@Suite struct CommandLineConventionTests {
  private let untagged = #"<a href="https://shop.example/sale">Sale</a>"#
  private let escape = "\u{1B}["

  private func temporaryDirectory() throws -> URL { try makeTemporaryDirectory("darkshare") }

  @Test func shortFlagsMeanTheirLongOptions() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let long = directory.appendingPathComponent("long.json").path
    let short = directory.appendingPathComponent("short.json").path
    let longRun = try runDarkshare(["audit", "--format", "json", "--output", long, "--quiet", "--jobs", "1", "corpora/html"])
    let shortRun = try runDarkshare(["audit", "-f", "json", "-o", short, "-q", "-j", "1", "corpora/html"])
    #expect(longRun.exitCode == 1)
    #expect(shortRun.exitCode == longRun.exitCode)
    let report = try String(contentsOfFile: short, encoding: .utf8)
    #expect(report.hasPrefix("{\n  \"version\": 1"))
    #expect(report == (try String(contentsOfFile: long, encoding: .utf8)))
    #expect(try runDarkshare(["audit", "-q", "-"], input: Data(untagged.utf8)).standardOutput.contains("files") == false)
  }

  @Test func colorAlwaysWinsOverNoColorAndNeverAndAutoDoNotColourAPipe() throws {
    // runDarkshare sets NO_COLOR=1 and reads standard output through a pipe.
    let always = try runDarkshare(["audit", "--color", "always", "-"], input: Data(untagged.utf8))
    #expect(always.standardOutput.contains(escape + "31mdark"))
    for choice in ["never", "auto"] {
      let run = try runDarkshare(["audit", "--color", choice, "-"], input: Data(untagged.utf8))
      #expect(run.exitCode == 1)
      #expect(run.standardOutput.contains("dark"))
      #expect(!run.standardOutput.contains(escape), "--color \(choice)")
    }
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("report.txt").path
    _ = try runDarkshare(["audit", "--color", "always", "-o", file, "-"], input: Data(untagged.utf8))
    #expect(try String(contentsOfFile: file, encoding: .utf8).contains(escape))
    let bad = try runDarkshare(["audit", "--color", "sometimes", "-"], input: Data(untagged.utf8))
    #expect(bad.exitCode == 2)
    #expect(bad.standardError.contains("sometimes"))
  }

  @Test func aMisspeltCommandGetsADidYouMean() throws {
    let run = try runDarkshare(["audti", "corpora/html"])
    #expect(run.exitCode == 2)
    #expect(run.standardError.contains("unknown command 'audti'; did you mean `audit`?"))
    #expect(run.standardOutput.isEmpty)
    let far = try runDarkshare(["frobnicate"])
    #expect(far.exitCode == 2)
    #expect(far.standardError.contains("unknown command 'frobnicate'"))
    #expect(!far.standardError.contains("did you mean"))
    #expect(try runDarkshare(["expalin", "untagged-link"]).standardError.contains("did you mean `explain`?"))
  }

  @Test(arguments: [
    (["--jobs", "-1"], "--jobs -1: at least one input"),
    (["-j", "0"], "--jobs 0: at least one input"),
    (["--jobs", "many"], "--jobs takes a whole number"),
    (["--resolve-timeout", "-3"], "--resolve-timeout -3: a request needs some time"),
    (["--resolve-timeout", "0"], "--resolve-timeout 0: a request needs some time"),
    (["--resolve", "--resolve-timeout", "-0.5"], "--resolve-timeout -0.5: a request needs some time"),
  ])
  func impossibleNumbersAreExplained(_ options: [String], _ message: String) throws {
    let run = try runDarkshare(["audit"] + options + ["-"], input: Data(untagged.utf8))
    #expect(run.exitCode == 2)
    #expect(run.standardError.contains(message), "\(options): \(run.standardError)")
    #expect(run.standardOutput.isEmpty)
  }

  @Test func explainTakesRuleNamesInAnyCaseAndSuggestsAMisspeltOne() throws {
    let mixed = try runDarkshare(["explain", "Untagged-Link"])
    #expect(mixed.exitCode == 0)
    #expect(mixed.standardOutput.hasPrefix("untagged-link — Untagged Link"))
    #expect(mixed.standardOutput == (try runDarkshare(["explain", "untagged-link"])).standardOutput)
    let typo = try runDarkshare(["explain", "untaged-link"])
    #expect(typo.exitCode == 2)
    #expect(typo.standardError.contains("unknown rule 'untaged-link'; did you mean 'untagged-link'?"))
    let nothingNear = try runDarkshare(["explain", "zzzzzzzz"])
    #expect(nothingNear.exitCode == 2)
    #expect(!nothingNear.standardError.contains("did you mean"))
  }

  @Test func rulesAsJSONListEveryRuleWithItsText() throws {
    let run = try runDarkshare(["rules", "--format", "json"])
    #expect(run.exitCode == 0)
    let rules = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [[String: String]])
    #expect(rules.map { $0["id"] } == RuleCatalogue.identifiers)
    for rule in rules {
      #expect(Set(rule.keys) == ["id", "name", "severity", "summary", "rationale"])
      #expect(["error", "warning", "info"].contains(rule["severity"] ?? ""))
      #expect(!(rule["summary"] ?? "").isEmpty && !(rule["rationale"] ?? "").isEmpty)
    }
    let untagged = try #require(rules.first { $0["id"] == "untagged-link" })
    #expect(untagged["name"] == "Untagged Link")
    #expect(untagged["severity"] == "error")
    #expect(try runDarkshare(["rules", "-f", "json"]).standardOutput == run.standardOutput)
    #expect(try runDarkshare(["rules", "--markdown", "--format", "json"]).exitCode == 2)
  }

  /// Two links suppressed in the source, two not: the summary counts the suppressed apart and a
  /// baseline says how many findings it held back.
  @Test func theSummaryCountsSuppressedLinksAndWhatTheBaselineHeldBack() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let html = """
      <p><a href="https://shop.example/a">A</a>
      <a data-darkshare-ignore href="https://shop.example/b">B</a>
      <!-- darkshare-ignore-next-link --><a href="https://shop.example/c">C</a>
      <span data-darkshare-ignore><a href="https://shop.example/d?utm_source=nl&amp;utm_medium=email&amp;utm_campaign=x">D</a></span>
      <a href="https://shop.example/e">E</a></p>
      """
    try Data(html.utf8).write(to: directory.appendingPathComponent("news.html"))
    let plain = try runDarkshare(["audit", "news.html"], in: directory)
    #expect(plain.exitCode == 1)
    #expect(plain.standardOutput.contains("5 links: 1 tracked, 0 partial, 4 dark, 0 at-risk, 0 unknown, 0 excluded · 3 suppressed · 2 errors"))
    #expect(!plain.standardOutput.contains("held back"))

    let json = try runDarkshare(["audit", "-f", "json", "news.html"], in: directory)
    let summary = try #require((try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])?["summary"] as? [String: Any])
    #expect(summary["suppressed"] as? Int == 3)
    #expect(summary["heldBackByBaseline"] == nil)
    // Suppressed links keep their status in the inventory.
    let links = try runDarkshare(["links", "-f", "ndjson", "news.html"], in: directory).standardOutput.split(separator: "\n")
    #expect(links.filter { $0.contains("\"status\":\"dark\"") }.count == 4)

    #expect(try runDarkshare(["audit", "-q", "--write-baseline", "base.json", "news.html"], in: directory).exitCode == 1)
    let gated = try runDarkshare(["audit", "--baseline", "base.json", "news.html"], in: directory)
    #expect(gated.exitCode == 0)
    #expect(gated.standardOutput.contains("· 0 errors, 0 warnings, 0 info · 2 findings held back by the baseline"))
    let gatedJSON = try runDarkshare(["audit", "-f", "json", "--baseline", "base.json", "news.html"], in: directory)
    let gatedSummary = try #require((try JSONSerialization.jsonObject(with: Data(gatedJSON.standardOutput.utf8)) as? [String: Any])?["summary"] as? [String: Any])
    #expect(gatedSummary["heldBackByBaseline"] as? Int == 2)

    // A new untagged link is reported; the two old findings are still held back.
    try Data((html + #"<a href="https://shop.example/f">F</a>"#).utf8).write(to: directory.appendingPathComponent("news.html"))
    let grown = try runDarkshare(["audit", "--baseline", "base.json", "news.html"], in: directory)
    #expect(grown.exitCode == 1)
    #expect(grown.standardOutput.contains("· 1 error, 0 warnings, 0 info · 2 findings held back by the baseline"))
  }
}

import DarkshareKit
import DarkshareTestSupport
import Foundation
import Testing

/// The CI gate: baselines for adopting darkshare on existing templates, and redaction for
/// sharing audits of real sends.
@Suite(.serialized) struct GateTests {
  private func copyOfCorpora() throws -> URL {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("darkshare-gate-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    try FileManager.default.copyItem(at: Corpus.directory.appendingPathComponent("html"), to: root.appendingPathComponent("html"))
    return root
  }

  @Test func aBaselineAcceptsTodaysFindingsAndCatchesTheNextOne() throws {
    let root = try copyOfCorpora()
    let baseline = root.appendingPathComponent("baseline.json").path
    let first = try runDarkshare(["audit", "--quiet", "--write-baseline", baseline, "html"], in: root)
    #expect(first.exitCode == 1)
    #expect(try runDarkshare(["audit", "--baseline", baseline, "html"], in: root).exitCode == 0)

    // Moving links (a line inserted at the top) does not make their findings new.
    let file = root.appendingPathComponent("html/privacy-and-pii.html")
    var text = try String(contentsOf: file, encoding: .utf8)
    text = "<!-- moved -->\n" + text
    try Data(text.utf8).write(to: file)
    #expect(try runDarkshare(["audit", "--baseline", baseline, "html"], in: root).exitCode == 0)

    // One new untagged link fails the gate, and is the only finding reported.
    text = text.replacingOccurrences(of: "</body>", with: #"<a href="https://northwind.example/new-class">New class</a></body>"#)
    try Data(text.utf8).write(to: file)
    let gated = try runDarkshare(["audit", "--format", "json", "--baseline", baseline, "html"], in: root)
    #expect(gated.exitCode == 1)
    let report = try #require(try JSONSerialization.jsonObject(with: Data(gated.standardOutput.utf8)) as? [String: Any])
    let findings = try #require(report["findings"] as? [[String: Any]])
    #expect(findings.map { $0["url"] as? String } == ["https://northwind.example/new-class"])
    #expect(findings.first?["rule"] as? String == "untagged-link")
  }

  @Test func aBaselineCountsRepeatedLinks() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("darkshare-gate-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    let link = #"<a href="https://shop.example/sale">Sale</a>"#
    try Data((link + link).utf8).write(to: root.appendingPathComponent("mail.html"))
    #expect(try runDarkshare(["audit", "--write-baseline", "b.json", "mail.html"], in: root).exitCode == 1)
    try Data((link + link + link).utf8).write(to: root.appendingPathComponent("mail.html"))
    let run = try runDarkshare(["audit", "--format", "ndjson", "--baseline", "b.json", "mail.html"], in: root)
    #expect(run.exitCode == 1)
    #expect(run.standardOutput.split(separator: "\n").count == 1)
  }

  @Test func aMissingOrForeignBaselineIsAnError() throws {
    let missing = try runDarkshare(["audit", "--baseline", "/nonexistent/baseline.json", "corpora/html"])
    #expect(missing.exitCode == 2)
    #expect(missing.standardError.contains("cannot read baseline '/nonexistent/baseline.json'"))
    let foreign = try runDarkshare(["audit", "--baseline", "Package.swift", "corpora/html"])
    #expect(foreign.exitCode == 2)
    #expect(foreign.standardError.contains("is not a darkshare baseline"))
  }

  @Test func redactionMasksRecipientValuesInEveryFormat() throws {
    let secrets = ["5a1b2c3d4e", "jane.doe", "14155550123", "p2ANqtz-secret"]
    let html = """
      <a href="https://shop.example/refer?mc_eid=5a1b2c3d4e">Refer a friend</a>
      <a href="https://shop.example/renew?email=jane.doe%40example.com&amp;utm_source=nl&amp;utm_medium=email&amp;utm_campaign=may">Renew, jane.doe@example.com</a>
      <a href="https://shop.example/call?phone=%2B14155550123">Call me</a>
      <a href="https://shop.example/?_hsenc=p2ANqtz-secret&amp;utm_source=nl&amp;utm_medium=email&amp;utm_campaign=may">Hub</a>
      """
    for format in ["text", "json", "ndjson", "sarif", "junit", "github", "markdown", "csv"] {
      for command in ["audit", "links"] {
        let run = try runDarkshare([command, "--redact", "--format", format, "-"], input: Data(html.utf8))
        for secret in secrets {
          #expect(!run.standardOutput.contains(secret), "\(command) --format \(format) leaks \(secret)")
        }
      }
    }
    let text = try runDarkshare(["audit", "--redact", "-"], input: Data(html.utf8)).standardOutput
    #expect(text.contains("mc_eid=REDACTED"))
    #expect(text.contains("email=[email]"))
    #expect(text.contains("pii-in-url"))
  }

  @Test func aBaselineWrittenWithRedactHoldsNoAddressNumberOrIdAndStillGates() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("darkshare-gate-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    let html = """
      <a href="https://shop.example/refer?mc_eid=5a1b2c3d4e">Refer a friend</a>
      <a href="https://shop.example/renew?email=jane.doe%40example.com">Renew</a>
      <a href="https://shop.example/call?phone=%2B14155550123">Call me</a>
      """
    try Data(html.utf8).write(to: root.appendingPathComponent("mail.html"))
    let first = try runDarkshare(["audit", "--redact", "--quiet", "--write-baseline", "b.json", "mail.html"], in: root)
    #expect(first.exitCode == 1)
    let baseline = try String(contentsOf: root.appendingPathComponent("b.json"), encoding: .utf8)
    for secret in ["5a1b2c3d4e", "jane.doe", "14155550123"] { #expect(!baseline.contains(secret), "\(secret) in \(baseline)") }
    #expect(baseline.contains("\"redacted\" : true"))
    // The redacted keys match the findings of a later run, with or without --redact ...
    #expect(try runDarkshare(["audit", "--baseline", "b.json", "mail.html"], in: root).exitCode == 0)
    #expect(try runDarkshare(["audit", "--redact", "--baseline", "b.json", "mail.html"], in: root).exitCode == 0)
    // ... and a new address is still a new finding.
    let changed = html.replacingOccurrences(of: "Call me</a>", with: "Call me</a><a href=\"https://shop.example/x?utm_source=a&amp;utm_medium=email&amp;utm_campaign=b&amp;contact=bob%40example.com\">x</a>")
    try Data(changed.utf8).write(to: root.appendingPathComponent("mail.html"))
    let gated = try runDarkshare(["audit", "--format", "ndjson", "--baseline", "b.json", "mail.html"], in: root)
    #expect(gated.exitCode == 1)
    #expect(gated.standardOutput.split(separator: "\n").count == 1 && gated.standardOutput.contains("pii-in-url"))
  }
}

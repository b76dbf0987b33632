import DarkshareTestSupport
import Foundation
import Testing

/// A `links` run whose reports show only which rules each link broke makes no finding's message
/// or suggestion; every report that shows them still gets them (the audit database:
/// ``AuditDatabaseTests``), and the rules found are the same.
@Suite struct FindingExplanationTests {
  private let newsletter = #"""
    <a href="https://shop.example/sale">Sale</a>
    <a href="http://shop.example/?utm_source=nl&amp;utm_medium=email&amp;utm_campaign=may">Shop</a>
    <a href="https://shop.example/?utm_source=nl&amp;utm_medium=email&amp;utm_campaign=June">Home</a>
    """#

  private func records(_ output: String) -> [[String: Any]] {
    output.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
  }

  /// Every labelled input: each link of the inventory names, in order, the rules of the audit's
  /// findings on it. The audit explains every finding; the inventory alone explains none.
  @Test func anInventoryNamesTheRulesTheAuditExplains() throws {
    let inventory = try runDarkshare(["links", "--format", "ndjson", "--quiet", "corpora"])
    let audit = try runDarkshare(["audit", "--format", "ndjson", "--quiet", "corpora"])
    var explained = [String: [String]]()
    var findings = 0
    for finding in records(audit.standardOutput) {
      guard let rule = finding["rule"] as? String, let key = Self.key(of: finding) else { continue }
      findings += 1
      #expect((finding["explanation"] as? String)?.isEmpty == false, "\(finding)")
      explained[key, default: []].append(rule)
    }
    var listed = [String: [String]]()
    for link in records(inventory.standardOutput) {
      guard let key = Self.key(of: link), let rules = link["rules"] as? [String], !rules.isEmpty else { continue }
      listed[key, default: []] += rules
    }
    #expect(findings > 200)
    #expect(listed == explained)
  }

  /// The file, line, column and URL of a link or finding record.
  private static func key(of record: [String: Any]) -> String? {
    guard let file = record["file"] as? String, let line = record["line"] as? Int, let column = record["column"] as? Int,
      let url = record["url"] as? String
    else { return nil }
    return "\(file):\(line):\(column) \(url)"
  }

  /// An inventory written beside reports that explain (SARIF, JUnit, the audit database) leaves
  /// those reports their messages and suggested fixes.
  @Test func reportsThatExplainKeepTheirMessagesBesideAnInventory() throws {
    let directory = try makeTemporaryDirectory("darkshare-explanations")
    let run = try runDarkshare(
      ["links", "--format", "ndjson", "--format", "sarif:out.sarif", "--format", "junit:out.xml", "-"],
      input: Data(newsletter.utf8), in: directory)
    #expect(run.exitCode == 0, "\(run.standardError)")
    #expect(records(run.standardOutput).compactMap { $0["rules"] as? [String] }.joined().sorted() == [
      "inconsistent-campaign", "insecure-link", "untagged-link",
    ])
    let sarif = try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("out.sarif"))) as? [String: Any]
    let results = ((sarif?["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]]) ?? []
    #expect(results.count == 3)
    for result in results {
      #expect(((result["message"] as? [String: Any])?["text"] as? String)?.contains("'") == true, "\(result)")
    }
    #expect(results.contains { $0["fixes"] != nil })
    let junit = try String(contentsOf: directory.appendingPathComponent("out.xml"), encoding: .utf8)
    #expect(junit.contains("has no campaign parameters"))
  }
}

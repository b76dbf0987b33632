import DarkshareKit
import DarkshareTestSupport
import Foundation
import Testing

/// A SARIF fix replaces exactly the URL's characters: applying every fix of a corpus file to
/// the file turns each fixed link into a tracked one, and leaves every other byte alone.
@Suite struct SARIFFixTests {
  @Test func applyingTheFixesTagsTheLinks() throws {
    let file = "corpora/html/mailchimp-spring-sale.html"
    let run = try runDarkshare(["audit", "--format", "sarif", file])
    let log = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
    let results = try #require(((log["runs"] as? [[String: Any]])?.first)?["results"] as? [[String: Any]])
    // One replacement per fixed link (several findings on a link carry the same fix).
    var replacements = [Int: (startColumn: Int, endLine: Int, endColumn: Int, text: String)]()
    for result in results {
      guard let fix = (result["fixes"] as? [[String: Any]])?.first,
        let change = (fix["artifactChanges"] as? [[String: Any]])?.first,
        let replacement = (change["replacements"] as? [[String: Any]])?.first,
        let region = replacement["deletedRegion"] as? [String: Int],
        let text = (replacement["insertedContent"] as? [String: String])?["text"]
      else { continue }
      #expect(region["startLine"] == region["endLine"], "corpus URLs are on one line")
      replacements[region["startLine"]! * 10_000 + region["startColumn"]!] = (
        region["startColumn"]!, region["endLine"]!, region["endColumn"]!, text
      )
    }
    #expect(replacements.count >= 3)
    var lines = try String(contentsOf: Corpus.packageRoot.appendingPathComponent(file), encoding: .utf8)
      .components(separatedBy: "\n")
    // Apply from the end backwards so earlier columns stay valid.
    for (key, edit) in replacements.sorted(by: { $0.key > $1.key }) {
      let index = key / 10_000 - 1
      var scalars = Array(lines[index].unicodeScalars)
      scalars.replaceSubrange((edit.startColumn - 1)..<(edit.endColumn - 1), with: edit.text.unicodeScalars)
      lines[index] = String(String.UnicodeScalarView(scalars))
    }
    let fixed = lines.joined(separator: "\n")
    let before = Auditor().audit(bytes: Array(try Data(contentsOf: Corpus.packageRoot.appendingPathComponent(file))), file: file)
    let after = Auditor().audit(bytes: Array(fixed.utf8), file: file)
    #expect(after.links.count == before.links.count)
    for (old, new) in zip(before.links, after.links) {
      let wasFixed = replacements.keys.contains(old.link.location.line * 10_000 + old.link.location.column)
      if wasFixed && [.dark, .partial, .atRisk].contains(old.status) {
        #expect(new.status == .tracked, "\(old.link.url) → \(new.link.url)")
      } else if !wasFixed {
        #expect(new.link.url == old.link.url)
      }
    }
  }
}

import DarkshareKit
import DarkshareTestSupport
import Foundation
import Testing

/// Every link of every labelled corpus file gets the status and rules its `.expect` file says.
@Suite struct CorpusTests {
  @Test(arguments: Corpus.labelledFiles)
  func labelledLinksMatch(_ file: String) throws {
    let expected = try Corpus.expectations(for: file)
    let labelsMessages = expected.contains { $0.message != nil }
    let root = Corpus.packageRoot.appendingPathComponent(file)
    var isDirectory: ObjCBool = false
    _ = FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory)
    // A labelled directory (a Maildir) is walked as `darkshare audit` walks it.
    let inputs: [(path: String, entry: String?)] =
      isDirectory.boolValue
      ? InputResolver().resolve([root.path]).map { ($0.displayName, String($0.displayName.dropFirst(root.path.count + 1))) }
      : [(root.path, nil)]
    var actual = [Corpus.Expectation]()
    for input in inputs {
      let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: input.path)))
      let shown = input.entry.map { file + "/" + $0 } ?? file
      let result = try auditor(for: file).audit(bytes: bytes, file: shown)
      #expect(result.error == nil, "\(shown): \(result.error ?? "")")
      actual += result.links.map { link in
        Corpus.Expectation(
          line: link.link.location.line, column: link.link.location.column, status: link.status.rawValue,
          rules: Set(link.findings.map(\.rule)), message: labelsMessages ? link.link.message?.index : nil,
          subject: labelsMessages ? link.link.message.map { $0.subject ?? "" } : nil,
          entry: input.entry ?? Self.entry(of: link.link.location.file))
      }
    }
    let missing = expected.filter { !actual.contains($0) }
    let unexpected = actual.filter { !expected.contains($0) }
    #expect(missing.isEmpty && unexpected.isEmpty, "\(file)\n  expected but not found: \(missing)\n  found but not expected: \(unexpected)")
    #expect(actual.count == expected.count)
  }

  /// The zip entry a link was found in (`archive.zip!/_chat.txt` → `_chat.txt`), if any.
  private static func entry(of file: String) -> String? {
    file.range(of: "!/").map { String(file[$0.upperBound...]) }
  }

  /// The `.darkshare.yml` in the corpus file's own folder, if there is one (not further up:
  /// a configuration elsewhere on the machine must not change the labels).
  private func auditor(for file: String) throws -> Auditor {
    let folder = Corpus.packageRoot.appendingPathComponent(file).deletingLastPathComponent()
    let configuration = folder.appendingPathComponent(ConfigurationLoader.fileName)
    guard FileManager.default.fileExists(atPath: configuration.path) else { return Auditor() }
    return Auditor(configuration: try ConfigurationLoader.load(configuration))
  }

  @Test func corpusCoversEveryStatusAndRule() throws {
    let all = try Corpus.labelledFiles.flatMap(Corpus.expectations)
    let statuses = Set(all.map(\.status))
    #expect(statuses == ["tracked", "partial", "dark", "at-risk", "unknown", "excluded"])
    let rules = Set(all.flatMap(\.rules))
    // parameters-lost-in-redirect needs --resolve and a server: ResolveTests covers it.
    #expect(Set(RuleCatalogue.identifiers).subtracting(rules).subtracting(["parameters-lost-in-redirect"]).isEmpty, "rules with no corpus case")
  }
}

import DarkshareRules
import DarkshareTestSupport
import Foundation
import Testing

/// Every rule's documented examples are executable: a triggering example fires exactly at its
/// `↓` markers, a non-triggering one does not fire, and the examples survive the mutations
/// SwiftLint's `verifyRule` applies.
@Suite struct RuleExamplesTests {
  static let rules = BuiltInRules.descriptions

  @Test(arguments: rules.map(\.identifier))
  func triggeringExamplesFireAtTheirMarkers(_ identifier: String) throws {
    let rule = try #require(BuiltInRules.description(of: identifier))
    // Rules that need the network have their triggering cases in ResolveTests instead.
    #expect(!rule.triggeringExamples.isEmpty || identifier == "parameters-lost-in-redirect")
    for example in rule.triggeringExamples {
      let marked = MarkedText(example)
      #expect(locations(of: identifier, in: marked.text) == marked.locations, "\(example)")
      // A multibyte prefix on the same line moves the column by its characters, not bytes.
      let prefixed = MarkedText("<p>Grüße 👋</p>" + example)
      #expect(locations(of: identifier, in: prefixed.text) == prefixed.locations, "prefixed: \(example)")
      // A plain comment hides the link from every rule.
      #expect(locations(of: identifier, in: "<!-- " + marked.text + " -->").isEmpty, "commented: \(example)")
    }
  }

  @Test(arguments: rules.map(\.identifier))
  func nonTriggeringExamplesDoNotFire(_ identifier: String) throws {
    let rule = try #require(BuiltInRules.description(of: identifier))
    #expect(!rule.nonTriggeringExamples.isEmpty)
    for example in rule.nonTriggeringExamples {
      #expect(locations(of: identifier, in: example).isEmpty, "\(example)")
    }
  }

  @Test(arguments: rules.map(\.identifier))
  func identifiersAreKebabCaseAndDocumented(_ identifier: String) throws {
    let rule = try #require(BuiltInRules.description(of: identifier))
    #expect(identifier.wholeMatch(of: /[a-z]+(-[a-z]+)*/) != nil)
    #expect(!rule.summary.isEmpty && !rule.rationale.isEmpty && !rule.name.isEmpty)
  }

  /// Every file under `Rules/` is registered, and nothing else is.
  @Test func registryListsEveryRuleFile() throws {
    let folder = Corpus.packageRoot.appendingPathComponent("Sources/DarkshareRules/Rules")
    let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix("Rule.swift") }
    #expect(files.count == BuiltInRules.linkRules.count + BuiltInRules.documentRules.count)
    #expect(Set(Self.rules.map(\.identifier)).count == Self.rules.count)
  }

  private func locations(of identifier: String, in html: String) -> [MarkedText.Location] {
    auditHTML(html).findings.filter { $0.rule == identifier }.map {
      MarkedText.Location(line: $0.location.line, column: $0.location.column)
    }
  }
}

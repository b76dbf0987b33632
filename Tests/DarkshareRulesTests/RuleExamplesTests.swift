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
    #expect(
      !rule.triggeringExamples.isEmpty || !rule.triggeringMessageExamples.isEmpty
        || identifier == "parameters-lost-in-redirect")
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

  /// Sent-mail examples (`.eml` text) are read by the e-mail reader, which reports positions
  /// within the decoded part; they get the multibyte mutation on the marker's own line (an
  /// HTML comment means nothing in a text/plain part).
  @Test(arguments: rules.map(\.identifier))
  func messageExamplesFireAtTheirMarkersOnly(_ identifier: String) throws {
    let rule = try #require(BuiltInRules.description(of: identifier))
    for example in rule.triggeringMessageExamples {
      let expected = Self.partLocations(example)
      #expect(!expected.isEmpty, "no ↓ marker: \(example)")
      #expect(messageLocations(of: identifier, in: MarkedText(example).text) == expected, "\(example)")
      let prefixed = Self.prefixingMarkedLines(of: example, with: "Grüße 👋 ")
      #expect(
        messageLocations(of: identifier, in: MarkedText(prefixed).text) == Self.partLocations(prefixed),
        "prefixed: \(example)")
    }
    for example in rule.nonTriggeringMessageExamples {
      #expect(!example.contains("↓"), "a marker in a non-triggering example: \(example)")
      #expect(messageLocations(of: identifier, in: example).isEmpty, "\(example)")
    }
  }

  /// The harness's own arithmetic: a marker's line counts from its part's first body line.
  @Test func partLocationsCountFromThePartBody() {
    let example = "From: a@shop.example\nContent-Type: multipart/alternative; boundary=b\n\n--b\nContent-Type: text/plain\n\nSee\n\nx ↓https://x.example\n--b\nContent-Type: text/html\n\n<a href=\"↓https://y.example\">\n--b--\n"
    #expect(Self.partLocations(example) == [.init(line: 3, column: 3), .init(line: 1, column: 10)])
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

  private func messageLocations(of identifier: String, in eml: String) -> [MarkedText.Location] {
    auditMessage(eml).links.flatMap { link in
      link.findings.filter { $0.rule == identifier }.map {
        MarkedText.Location(line: $0.location.line, column: $0.location.column)
      }
    }
  }

  /// The `↓` positions of an `.eml` example as the e-mail reader reports them: the line counts
  /// from the first body line of the marker's part, which starts after the first blank line
  /// below the nearest `--boundary` line above the marker (or below the message's start).
  static func partLocations(_ example: String) -> [MarkedText.Location] {
    let marked = MarkedText(example)
    let lines = marked.text.split(separator: "\n", omittingEmptySubsequences: false)
    return marked.locations.map { location in
      let index = location.line - 1
      let boundary = lines[..<index].lastIndex { $0.hasPrefix("--") } ?? -1
      let blank = lines[(boundary + 1)..<index].firstIndex { $0.isEmpty } ?? boundary
      return MarkedText.Location(line: index - blank, column: location.column)
    }
  }

  /// `example` with `prefix` at the start of every line that holds a `↓` marker.
  static func prefixingMarkedLines(of example: String, with prefix: String) -> String {
    example.split(separator: "\n", omittingEmptySubsequences: false)
      .map { $0.contains("↓") ? prefix + $0 : String($0) }
      .joined(separator: "\n")
  }

  private func locations(of identifier: String, in html: String) -> [MarkedText.Location] {
    auditHTML(html).findings.filter { $0.rule == identifier }.map {
      MarkedText.Location(line: $0.location.line, column: $0.location.column)
    }
  }
}

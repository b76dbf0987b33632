import DarkshareKit
import DarkshareTestSupport
import Foundation
import Testing

/// The README says what the tool does; these tests keep it true.
@Suite struct ReadmeTests {
  private let readme = (try? String(contentsOf: Corpus.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)) ?? ""

  @Test func rulesTableMatchesTheRegistry() throws {
    let severities = ["| error |", "| warning |", "| info |"]
    let rows = readme.split(separator: "\n").filter { row in
      row.hasPrefix("| `") && severities.contains { row.contains($0) }
    }
    let documented = rows.compactMap { $0.split(separator: "`").dropFirst().first.map(String.init) }
    #expect(documented == RuleCatalogue.identifiers)
    for line in RuleCatalogue.list().split(separator: "\n") {
      let fields = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
      let summary = String(line.dropFirst(line.distance(from: line.startIndex, to: line.range(of: fields[1])!.upperBound))).trimmingCharacters(in: .whitespaces)
      #expect(readme.contains("| `\(fields[0])` | \(fields[1]) | \(summary) |"), "README row for \(fields[0])")
    }
  }

  @Test func quickStartIsTheTwoCommandsCIRuns() throws {
    #expect(readme.contains("swift run darkshare audit corpora/\nswift test\n"))
    let ci = try String(contentsOf: Corpus.packageRoot.appendingPathComponent(".ci/run"), encoding: .utf8)
    #expect(ci.contains("swift run darkshare audit corpora/"))
    #expect(ci.contains("swift test"))
  }
}

/// `docs/rules.md` is generated from the rule metadata; it must not drift from it.
@Suite struct RulesDocumentTests {
  @Test func docsRulesIsCurrent() throws {
    let document = try String(contentsOf: Corpus.packageRoot.appendingPathComponent("docs/rules.md"), encoding: .utf8)
    #expect(document == RuleCatalogue.markdown(), "docs/rules.md is stale: run `swift run darkshare rules --markdown > docs/rules.md`")
  }
}

/// The README documents every option `--help` lists, and completion scripts are generated.
@Suite struct UsageDocumentationTests {
  @Test(arguments: ["audit", "links", "fix"])
  func everyOptionIsInTheReadme(_ command: String) throws {
    let readme = try String(contentsOf: Corpus.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
    let help = try runDarkshare([command, "--help"]).standardOutput
    let options = Set(help.matches(of: /--[a-z][a-z-]+/).map { String($0.output) }).subtracting(["--help", "--version"])
    #expect(!options.isEmpty)
    for option in options.sorted() {
      #expect(readme.contains("`\(option)"), "README does not document \(option)")
    }
    // Each short flag is documented beside its long option, as `--help` pairs them.
    let pairs = help.matches(of: /(-[a-z]), (--[a-z][a-z-]+)/).map { (String($0.output.1), String($0.output.2)) }
    #expect(pairs.count >= (command == "fix" ? 3 : 4))
    for (short, long) in pairs where long != "--help" {
      #expect(readme.contains("`\(short)`, `\(long)"), "README does not document \(short) with \(long)")
    }
  }

  @Test func theReadmeNeedsNoSpecAndNoSharedFolder() throws {
    let readme = try String(contentsOf: Corpus.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
    #expect(!readme.contains("SPEC"), "the README cites the SPEC, which users do not have")
    #expect(!readme.contains("shared/reference"), "the README cites shared/reference, which users do not have")
    #expect(readme.contains(#"{"index","id"?,"date"?,"from"?,"subject"?}"#), "the message object is documented")
    #expect(readme.contains("`../shared`"), "the README says which tests need ../shared")
  }

  @Test func everySubcommandIsInTheUsageBlock() throws {
    let readme = try String(contentsOf: Corpus.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
    let block = try #require(readme.firstRange(of: "## Usage\n\n```\n").map { readme[$0.upperBound...] }?.split(separator: "```").first)
    let help = try runDarkshare(["--help"]).standardOutput
    let subcommands = help.split(separator: "SUBCOMMANDS:").last.map { part in
      part.split(separator: "\n").filter { $0.hasPrefix("  ") && !$0.hasPrefix("   ") }
        .compactMap { $0.split(separator: " ").first.map(String.init) }
        .filter { !$0.isEmpty && $0.allSatisfy { $0.isLetter && $0.isLowercase } }
    } ?? []
    #expect(subcommands.contains("fix"))
    for subcommand in subcommands where subcommand != "help" {
      #expect(block.contains("darkshare \(subcommand) "), "README usage block lacks \(subcommand)")
    }
  }

  @Test(arguments: ["bash", "zsh", "fish"])
  func completionScriptsAreGenerated(_ shell: String) throws {
    let run = try runDarkshare(["--generate-completion-script", shell])
    #expect(run.exitCode == 0)
    #expect(run.standardOutput.contains("darkshare"))
    #expect(run.standardOutput.contains("audit"))
  }
}

import DarkshareKit
import DarkshareTestSupport
import Foundation
import Testing

/// `--input-list FILE|-` reads the paths to audit from a file or standard input (one a line, or
/// NUL-separated with `-0`), after the paths on the command line: how a mapper feeds darkshare.
@Suite struct InputListTests {
  static let some = ["corpora/html/share-buttons.html", "corpora/eml/forwarded-newsletter.eml", "corpora/mbox/takeout-newsletters.mbox"]

  private func sortedLines(_ run: DarkshareRun) -> [String] {
    run.standardOutput.split(separator: "\n").map(String.init).sorted()
  }

  private func temporaryFile(_ bytes: Data) throws -> URL {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("darkshare-list-\(UUID().uuidString)")
    try bytes.write(to: file)
    return file
  }

  @Test func listsAreSplitByLineOrByNUL() {
    #expect(InputList(bytes: Array("a.html\nb c.eml\r\n\n\nd.mbox".utf8), nulSeparated: false).paths == ["a.html", "b c.eml", "d.mbox"])
    #expect(InputList(bytes: Array("a.html\0odd\nname.eml\0\0".utf8), nulSeparated: true).paths == ["a.html", "odd\nname.eml"])
    #expect(InputList(bytes: [], nulSeparated: false).paths.isEmpty)
  }

  @Test func aListOnStandardInputReadsWhatTheSamePathsOnTheCommandLineRead() throws {
    let named = try runDarkshare(["links", "--format", "ndjson", "--quiet"] + Self.some)
    #expect(named.exitCode == 0)
    #expect(!named.standardOutput.isEmpty)
    let listed = try runDarkshare(
      ["links", "--format", "ndjson", "--quiet", "--input-list", "-"], input: Data(Self.some.joined(separator: "\n").utf8))
    #expect(listed.exitCode == 0, "\(listed.standardError)")
    #expect(listed.standardOutput == named.standardOutput)
  }

  @Test func aNULSeparatedListFileAddsToThePathsGiven() throws {
    let list = try temporaryFile(Data((Self.some.dropFirst().joined(separator: "\0") + "\0").utf8))
    defer { try? FileManager.default.removeItem(at: list) }
    let named = try runDarkshare(["links", "--format", "ndjson", "--quiet"] + Self.some)
    let mixed = try runDarkshare(["links", "--format", "ndjson", "--quiet", Self.some[0], "--input-list", list.path, "-0"])
    #expect(mixed.exitCode == 0, "\(mixed.standardError)")
    #expect(mixed.standardOutput == named.standardOutput)
  }

  @Test func listedFoldersAreWalkedAndShardsSplitTheListedInputs() throws {
    let whole = try runDarkshare(["links", "--format", "ndjson", "--quiet", "corpora"])
    var union = [String]()
    for index in 1...3 {
      let run = try runDarkshare(
        ["links", "--format", "ndjson", "--quiet", "--shard", "\(index)/3", "--input-list", "-"], input: Data("corpora\n".utf8))
      union += sortedLines(run)
    }
    #expect(union.sorted() == sortedLines(whole))
  }

  @Test func anEmptyListReadsNothing() throws {
    let run = try runDarkshare(["links", "--format", "ndjson", "--input-list", "-"], input: Data())
    #expect(run.exitCode == 0, "\(run.standardError)")
    #expect(run.standardOutput.isEmpty)
  }

  @Test func aListedPathThatDoesNotExistIsThatInputsError() throws {
    let run = try runDarkshare(
      ["links", "--format", "ndjson", "--quiet", "--input-list", "-"], input: Data("corpora/html/share-buttons.html\nno/such.eml\n".utf8))
    #expect(run.exitCode == 2)
    #expect(run.standardOutput.contains(#""file":"no/such.eml""#))
    #expect(run.standardOutput.contains("share-buttons.html"))
  }

  @Test func aListThatCannotBeReadIsAUsageErrorNamingIt() throws {
    let run = try runDarkshare(["links", "--input-list", "no/such-list.txt"])
    #expect(run.exitCode == 2)
    #expect(run.standardError.contains("--input-list 'no/such-list.txt': no such file"))
    #expect(run.standardOutput.isEmpty)
  }

  @Test(arguments: [
    ["links", "-", "--input-list", "-"],
    ["links", "corpora", "-0"],
    ["links"],
  ])
  func contradictoryOrMissingInputsAreUsageErrors(_ arguments: [String]) throws {
    let run = try runDarkshare(arguments, input: Data())
    #expect(run.exitCode == 2)
    #expect(run.standardError.contains("Error:"), "\(run.standardError)")
  }

  @Test func standardInputCannotBeListed() throws {
    let run = try runDarkshare(["links", "--input-list", "-"], input: Data("-\n".utf8))
    #expect(run.exitCode == 2)
    #expect(run.standardError.contains("cannot be listed"))
  }
}

import DarkshareTestSupport
import Foundation
import Testing

/// The generated top-level domain table matches the Public Suffix List it came from.
@Suite struct TopLevelDomainsDataTests {
  static let list = "/usr/share/publicsuffix/public_suffix_list.dat"

  @Test(.enabled(if: FileManager.default.fileExists(atPath: list), "needs Debian's publicsuffix package"))
  func generatedFileIsUpToDate() throws {
    let run = try runTool(["python3", "Scripts/generate-tlds.py", Self.list, "--check"])
    #expect(run.status == 0, "\(run.output)")
  }
}

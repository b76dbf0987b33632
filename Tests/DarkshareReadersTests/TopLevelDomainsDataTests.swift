import DarkshareTestSupport
import Foundation
import Testing

/// The generated top-level domain table matches the Public Suffix List it came from.
@Suite struct TopLevelDomainsDataTests {
  static let list = "/usr/share/publicsuffix/public_suffix_list.dat"

  @Test(.enabled(if: FileManager.default.fileExists(atPath: list), "needs Debian's publicsuffix package"))
  func generatedFileIsUpToDate() throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "Scripts/generate-tlds.py", Self.list, "--check"]
    process.currentDirectoryURL = Corpus.packageRoot
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "\(text)")
  }
}

import DarkshareTestSupport
import Foundation
import Testing

/// The generated reference tables match the shared reference they were generated from.
@Suite struct ReferenceDataTests {
  static let reference = Corpus.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/reference")

  @Test(.enabled(if: FileManager.default.fileExists(atPath: reference.path), "needs ../shared/reference"))
  func generatedFilesAreUpToDate() throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "Scripts/generate-reference-data.py", Self.reference.path, "--check"]
    process.currentDirectoryURL = Corpus.packageRoot
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "\(text)")
  }
}

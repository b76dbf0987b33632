import DarkshareTestSupport
import Foundation
import Testing

/// The generated reference tables match the shared reference they were generated from.
@Suite struct ReferenceDataTests {
  static let reference = Corpus.sharedReference

  @Test(.enabled(if: FileManager.default.fileExists(atPath: reference.path), "needs ../shared/reference"))
  func generatedFilesAreUpToDate() throws {
    let run = try runTool(["python3", "Scripts/generate-reference-data.py", Self.reference.path, "--check"])
    #expect(run.status == 0, "\(run.output)")
  }

  /// The project's own reference (reference/wrapper-shapes.json) is checked whether or not
  /// ../shared is present: its examples against its patterns, and the generated Swift.
  @Test func generatedShapesAreUpToDate() throws {
    let run = try runTool(["python3", "Scripts/generate-reference-data.py", "--check", "--local-only"])
    #expect(run.status == 0, "\(run.output)")
  }
}

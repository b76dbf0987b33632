import Foundation
import Testing

/// Compares `actual` with the golden file `name` in `Snapshots/` beside this file, the way
/// swift-argument-parser's `assertSnapshot` does.
///
/// A missing snapshot is written and the test fails, so a person reviews it before it is
/// committed. A different one fails with both texts; run with `DARKSHARE_RECORD_SNAPSHOTS=1`
/// to re-record it (that run fails too, so recording never passes silently in CI).
func assertSnapshot(_ actual: String, named name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
  let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
  let url = directory.appendingPathComponent(name)
  let recording = ProcessInfo.processInfo.environment["DARKSHARE_RECORD_SNAPSHOTS"] == "1"
  let expected = try? String(contentsOf: url, encoding: .utf8)
  if let expected, expected == actual { return }
  if expected == nil || recording {
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    try Data(actual.utf8).write(to: url)
    Issue.record(
      "\(expected == nil ? "Recorded a new" : "Re-recorded the") snapshot \(url.path); review it, then run the tests again",
      sourceLocation: sourceLocation)
    return
  }
  Issue.record(
    """
    Snapshot \(name) differs (re-record with DARKSHARE_RECORD_SNAPSHOTS=1 and review the diff).
    --- expected
    \(expected ?? "")
    +++ actual
    \(actual)
    """, sourceLocation: sourceLocation)
}

import DarkshareCore
import DarkshareTestSupport
import Foundation
import Testing

@testable import DarkshareKit

/// The progress line: what it counts over a run, and how it reads.
@Suite struct ProgressTests {
  @Test func aRunCountsEveryByteInputAndLink() async throws {
    let paths = ["corpora/mbox", "corpora/containers", "corpora/sms-backup", "corpora/html/cross-channel-copy.html", "corpora/nowhere.html"]
    let inputs = InputResolver().resolve(paths.map { Corpus.packageRoot.appendingPathComponent($0).path })
    let meter = ProgressMeter()
    var links = 0
    await AuditSession(jobs: 2, meter: meter).run(inputs.map { AuditJob(input: $0, auditor: Auditor()) }) { links += $0.links.count }
    let sizes = inputs.map { $0.size ?? 0 }.reduce(0, +)
    let done = meter.current
    #expect(done.inputs == inputs.count && done.inputsDone == inputs.count)
    #expect(done.totalBytes == sizes && done.bytesRead == sizes)
    #expect(done.links == links && links > 0)
  }

  /// `elapsed:` is an input to the formatter (seconds as a number), not a measured time: the
  /// line is a pure function of the snapshot and that number.
  @Test func theLineShowsShareBytesInputsLinksAndTime() {
    var snapshot = ProgressMeter.Snapshot()
    snapshot.inputs = 3
    snapshot.inputsDone = 1
    snapshot.totalBytes = 1_000_000_000
    snapshot.bytesRead = 450_000_000
    snapshot.links = 512_331
    #expect(
      ProgressDisplay.line(snapshot, elapsed: 77.4)
        == "darkshare  [#########-----------]  45%  450 MB of 1.0 GB · 1 of 3 inputs · 512,331 links · 1:17")
    snapshot.totalBytes = nil
    snapshot.inputs = 1
    snapshot.links = 1
    #expect(ProgressDisplay.line(snapshot, elapsed: 3) == "darkshare  450 MB read · 1 of 1 input · 1 link · 0:03")
  }

  @Test func noProgressWhereStandardErrorIsNoTerminal() throws {
    // The test runner's standard error is a file here, as in CI: no line is drawn.
    let run = try runDarkshare(["links", "corpora/mbox"])
    #expect(!run.standardError.contains("darkshare  ["))
    #expect(ProgressDisplay.wanted(quiet: true) == false)
  }
}

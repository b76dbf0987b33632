import DarkshareTestSupport
import Foundation
import Testing

/// How much memory a run takes for a large input, measured as the process's peak resident set
/// (`getrusage`): a measure of work that a busy machine does not change, unlike the time it takes.
@Suite struct LargeInputMemoryTests {
  /// A WhatsApp export is read whole (it is not a streamed format): the memory it takes is in
  /// proportion to its size (about 1.5 times it today), and every link of its 600,000 lines is
  /// reported with its sender.
  @Test func aWhatsAppExportTakesMemoryInProportionToItsSize() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("darkshare-memory-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    func export(_ blocks: Int) throws -> (URL, WhatsAppExportSample) {
      let sample = WhatsAppExportSample(blocks: blocks)
      let file = folder.appendingPathComponent("chat-\(blocks).txt")
      try Data(sample.bytes).write(to: file)
      return (file, sample)
    }
    let (small, _) = try export(1)
    let (large, sample) = try export(200)
    let arguments = ["links", "--format", "ndjson", "--jobs", "1", "-"]
    let baseline = try runDarkshareMeasuringMemory(arguments, inputFile: small)
    let run = try runDarkshareMeasuringMemory(arguments, inputFile: large)
    #expect(run.exitCode == 0)
    let links = run.standardOutput.split(separator: "\n").compactMap {
      try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
    }
    #expect(links.compactMap { $0["line"] as? Int } == sample.linkLines)
    #expect(links.allSatisfy { ($0["message"] as? [String: Any])?["from"] as? String == "Ann" })
    let growth = run.peakResidentBytes - baseline.peakResidentBytes
    #expect(baseline.peakResidentBytes > 0)
    #expect(growth < 3 * sample.bytes.count, "peak \(run.peakResidentBytes) bytes for \(sample.bytes.count) bytes of export")
  }
}

@testable import DarkshareKit
import DarkshareTestSupport
import Foundation
import Testing

/// The Spark job of `integrations/spark/` in local mode (`local[2]`): darkshare as the
/// `RDD.pipe` mapper gives the same totals, finding for finding, as one `darkshare audit` over
/// the same inputs. Needs `pyspark` (PyPI) and a Java runtime; `.ci/run` installs both, and the
/// test is skipped, saying so, only where they are not installed.
@Suite(.serialized) struct SparkJobTests {
  /// Runs `arguments` with standard output and error going to files; returns the exit status
  /// and both texts.
  static func run(_ arguments: [String], in directory: URL = Corpus.packageRoot) throws -> (status: Int32, output: String, error: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    process.currentDirectoryURL = directory
    let base = FileManager.default.temporaryDirectory.appendingPathComponent("darkshare-spark-\(UUID().uuidString)")
    let out = base.appendingPathExtension("out")
    let err = base.appendingPathExtension("err")
    _ = FileManager.default.createFile(atPath: out.path, contents: nil)
    _ = FileManager.default.createFile(atPath: err.path, contents: nil)
    defer {
      try? FileManager.default.removeItem(at: out)
      try? FileManager.default.removeItem(at: err)
    }
    process.standardOutput = try FileHandle(forWritingTo: out)
    process.standardError = try FileHandle(forWritingTo: err)
    process.standardInput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return (
      process.terminationStatus, (try? String(contentsOf: out, encoding: .utf8)) ?? "",
      (try? String(contentsOf: err, encoding: .utf8)) ?? ""
    )
  }

  /// Whether `python3` can import pyspark and a Java runtime answers.
  static let sparkIsInstalled: Bool = {
    guard let python = try? run(["python3", "-c", "import pyspark"]), python.status == 0 else { return false }
    guard let java = try? run(["java", "-version"]), java.status == 0 else { return false }
    return true
  }()

  static let generator = Corpus.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/bench/gen_corpus.py")

  @Test(
    .enabled(
      if: sparkIsInstalled,
      "pyspark or a Java runtime is not installed: `.ci/run` installs them (pip install pyspark; apt-get install default-jre-headless)"
    ))
  func sparkTotalsEqualOneAuditOverTheSameInputs() throws {
    let work = FileManager.default.temporaryDirectory.appendingPathComponent("darkshare-spark-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: work) }
    // Small on purpose: CI's machine is busy. The bundled corpora cover every format; the
    // benchmark generator (when ../shared is there) adds an mbox, an SMS backup and a chat.
    var paths = ["corpora"]
    if FileManager.default.fileExists(atPath: Self.generator.path) {
      let generated = work.appendingPathComponent("generated")
      let made = try Self.run([
        "python3", Self.generator.path, generated.path, "--newsletters", "4", "--messages", "20", "--sms", "60",
        "--wa-lines", "120", "--jobs", "1",
      ])
      try #require(made.status == 0, "\(made.error)")
      paths.append(generated.path)
    }
    let binary = try darkshareBinary()
    let totalsFile = work.appendingPathComponent("totals.json")
    let listFile = work.appendingPathComponent("inputs.txt")
    let reportDirectory = work.appendingPathComponent("rates")
    let job = try Self.run(
      [
        "python3", "integrations/spark/darkshare_job.py", "--master", "local[2]", "--partitions", "3", "--darkshare", binary.path,
        "--totals", totalsFile.path, "--write-input-list", listFile.path, "--report-dir", reportDirectory.path, "--show", "0",
      ] + paths)
    try #require(job.status == 0, "the Spark job failed:\n\(job.error.suffix(4000))")
    let totals = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: totalsFile)) as? [String: Any])

    let single = try runDarkshare(["audit", "--format", "json", "--quiet", "--fail-on", "never", "--input-list", listFile.path])
    let audit = try #require(try JSONSerialization.jsonObject(with: Data(single.standardOutput.utf8)) as? [String: Any])
    let summary = try #require(audit["summary"] as? [String: Any])

    #expect(totals["files"] as? Int == summary["files"] as? Int)
    #expect((totals["links"] as? Int ?? 0) > 100)
    #expect(totals["links"] as? Int == summary["links"] as? Int)
    let byStatus = (summary["byStatus"] as? [String: Int] ?? [:]).filter { $0.value > 0 }
    #expect(totals["byStatus"] as? [String: Int] == byStatus)

    // Finding for finding: the rules on Spark's links are the audit's findings.
    func key(_ object: [String: Any]) -> String {
      ["rule", "file", "line", "column", "url"].map { "\(object[$0] ?? "")" }.joined(separator: " ")
    }
    let sparkFindings = (totals["findings"] as? [[String: Any]] ?? []).map(key).sorted()
    let auditFindings = (audit["findings"] as? [[String: Any]] ?? []).map(key).sorted()
    #expect(!auditFindings.isEmpty)
    #expect(sparkFindings == auditFindings)
    let errorKey = { (object: [String: Any]) in "\(object["file"] ?? "") \(object["error"] ?? "")" }
    #expect((totals["errors"] as? [[String: Any]] ?? []).map(errorKey).sorted() == (audit["errors"] as? [[String: Any]] ?? []).map(errorKey).sorted())

    // The rate tables add up to the links, and say something.
    for dimension in ["month", "sender", "campaign", "channel", "destination_host"] {
      let file = reportDirectory.appendingPathComponent("by_\(dimension).json")
      let rows = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [[String: Any]])
      #expect(rows.reduce(0) { $0 + ($1["links"] as? Int ?? 0) } == totals["links"] as? Int, "\(dimension)")
      #expect(rows.reduce(0) { $0 + ($1["dark"] as? Int ?? 0) } == byStatus["dark"], "\(dimension)")
    }
    let channels = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: reportDirectory.appendingPathComponent("by_channel.json"))) as? [[String: Any]])
    #expect(Set(channels.compactMap { $0["channel"] as? String }).isSuperset(of: ["email", "sms", "chat"]))

    // The same numbers as the HTML report: its model, by SQL over an audit database of the same
    // inputs, against Spark's tables by channel and by month.
    let database = work.appendingPathComponent("audit.db")
    let written = try runDarkshare(["links", "--format", "sqlite", "--output", database.path, "--quiet", "--input-list", listFile.path])
    // Exit 2 like the audit above: corpora/ holds inputs that cannot be read, on purpose.
    #expect(written.exitCode == single.exitCode, "\(written.standardError)")
    let model = try InsightsQueries(path: database.path).model()
    func sparkRows(_ dimension: String) throws -> [String: [String: Any]] {
      let file = reportDirectory.appendingPathComponent("by_\(dimension).json")
      let rows = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [[String: Any]])
      return Dictionary(uniqueKeysWithValues: rows.map { (($0[dimension] as? String) ?? "(no date)", $0) })
    }
    for (dimension, groups) in [("channel", model.byChannel), ("month", model.byMonth)] {
      let spark = try sparkRows(dimension)
      #expect(spark.count == groups.count, "\(dimension)")
      for group in groups {
        let row = spark[group.key]
        #expect(row?["links"] as? Int == group.counts.links, "\(dimension) \(group.key)")
        #expect(row?["dark"] as? Int == group.counts.dark, "\(dimension) \(group.key)")
        #expect(row?["at_risk"] as? Int == group.counts.atRisk, "\(dimension) \(group.key)")
        let rate = (row?["dark_rate"] as? Double) ?? -1
        #expect(abs(rate - (group.counts.darkShareRate ?? -1)) < 0.0001, "\(dimension) \(group.key)")
      }
    }
  }
}

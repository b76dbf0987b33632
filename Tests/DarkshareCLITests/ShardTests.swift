import DarkshareKit
import DarkshareTestSupport
import Foundation
import Testing

/// `--shard I/N` splits the inputs, after folder walks, by a stable hash of their path: every
/// input lands in exactly one shard, the shards together report what one run reports, and
/// adding a file moves that file only.
@Suite struct ShardTests {
  /// The NDJSON lines of a `links` run over `corpora/` (links and error records), sorted.
  private func sortedLines(_ run: DarkshareRun) -> [String] {
    run.standardOutput.split(separator: "\n").map(String.init).sorted()
  }

  /// The `file` of every NDJSON record of a run.
  private func files(_ run: DarkshareRun) -> Set<String> {
    Set(
      run.standardOutput.split(separator: "\n").compactMap { line in
        (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["file"] as? String
      })
  }

  @Test func theHashIsSixtyFourBitFNV1a() {
    // Published FNV-1a 64 test vectors: the split must not change between versions or machines.
    #expect(Shard.hash("") == 0xcbf2_9ce4_8422_2325)
    #expect(Shard.hash("a") == 0xaf63_dc4c_8601_ec8c)
    #expect(Shard.hash("foobar") == 0x8594_4171_f739_67e8)
  }

  @Test(arguments: ["1/1", "1/4", "4/4", "3/8", "12/100"])
  func validShardsParse(_ text: String) throws {
    let shard = try Shard(parsing: text)
    #expect(shard.description == text)
  }

  @Test(arguments: ["0/4", "5/4", "1/0", "0/0", "-1/4", "1/-4", "a/4", "1/b", "1", "1/2/3", "/4", "1/", "", " 1/4", "+1/4", "１/4"])
  func malformedShardsAreUsageErrors(_ text: String) throws {
    #expect(throws: UsageError.self) { try Shard(parsing: text) }
    let run = try runDarkshare(["links", "--shard", text, "corpora/html/share-buttons.html"])
    #expect(run.exitCode == 2, "\(run.standardError)")
    #expect(run.standardError.contains("--shard"), "\(run.standardError)")
    #expect(run.standardOutput.isEmpty)
  }

  @Test func everyWalkedInputIsInExactlyOneShard() {
    let inputs = InputResolver().resolve([Corpus.directory.path])
    #expect(inputs.count > 20)
    for count in 1...8 {
      let shards = (1...count).map { Shard(index: $0, count: count) }
      for input in inputs {
        #expect(shards.filter { $0.contains(input) }.count == 1, "\(input.displayName) in \(count) shards")
      }
      if count > 1 {
        // Not everything in one shard: the hash spreads the corpus.
        #expect(shards.filter { shard in inputs.contains(where: shard.contains) }.count > 1)
      }
    }
  }

  @Test(arguments: 1...8)
  func theShardsTogetherReportWhatOneRunReports(_ count: Int) throws {
    let whole = try runDarkshare(["links", "--format", "ndjson", "--quiet", "corpora"])
    #expect(!whole.standardOutput.isEmpty)
    var union = [String]()
    var seenFiles = [Set<String>]()
    for index in 1...count {
      let run = try runDarkshare(["links", "--format", "ndjson", "--quiet", "--shard", "\(index)/\(count)", "corpora"])
      #expect(run.exitCode == whole.exitCode || run.exitCode == 0, "\(run.standardError)")
      union += sortedLines(run)
      seenFiles.append(files(run))
    }
    #expect(union.sorted() == sortedLines(whole))
    // No file is reported by two shards.
    for (first, second) in seenFiles.indices.flatMap({ a in seenFiles.indices.filter { $0 > a }.map { (a, $0) } }) {
      #expect(seenFiles[first].isDisjoint(with: seenFiles[second]))
    }
    if count > 1 { #expect(seenFiles.filter { !$0.isEmpty }.count > 1) }
  }

  @Test func theAuditTotalsOfTheShardsAddUpToOneRun() throws {
    func summary(_ arguments: [String]) throws -> [String: Any] {
      let run = try runDarkshare(["audit", "--format", "json", "--quiet"] + arguments + ["corpora"])
      let object = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
      return try #require(object["summary"] as? [String: Any])
    }
    let whole = try summary([])
    var totals = [String: Int]()
    for index in 1...3 {
      let part = try summary(["--shard", "\(index)/3"])
      for key in ["files", "messages", "links"] { totals[key, default: 0] += part[key] as? Int ?? 0 }
      for (status, count) in part["byStatus"] as? [String: Int] ?? [:] { totals["status." + status, default: 0] += count }
    }
    for key in ["files", "messages", "links"] { #expect(totals[key] == whole[key] as? Int, "\(key)") }
    for (status, count) in whole["byStatus"] as? [String: Int] ?? [:] { #expect(totals["status." + status, default: 0] == count, "\(status)") }
  }

  @Test func addingAFileMovesOnlyThatFile() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("darkshare-shard-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    func write(_ number: Int) throws {
      try Data("<a href=\"https://shop.example/p/\(number)\">item \(number)</a>".utf8)
        .write(to: folder.appendingPathComponent("letter-\(number).html"))
    }
    /// Which shard of 4 each file was read by.
    func placement() throws -> [String: Int] {
      var shardOf = [String: Int]()
      for index in 1...4 {
        let run = try runDarkshare(["links", "--format", "ndjson", "--quiet", "--shard", "\(index)/4", "."], in: folder)
        for file in files(run) {
          #expect(shardOf[file] == nil, "\(file) in two shards")
          shardOf[file] = index
        }
      }
      return shardOf
    }
    for number in 1...24 { try write(number) }
    let before = try placement()
    #expect(before.count == 24)
    try write(25)
    let after = try placement()
    #expect(after.count == 25)
    #expect(after.filter { $0.key != "./letter-25.html" } == before)
    #expect(after["./letter-25.html"] != nil)
  }

  @Test func theSplitFollowsThePathAsReported() throws {
    // The documented rule, checked from outside: shard = FNV-1a(path) mod N, 1-based.
    let run = try runDarkshare(["links", "--format", "ndjson", "--quiet", "--shard", "2/5", "corpora"])
    let reported = files(run)
    #expect(!reported.isEmpty)
    for file in reported {
      let path = file.components(separatedBy: "!/").first ?? file  // a member of an archive
      #expect(Shard.hash(path) % 5 == 1, "\(file)")
    }
  }
}

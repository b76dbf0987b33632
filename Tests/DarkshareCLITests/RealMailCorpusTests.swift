import DarkshareKit
import Foundation
import Testing

/// Scores darkshare on real sent mail labelled by hand before darkshare saw it (`Tests/RealMail`).
///
/// The test prints every mismatch (file, URL, expected, actual, rules), the mismatch classes with
/// examples, a score per message and the overall score, then asserts the corpus goals of issue 11:
/// at least 40 messages from at least 8 ESPs or gateways, and at least 97 % of the labels right.
/// Run it alone with `swift test --filter RealMailCorpusTests`.
@Suite struct RealMailCorpusTests {
  static let minimumMessages = 40
  static let minimumPlatforms = 8
  /// Issue 11's goal, which the judgement reached on 2026-12-06 (0.975): a change that loses
  /// ground below it fails. Never lower it to let a change pass.
  static let minimumScore = 0.97

  @Test func darkshareMatchesTheHandWrittenLabels() throws {
    let messages = RealMail.labelledMessages
    var scores = [RealMailScore]()
    for message in messages {
      let bytes = try Array(Data(contentsOf: RealMail.directory.appendingPathComponent(message)))
      let result = Auditor().audit(bytes: bytes, file: message)
      #expect(result.error == nil, "\(message): \(result.error ?? "")")
      let links = result.links.map {
        RealMailScore.Link(url: $0.link.url, status: $0.status.rawValue, rules: $0.findings.map(\.rule))
      }
      scores.append(RealMailScore(file: message, labels: try RealMail.labels(for: message), links: links))
    }
    let right = scores.map(\.right).reduce(0, +)
    let denominator = scores.map(\.denominator).reduce(0, +)
    let overall = denominator == 0 ? 0 : Double(right) / Double(denominator)
    print(RealMailReport(scores: scores).text)
    print("real mail: \(right) of \(denominator) right (score \(String(format: "%.3f", overall)))")

    #expect(messages.count >= Self.minimumMessages, "\(messages.count) labelled messages, want \(Self.minimumMessages)")
    let platforms = try Self.platforms(of: messages)
    #expect(
      platforms.count >= Self.minimumPlatforms,
      "\(platforms.count) ESPs or gateways (\(platforms.sorted().joined(separator: ", "))), want \(Self.minimumPlatforms)")
    #expect(overall >= Self.minimumScore, "score \(String(format: "%.3f", overall)), want \(Self.minimumScore)")
  }

  @Test func everyMessageHasProvenanceAndEveryLabelFileAMessage() throws {
    let rows = try RealMail.provenance().map(\.file)
    let names = try FileManager.default.contentsOfDirectory(atPath: RealMail.directory.path)
    #expect(Set(rows) == Set(names.filter { $0.hasSuffix(".eml") }), "README provenance table and .eml files differ")
    #expect(rows.count == Set(rows).count, "a message has two provenance rows")
    let orphans = names.filter { $0.hasSuffix(".labels") && !names.contains(String($0.dropLast(".labels".count))) }
    #expect(orphans.isEmpty, "labels without a message: \(orphans)")
    for message in RealMail.labelledMessages { _ = try RealMail.labels(for: message) }
  }

  /// The distinct ESPs and gateways that sent (or rewrote) the labelled messages.
  static func platforms(of messages: [String]) throws -> Set<String> {
    let labelled = Set(messages)
    return Set(
      try RealMail.provenance()
        .filter { labelled.contains($0.file) && ["ESP", "gateway"].contains($0.kind) }
        .map(\.platform))
  }
}

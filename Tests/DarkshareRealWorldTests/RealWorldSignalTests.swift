import DarkshareCore
import DarkshareKit
import DarkshareReaders
import DarkshareTestSupport
import Foundation
import Testing

/// chat-miner's Signal sample (`im-chat-miner/signal/test_export.txt`, an older sigexport layout:
/// `[2019-12-24, 12:23] Jane Doe: Hello` with a continuation line) read as a Signal export, its
/// senders and dates checked against chat-miner's own expected parse (`target.json`). Skipped
/// when the folder is absent.
@Suite(.enabled(if: RealWorld.isAvailable)) struct RealWorldSignalTests {
  private static let sample = "im-chat-miner/signal/test_export.txt"

  private struct Target: Decodable {
    var timestamp: String
    var author: String
  }

  @Test func readsWithoutErrorAndNamesNoLinkTheSampleDoesNotHold() throws {
    let bytes = try Array(Data(contentsOf: RealWorld.directory.appendingPathComponent(Self.sample)))
    #expect(try SignalExportReader().links(in: bytes, file: Self.sample).isEmpty)
    // As `--input-format signal` reads it, through the auditor.
    let audit = Auditor().parts(of: .bytes(bytes, name: Self.sample), format: SignalExportReader.self)
    while let part = audit.nextPart() { #expect(part.error == nil, "\(part.error ?? "")") }
    // Named `chat.md`, the file is claimed by content and name.
    #expect(BuiltInReaders.reader(forPath: "Jane Doe/chat.md", head: bytes.prefix(4096))?.format == "signal")
  }

  /// Each header line of the sample, with a URL put after its text, gives one link whose sender
  /// and date are the ones chat-miner's `target.json` lists for that message.
  @Test func sendersAndDatesMatchChatMinersParse() throws {
    let text = try String(contentsOf: RealWorld.directory.appendingPathComponent(Self.sample), encoding: .utf8)
    let marked = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
      line.hasPrefix("[") ? line + " https://shop.example/x" : line
    }.joined(separator: "\n")
    let links = try SignalExportReader().links(in: Array(marked.utf8), file: "chat.md")
    let targetData = try Data(contentsOf: RealWorld.directory.appendingPathComponent("im-chat-miner/signal/target.json"))
    // chat-miner lists the newest message first.
    let targets = try JSONDecoder().decode([Target].self, from: targetData).reversed()
    #expect(links.map(\.message?.from) == targets.map(\.author))
    // `2019-12-24, 12:23` as chat-miner reads it: `2019-12-24T12:23:00`.
    let dates = links.map { ($0.message?.date ?? "").replacingOccurrences(of: ", ", with: "T") + ":00" }
    #expect(dates == targets.map(\.timestamp))
    #expect(links.map(\.message?.index) == [0, 1])
  }
}

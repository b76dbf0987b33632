import DarkshareCore
import DarkshareTestSupport
import Foundation
import Testing

@testable import DarkshareReaders

/// The Telegram reader as a stream over JSON read in chunks: both layouts, the same links and
/// positions wherever chunks end, batches of whole messages, and files that break off.
@Suite struct TelegramStreamingTests {
  private static func message(_ index: Int) -> String {
    #"{"id": \#(index), "type": "message", "date": "2024-01-01T10:00:00", "date_unixtime": "1704103200", "from": "Zo\u00eb", "text": ["x\u00e9 \"q\" ", {"type": "link", "text": "https://t.example/\#(index)"}, {"type": "text_link", "text": "go", "href": " https://u.example/\#(index)"}], "text_entities": [{"type": "link", "text": "https://t.example/\#(index)"}]}"#
  }

  private static func singleChat(_ count: Int) -> [UInt8] {
    Array((#"{"name": "C", "type": "personal_chat", "id": 1, "messages": [\#r\#n"# + (0..<count).map(message).joined(separator: ",\r\n") + "\n]}\n").utf8)
  }

  private static let fullExport = Array(#"""
    {"about": "x", "personal_information": {"first_name": "Ann"},
     "chats": {"about": "c", "list": [
      {"name": "A", "messages": [\#(message(0)), {"id": 1, "type": "service", "action": "phone_call"}, 7]},
      "not a chat",
      {"name": "B", "messages": "none"},
      {"name": "D", "messages": [\#(message(2))]}]},
     "left_chats": {"list": [{"name": "L", "messages": [\#(message(3))]}]},
     "other_data": {"list": [{"messages": [\#(message(9))]}]}}
    """#.utf8)

  /// The line and column (1-based, in scalars) of the first `needle` on each line holding one.
  private static func positions(of needle: String, in bytes: [UInt8]) -> [[Int]] {
    let text = String(decoding: bytes, as: UTF8.self)
    return text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated().compactMap { number, line in
      line.range(of: needle).map {
        [number + 1, line.unicodeScalars.distance(from: line.unicodeScalars.startIndex, to: $0.lowerBound) + 1]
      }
    }
  }

  @Test(arguments: [1, 2, 5, 64])
  func chunkBoundariesChangeNothing(chunkSize: Int) throws {
    let bytes = Self.singleChat(300)
    let whole = try TelegramExportReader().read(bytes, file: "result.json")
    let trickled = drain(try TelegramExportReader().messages(from: TrickleByteSource(bytes, maximum: chunkSize), file: "result.json"))
    #expect(whole.problem == nil)
    #expect(trickled.flatMap(\.links) == whole.links)
    #expect(trickled.count == 2)
    #expect(trickled.reduce(0) { $0 + $1.messages } == 300)
  }

  @Test func linksArePlacedWhereTheyAreWrittenWithTheirMessage() throws {
    let bytes = Self.singleChat(3)
    let links = try TelegramExportReader().links(in: bytes, file: "result.json")
    #expect(links.map(\.url) == (0..<3).flatMap { ["https://t.example/\($0)", "https://u.example/\($0)"] })
    #expect(links.map { [$0.location.line, $0.location.column] }
      == zip(Self.positions(of: "\"https://t.example/", in: bytes), Self.positions(of: "\" https://u.example/", in: bytes))
        .flatMap { [[$0[0], $0[1] + 1], [$1[0], $1[1] + 2]] })
    #expect(links.map(\.text) == [nil, "go", nil, "go", nil, "go"])
    #expect(links.first?.message == MessageContext(index: 0, id: "0", date: "2024-01-01T10:00:00+00:00", from: "Zoë"))
  }

  /// The same URL in several messages is placed in each (the old search found an earlier copy
  /// in `text_entities`).
  @Test func aRepeatedURLIsPlacedInItsOwnMessage() throws {
    let bytes = Array(
      (#"{"messages": ["# + (0..<3).map { _ in #"{"text": [{"type": "link", "text": "https://same.example/"}], "text_entities": [{"type": "link", "text": "https://same.example/"}]}"# }.joined(separator: ",\n") + "]}").utf8)
    let links = try TelegramExportReader().links(in: bytes, file: "result.json")
    #expect(links.map(\.location.line) == [1, 2, 3])
    #expect(links.map(\.location.column) == [51, 37, 37])
  }

  @Test(arguments: [1, 3, 4096])
  func theFullExportLayoutIsReadChatByChat(chunkSize: Int) throws {
    let batches = drain(try TelegramExportReader().messages(from: TrickleByteSource(Self.fullExport, maximum: chunkSize), file: "result.json"))
    let links = batches.flatMap(\.links)
    #expect(batches.allSatisfy { $0.problem == nil })
    #expect(links.map(\.url) == ["https://t.example/0", "https://u.example/0", "https://t.example/2", "https://u.example/2", "https://t.example/3", "https://u.example/3"])
    #expect(links.compactMap(\.message?.index) == [0, 0, 2, 2, 3, 3])
    #expect(batches.reduce(0) { $0 + $1.messages } == 4)
  }

  @Test func hexEscapesAreReadAndCountedAsWritten() throws {
    let json = #"{"messages": [{"from": "Z\x01", "text": ["a\x02b ", {"type": "link", "text": "https://h.example/\x41"}]}]}"#
    let links = try TelegramExportReader().links(in: Array(json.utf8), file: "result.json")
    #expect(links.map(\.url) == ["https://h.example/A"])
    #expect(links.first?.message?.from == "Z\u{01}")
    #expect(links.first?.location.column == 79)
  }

  @Test func anExportCutShortKeepsTheMessagesBeforeTheBreak() throws {
    var bytes = Self.singleChat(600)
    bytes.removeLast(100)  // into the last message
    let batches = drain(try TelegramExportReader().messages(from: TrickleByteSource(bytes, maximum: 4096), file: "result.json"))
    let links = batches.flatMap(\.links)
    #expect(links.count == 2 * 599)
    let problem = try #require(batches.last?.problem?.message)
    #expect(problem.hasPrefix("the Telegram export is not valid JSON: line 601, column "), "\(problem)")
    #expect(problem.hasSuffix("; the 599 messages before it were read"))
  }

  @Test func whatIsNoExportIsSaidSo() throws {
    let cases: [(String, String)] = [
      (#"{"name": "x", "messages": "see locales/"}"#, "not a Telegram export: no 'messages' list or 'chats.list'"),
      (#"[{"messages": []}]"#, "not a Telegram export: the JSON is not an object"),
      (#"{"messages": [{"text": "#, "not a valid Telegram export: the JSON cannot be parsed (line 1, column 24: the JSON ends too early)"),
      ("", "not a valid Telegram export: the JSON cannot be parsed (line 1, column 1: the JSON ends too early)"),
    ]
    for (json, message) in cases {
      #expect(throws: ReaderError(message)) { try TelegramExportReader().links(in: Array(json.utf8), file: "result.json") }
    }
    #expect(try TelegramExportReader().links(in: Array(#"{"chats": {"list": []}}"#.utf8), file: "result.json").isEmpty)
  }

  @Test func deepNestingIsRefused() throws {
    let json = #"{"messages": [{"text": "# + String(repeating: "[", count: 600) + String(repeating: "]", count: 600) + "}]}"
    #expect {
      try TelegramExportReader().links(in: Array(json.utf8), file: "result.json")
    } throws: { error in
      (error as? ReaderError)?.message.contains("nested deeper than \(PositionedJSON.maximumDepth) levels") == true
    }
  }

  /// A parser over a source holds a window: after many elements it is far smaller than the document.
  @Test func theParserDropsWhatItHasRead() throws {
    let bytes = Self.singleChat(5000)
    var parser = PositionedJSONParser(source: MemoryByteSource(bytes), chunkSize: 4096)
    #expect(try parser.openArray(named: "messages") == .found)
    var largest = 0
    var count = 0
    while try parser.nextElement() != nil {
      count += 1
      largest = max(largest, parser.bytes.count)
    }
    try parser.finishDocument()
    #expect(count == 5000)
    #expect(largest < 3 * 4096, "\(largest) bytes held of \(bytes.count)")
  }
}

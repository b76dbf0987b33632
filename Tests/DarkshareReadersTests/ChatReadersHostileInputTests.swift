import DarkshareCore
import DarkshareTestSupport
import Foundation
import Testing

@testable import DarkshareReaders

/// Chat, log and text readers on hostile input: huge, truncated, unclosed, binary.
@Suite struct ChatReadersHostileInputTests {
  @Test func headersOfBothLayoutsAndClocks() {
    let cases: [(String, String, String?)] = [
      ("12/31/24, 9:41 PM - Ann: hi", "12/31/24, 9:41 PM", "Ann"),
      ("31.12.24, 21:41 - Ann: hi", "31.12.24, 21:41", "Ann"),
      ("[31/12/2024, 21:41:05] Ann: hi", "31/12/2024, 21:41:05", "Ann"),
      ("\u{200E}[1/1/25, 9:05:31\u{202F}AM] +1 555 0100: \u{200E}image omitted", "1/1/25, 9:05:31\u{202F}AM", "+1 555 0100"),
      ("01/30/2019, 08:49 p. m. - Jahn Doe: x", "01/30/2019, 08:49 p. m.", "Jahn Doe"),
      ("06.08.2016, 13:18 - Messages you send to this group are now secured", "06.08.2016, 13:18", nil),
    ]
    for (line, date, from) in cases {
      let header = WhatsAppExportReader.header(in: Array(line.unicodeScalars))
      #expect(header?.date == date, "\(line)")
      #expect(header?.from == from, "\(line)")
    }
    #expect(WhatsAppExportReader.header(in: Array("consectetur adipiscing 12:30".unicodeScalars)) == nil)
  }

  /// A large export is read in full, whatever its size: twice the lines give exactly twice the
  /// links, each at its line and in its message, so every line was looked at once. (Work is
  /// counted, not timed: how fast it goes belongs to BENCHMARKS.md, and the process's memory on
  /// a larger export is checked by `LargeInputMemoryTests`.)
  @Test(arguments: [20, 40])
  func aLargeWhatsAppExportIsReadInFull(blocks: Int) throws {
    let export = WhatsAppExportSample(blocks: blocks)
    let links = try WhatsAppExportReader().links(in: export.bytes, file: "big.txt")
    #expect(links.count == 3 * blocks)
    #expect(links.map(\.location.line) == export.linkLines)
    #expect(links.compactMap(\.message?.index) == export.linkMessages)
    #expect(links.allSatisfy { $0.message?.from == "Ann" })
  }

  @Test func aTruncatedTelegramExportIsAClearError() {
    let json = #"{"name": "Chat", "type": "personal_chat", "id": 1, "messages": [{"id": 1, "type": "message", "text": ["a", {"type": "link", "text": "https://x.exa"#
    #expect(TelegramExportReader.accepts(path: "result.json", head: Array(json.utf8)[...]))
    #expect {
      try TelegramExportReader().links(in: Array(json.utf8), file: "result.json")
    } throws: { error in
      (error as? ReaderError)?.message.hasPrefix("not a valid Telegram export: the JSON cannot be parsed") == true
    }
  }

  @Test func telegramHexEscapesAndBatchLayout() throws {
    let json = #"{"chats": {"list": [{"name": "A", "messages": [{"id": 7, "from": "Z\x01", "date": "2025-01-01T00:00:00", "text": [{"type": "text_link", "text": "go", "href": "https://a.example/"}]}]}]}}"#
    let links = try TelegramExportReader().links(in: Array(json.utf8), file: "result.json")
    #expect(links.map(\.url) == ["https://a.example/"])
    #expect(links.first?.text == "go")
    #expect(links.first?.message?.id == "7")
    #expect(links.first?.location.column == json.unicodeScalars.distance(
      from: json.unicodeScalars.startIndex, to: json.range(of: "https://a.example/")!.lowerBound.samePosition(in: json.unicodeScalars)!) + 1)
  }

  @Test func aCSVWithAnUnclosedQuoteIsAClearError() {
    let csv = "From,Body\n+1,\"fine https://a.example/x\"\n+2,\"never closed https://b.example/y\n"
    #expect {
      try CSVMessageLogReader().links(in: Array(csv.utf8), file: "log.csv")
    } throws: { error in
      (error as? ReaderError)?.message == "malformed CSV: the quoted field that starts on line 3 is never closed"
    }
  }

  @Test func csvWithoutABodyColumnIsAClearError() {
    #expect {
      try CSVMessageLogReader().links(in: Array("a,b\n1,2\n".utf8), file: "log.csv")
    } throws: { error in
      (error as? ReaderError)?.message.contains("no body column") == true
    }
  }

  @Test func csvChannelColumnAndPositions() throws {
    let csv = "type,from,message\nemail,a@b,\"say \"\"hi\"\"\nhttps://a.example/x\"\n"
    let links = try CSVMessageLogReader().links(in: Array(csv.utf8), file: "log.csv")
    #expect(links.map(\.channel) == [.email])
    #expect(links.map(\.location.line) == [3])
    #expect(links.map(\.location.column) == [1])
    #expect(links.first?.message?.from == "a@b")
  }

  @Test func binaryGarbageNamedTxtIsAnError() {
    var generator = SystemRandomNumberGenerator()
    var bytes = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }
    bytes[0] = 0x7F
    let reader = BuiltInReaders.reader(forPath: "garbage.txt", head: bytes.prefix(4096))
    #expect(reader == nil || reader.map { String(describing: $0) } == "PlainTextReader")
    #expect(throws: ReaderError.self) { try PlainTextReader().links(in: bytes, file: "garbage.txt") }
    #expect(throws: ReaderError.self) { try WhatsAppExportReader().links(in: [0x00, 0x01] + bytes, file: "garbage.txt") }
  }
}

/// A source that hands out its bytes a few at a time, so chunk boundaries fall everywhere:
/// inside UTF-8 sequences, between a CR and its LF, inside a header or a URL.
private final class TrickleByteSource: ByteSource {
  private let bytes: [UInt8]
  private var offset = 0
  private var step = 0

  init(_ bytes: [UInt8]) { self.bytes = bytes }

  func read(upTo count: Int) throws(ReaderError) -> [UInt8] {
    step += 1
    let end = min(bytes.count, offset + min(max(1, count), 1 + step % 7))
    defer { offset = end }
    return Array(bytes[offset..<end])
  }
}

@Suite struct WhatsAppStreamingTests {
  private static let export = Array(
    ("\u{FEFF}12/31/24, 9:41 PM - Zoë 😀: voir https://café.example/é?utm_source=whatsapp\r\n"
      + "and https://b.example/x\r"
      + "[31/12/2024, 21:41:05] Ann: \u{200E}https://c.example/ü\n"
      + "06.08.2016, 13:18 - a system line with https://d.example/\n").utf8)

  private func drain(_ stream: any MessageStream) -> (links: [Link], messages: Int, batches: Int) {
    var links = [Link]()
    var messages = 0
    var batches = 0
    while let batch = stream.next() {
      links += batch.links
      messages += batch.messages
      batches += 1
    }
    return (links, messages, batches)
  }

  /// Bytes handed out a few at a time give the same links, positions and senders as read at once.
  @Test func chunkBoundariesInsideCharactersAndLineBreaksChangeNothing() throws {
    let whole = try WhatsAppExportReader().links(in: Self.export, file: "chat.txt")
    #expect(whole.count == 4)
    #expect(whole.map(\.location.line) == [1, 2, 3, 4])
    #expect(whole.first?.message?.from == "Zoë 😀")
    let trickled = drain(try WhatsAppExportReader().messages(from: TrickleByteSource(Self.export), file: "chat.txt"))
    #expect(trickled.links.map(\.url) == whole.map(\.url))
    #expect(trickled.links.map(\.location) == whole.map(\.location))
    #expect(trickled.links.map(\.message) == whole.map(\.message))
    #expect(trickled.messages == 3)
  }

  /// Messages are handed out in batches that never split a message: a continuation line stays
  /// with its header, and every link keeps its line and message.
  @Test func batchesEndOnlyAtMessageHeaders() throws {
    var text = ""
    for index in 0..<1000 { text += "12/31/24, 9:41 PM - Ann: https://a.example/\(index)\nsee https://b.example/\(index)\n" }
    let read = drain(try WhatsAppExportReader().messages(from: MemoryByteSource(Array(text.utf8)), file: "chat.txt"))
    #expect(read.batches > 1)
    #expect(read.messages == 1000)
    #expect(read.links.count == 2000)
    #expect(read.links.map(\.location.line) == Array(1...2000))
    #expect(read.links.map { $0.message?.index } == (0..<2000).map { $0 / 2 })
  }

  /// A source that fails part-way keeps the messages before the break and says where it broke.
  @Test func anExportThatBreaksOffKeepsWhatCameBefore() throws {
    final class FailingSource: ByteSource {
      var handedOut = false
      func read(upTo count: Int) throws(ReaderError) -> [UInt8] {
        if handedOut { throw ReaderError("corrupt data") }
        handedOut = true
        // More than the 8 KB sniffed ahead, so the failure comes while messages are read.
        let filler = String(repeating: "a line of chat without a link\n", count: 400)
        return Array("12/31/24, 9:41 PM - Ann: https://a.example/\n\(filler)12/31/24, 9:42 PM - Ann: https://b.example/".utf8)
      }
    }
    let stream = try WhatsAppExportReader().messages(from: FailingSource(), file: "chat.txt")
    var problems = [String]()
    var links = [Link]()
    while let batch = stream.next() {
      links += batch.links
      if let problem = batch.problem { problems.append(problem.message) }
    }
    #expect(links.map(\.url) == ["https://a.example/", "https://b.example/"])
    #expect(problems.count == 1)
    #expect(problems.first?.contains("corrupt data") == true)
  }
}

import DarkshareCore
import DarkshareSQLite
import Foundation
import Testing

@testable import DarkshareReaders

/// Apple Messages `chat.db`: built in the test from the documented schema, read from a copy,
/// one message per `message` row with its sender, chat and date, and broken, truncated, huge
/// and hostile databases and blobs reported, never a crash.
@Suite struct AppleMessagesReaderTests {
  typealias Row = ChatDatabaseBuilder.Row

  static func read(_ builder: ChatDatabaseBuilder) throws -> (links: [Link], problem: ReaderError?) {
    try AppleMessagesReader().read(try builder.bytes(), file: "chat.db")
  }

  @Test func readsTextWithSenderChatDateAndChannel() throws {
    let builder = ChatDatabaseBuilder(rows: [
      Row(rowID: 7, text: "Look https://shop.example/a?utm_source=x and www.shop.example/b", date: 760_000_000, service: "SMS"),
      Row(rowID: 9, text: "mine: https://shop.example/c", date: 760_000_000_123_456_789, isFromMe: true, chat: 2),
      Row(rowID: 12, text: "no links here"),
    ])
    let read = try Self.read(builder)
    #expect(read.problem == nil)
    #expect(read.links.map(\.url) == ["https://shop.example/a?utm_source=x", "www.shop.example/b", "https://shop.example/c"])
    #expect(read.links.map { [$0.location.line, $0.location.column] } == [[7, 6], [7, 46], [9, 7]])
    #expect(read.links.map(\.channel) == [.sms, .sms, .chat])
    let first = try #require(read.links.first?.message)
    #expect(first == MessageContext(index: 0, id: "GUID-7", date: "2025-01-31T07:06:40+00:00", from: "+15550100", subject: "+15550100"))
    let mine = try #require(read.links.last?.message)
    #expect(mine.index == 1 && mine.from == "me" && mine.subject == "Book club")
    #expect(mine.date == AppleMessageLinks.isoDate(760_000_000))
  }

  @Test func readsTheAttributedBodyWhenTextIsNullWithItsLinkAttributes() throws {
    let body = TypedStreamWriter.attributedBody(
      "🙂 See our sale", link: (url: "https://shop.example/sale?utm_medium=sms", location: 11, length: 4))
    let plain = TypedStreamWriter.attributedBody("plain https://shop.example/p")
    let read = try Self.read(
      ChatDatabaseBuilder(rows: [Row(rowID: 1, text: nil, attributedBody: body), Row(rowID: 2, text: nil, attributedBody: plain)]))
    #expect(read.problem == nil)
    #expect(read.links.map(\.url) == ["https://shop.example/sale?utm_medium=sms", "https://shop.example/p"])
    #expect(read.links.map(\.element) == ["link-attribute", "text"])
    // "🙂" is two UTF-16 units and one scalar: "sale" starts at scalar 10, column 11.
    #expect(read.links.map(\.location.column) == [11, 7])
  }

  @Test func aLinkAttributeRepeatingTheTextIsCountedOnce() throws {
    let body = TypedStreamWriter.attributedBody("go shop.example.com/x now", link: (url: "http://shop.example.com/x", location: 3, length: 18))
    let read = try Self.read(ChatDatabaseBuilder(rows: [Row(rowID: 3, text: "go shop.example.com/x now", attributedBody: body)]))
    #expect(read.links.map(\.url) == ["shop.example.com/x"])
  }

  @Test func aRichLinkPreviewGivesItsSharedURLWhenTheTextLacksIt() throws {
    let payload = try Self.linkPreview(originalURL: "https://shop.example/p?fbclid=abc", url: "https://shop.example/p")
    let read = try Self.read(
      ChatDatabaseBuilder(rows: [
        Row(rowID: 4, text: "\u{FFFC}", payload: payload, balloon: AppleMessageLinks.urlBalloon),
        Row(rowID: 5, text: "https://shop.example/p?fbclid=abc", payload: payload, balloon: AppleMessageLinks.urlBalloon),
      ]))
    #expect(read.problem == nil)
    #expect(read.links.map(\.url) == ["https://shop.example/p?fbclid=abc", "https://shop.example/p?fbclid=abc"])
    #expect(read.links.map(\.element) == ["link-preview", "text"])
    #expect(read.links[0].location.column == 1)
  }

  @Test func aBrokenBlobIsThatMessagesProblemAndTheOthersAreRead() throws {
    var body = TypedStreamWriter.attributedBody("https://shop.example/lost")
    body.removeLast(8)
    let read = try Self.read(
      ChatDatabaseBuilder(rows: [
        Row(rowID: 20, text: nil, attributedBody: body),
        Row(rowID: 21, text: "ok https://shop.example/kept"),
        Row(rowID: 22, text: nil, payload: Array("bplist00 garbage".utf8), balloon: AppleMessageLinks.urlBalloon),
      ]))
    #expect(read.links.map(\.url) == ["https://shop.example/kept"])
    let problem = try #require(read.problem).message
    #expect(problem.contains("message ROWID 20: attributedBody"))
    #expect(problem.contains("message ROWID 22: payload_data"))
  }

  @Test func anotherSQLiteDatabaseIsNotClaimedAsMessages() throws {
    var builder = ChatDatabaseBuilder()
    builder.schema = "CREATE TABLE runs (id INTEGER PRIMARY KEY, started TEXT); CREATE TABLE links (url TEXT)"
    builder.handles = []
    let bytes = try builder.bytes()
    #expect(AppleMessagesReader.accepts(path: "audit.db", head: bytes.prefix(4096)))
    #expect(throws: ReaderError.self) { try AppleMessagesReader().read(bytes, file: "audit.db") }
    do {
      _ = try AppleMessagesReader().read(bytes, file: "audit.db")
    } catch {
      #expect(error.saysNotThisFormat)
      #expect(error.message.contains("no message and handle tables"))
    }
    #expect(!AppleMessagesReader.accepts(path: "chat.db", head: Array("SQLite format 2\0".utf8)[...]))
  }

  @Test func oldSchemasWithoutChatsOrBlobsAreRead() throws {
    var builder = ChatDatabaseBuilder(rows: [Row(rowID: 1, text: "https://shop.example/old", date: 300_000_000)])
    builder.schema = """
      CREATE TABLE message (ROWID INTEGER PRIMARY KEY, guid TEXT, text TEXT, attributedBody BLOB, payload_data BLOB,
        balloon_bundle_id TEXT, date INTEGER, service TEXT, handle_id INTEGER, is_from_me INTEGER);
      CREATE TABLE handle (ROWID INTEGER PRIMARY KEY, id TEXT, service TEXT);
      """
    let read = try Self.read(builder)
    #expect(read.links.map(\.url) == ["https://shop.example/old"])
    #expect(read.links.first?.message?.subject == nil)
    #expect(read.links.first?.message?.date == "2010-07-05T05:20:00+00:00")
  }

  @Test func truncatedAndGarbledDatabasesAreErrorsNotCrashes() throws {
    let rows = (1...400).map { Row(rowID: Int64($0), text: "n\($0) https://shop.example/\($0)" + String(repeating: "x", count: 200)) }
    let bytes = try ChatDatabaseBuilder(rows: rows).bytes()
    for cut in [16, 100, 4096, bytes.count / 2] {
      do {
        let read = try AppleMessagesReader().read(Array(bytes.prefix(cut)), file: "chat.db")
        #expect(read.problem != nil || read.links.count <= 400)
      } catch {
        #expect(!error.message.isEmpty)
      }
    }
    var garbled = bytes
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<2000 { garbled[Int.random(in: 100..<garbled.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator) }
    _ = try? AppleMessagesReader().read(garbled, file: "chat.db")
    #expect(throws: ReaderError.self) { try AppleMessagesReader().read([], file: "chat.db") }
    #expect(throws: ReaderError.self) { try AppleMessagesReader().read(Array("SQLite format 3\0".utf8) + [UInt8](repeating: 0xFF, count: 5000), file: "chat.db") }
  }

  /// A database in WAL mode, as the Messages app keeps `chat.db` (header bytes 18–19 are 2), is
  /// read: handed to SQLite in memory it could not be opened at all ("unable to open database
  /// file"), so a real Mac's database gave no link.
  @Test func aDatabaseInWALModeIsRead() throws {
    let bytes = try ChatDatabaseBuilder(rows: [Row(rowID: 1, text: "see https://shop.example/wal")]).bytes(walMode: true)
    #expect(bytes[18] == 2 && bytes[19] == 2)
    let read = try AppleMessagesReader().read(bytes, file: "chat.db")
    #expect(read.problem == nil)
    #expect(read.links.map(\.url) == ["https://shop.example/wal"])
  }

  @Test func aHugeDatabaseIsReadInBatches() throws {
    let rows = (1...3000).map { Row(rowID: Int64($0) * 2, text: "offer https://shop.example/\($0)?utm_source=imessage") }
    let stream = try AppleMessagesReader().messages(from: MemoryByteSource(try ChatDatabaseBuilder(rows: rows).bytes()), file: "chat.db")
    var batches = 0
    var links: [Link] = []
    while let batch = stream.next() {
      batches += 1
      #expect(batch.problem == nil)
      links += batch.links
    }
    #expect(batches == 6)
    #expect(links.count == 3000)
    #expect(links.last?.location.line == 6000)
    #expect(links.last?.message?.index == 2999)
  }

  // MARK: - Typedstream

  @Test func hostileTypedStreamsFailWithAnOffset() throws {
    let valid = TypedStreamWriter.attributedBody("hi https://shop.example")
    var cases: [[UInt8]] = [[], [0x04], [0x04, 0x0B] + Array("typedstream".utf8) + [0x81, 0xE8, 0x03]]
    for cut in stride(from: 1, to: valid.count, by: 3) { cases.append(Array(valid.prefix(cut))) }
    // A reference to an object not read yet, a length past the end, a deep nest of new objects.
    cases.append(Array(valid.prefix(16)) + [0x84, 0x01, 0x40, 0xF0])
    cases.append(Array(valid.prefix(16)) + [0x84, 0x01, 0x2B, 0x82, 0xFF, 0xFF, 0xFF, 0x7F])
    cases.append(Array(valid.prefix(16)) + [0x84, 0x01, 0x40] + [UInt8](repeating: 0x84, count: 10_000))
    cases.append(Array(valid.prefix(16)) + [0x84, 0x03] + Array("{ii".utf8) + [1, 2])
    for blob in cases {
      #expect(throws: AppleTypedStream.Failure.self) { try AttributedBody(blob) }
    }
    #expect(try AttributedBody(valid).text == "hi https://shop.example")
  }

  @Test func hostilePropertyListsFail() throws {
    let valid = try Self.linkPreview(originalURL: "https://shop.example/a", url: "https://shop.example/a")
    #expect(try LinkPreview.sharedURL(in: valid) == "https://shop.example/a")
    for cut in stride(from: 0, to: valid.count, by: 7) {
      _ = try? LinkPreview.sharedURL(in: Array(valid.prefix(cut)))
    }
    // An array that holds itself, and a trailer claiming 2^60 objects.
    var selfish: [UInt8] = Array("bplist00".utf8) + [0xA1, 0x00]
    let table = selfish.count
    selfish += [0x08]
    selfish += [0, 0, 0, 0, 0, 0, 1, 1] + Self.bigEndian(1) + Self.bigEndian(0) + Self.bigEndian(UInt64(table))
    #expect(throws: BinaryPropertyList.Failure.self) { try BinaryPropertyList(selfish) }
    var huge = selfish
    huge.replaceSubrange((huge.count - 24)..<(huge.count - 16), with: Self.bigEndian(1 << 60))
    #expect(throws: BinaryPropertyList.Failure.self) { try BinaryPropertyList(huge) }
  }

  // MARK: - Helpers

  static func bigEndian(_ value: UInt64) -> [UInt8] { (0..<8).map { UInt8(value >> (8 * (7 - $0)) & 0xFF) } }

  /// A keyed archive like Messages' `payload_data`: a RichLink whose LPLinkMetadata holds
  /// `originalURL` and `URL` as NSURLs (written with Foundation's binary plist encoder).
  static func linkPreview(originalURL: String, url: String) throws -> [UInt8] {
    final class UID {}
    func uid(_ index: Int) -> [String: Any] { ["CF$UID": index] }
    let objects: [Any] = [
      "$null",
      ["richLinkMetadata": uid(2), "$class": uid(8)],
      ["originalURL": uid(3), "URL": uid(5), "$class": uid(7)],
      ["NS.base": uid(0), "NS.relative": uid(4), "$class": uid(6)],
      originalURL,
      ["NS.base": uid(0), "NS.relative": uid(9), "$class": uid(6)],
      ["$classname": "NSURL", "$classes": ["NSURL", "NSObject"]],
      ["$classname": "LPLinkMetadata", "$classes": ["LPLinkMetadata", "NSObject"]],
      ["$classname": "RichLink"],
      url,
    ]
    let archive: [String: Any] = ["$version": 100000, "$archiver": "NSKeyedArchiver", "$top": ["root": uid(1)], "$objects": objects]
    return Array(try PropertyListSerialization.data(fromPropertyList: archive, format: .binary, options: 0))
  }
}

import DarkshareCore
import Foundation
import Testing

@testable import DarkshareReaders

/// Messenger and Instagram JSON: recognised by content, mojibake repaired, each URL at its line
/// and column as written, and broken, truncated, huge and hostile files refused clearly.
@Suite struct MessengerExportReaderTests {
  private func links(_ json: String) throws -> [Link] {
    try MessengerExportReader().links(in: Array(json.utf8), file: "message_1.json")
  }

  @Test func messengerAndInstagramExportsAreClaimedBeforeTelegram() {
    let messenger = #"{"participants": [{"name": "Ann"}], "messages": [{"sender_name": "Ann", "timestamp_ms": 1, "content": "hi"}]}"#
    let instagram = "{\n  \"messages\": [\n    {\n      \"sender_name\": \"John Doe\",\n      \"timestamp_ms\": 1579294140000}]}"
    let bom = "\u{FEFF}" + messenger
    for json in [messenger, instagram, bom] {
      #expect(BuiltInReaders.reader(forPath: "inbox/ann_1/message_1.json", head: Array(json.utf8)[...])?.format == "messenger")
      #expect(BuiltInReaders.reader(forPath: "-", head: Array(json.utf8)[...])?.format == "messenger")
    }
    let telegram = #"{"name": "Chat", "type": "personal_chat", "id": 1, "messages": [{"id": 1, "from": "Ann", "text": "hi"}]}"#
    #expect(BuiltInReaders.reader(forPath: "result.json", head: Array(telegram.utf8)[...])?.format == "telegram")
    #expect(!MessengerExportReader.accepts(path: "package.json", head: Array(#"{"name": "x", "participants": []}"#.utf8)[...]))
    #expect(!MessengerExportReader.accepts(path: "chat.txt", head: Array(messenger.utf8)[...]))
  }

  @Test func mojibakeIsRepairedOnlyWhereItIsMojibake() {
    #expect(MojibakeRepair.repaired("Zo\u{C3}\u{AB} \u{F0}\u{9F}\u{99}\u{8F}") == "Zoë 🙏")
    #expect(MojibakeRepair.repaired("café") == nil)  // a real é alone is no UTF-8
    #expect(MojibakeRepair.repaired("plain ascii") == nil)
    #expect(MojibakeRepair.repaired("Zoë ✓") == nil)  // already right: a scalar above U+00FF
    let (scalars, offsets) = MojibakeRepair.repairedWithOffsets("\u{C3}\u{A0} x")
    #expect(String(String.UnicodeScalarView(scalars)) == "à x")
    #expect(offsets == [0, 2, 3])
  }

  /// `timestamp_ms` comes out as every reader's dates do: ISO 8601 with its offset, in UTC.
  @Test(arguments: [Int64(0), 1_415_147_732_056, 1_772_471_100_000, 951_782_400_000, 253_402_300_799_999])
  func timestampsBecomeISODatesInUTC(_ milliseconds: Int64) throws {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    formatter.timeZone = TimeZone(identifier: "UTC")
    let expected = formatter.string(from: Date(timeIntervalSince1970: Double(milliseconds / 1000)))
      .replacingOccurrences(of: "Z", with: "+00:00")
    #expect(MessageDate.fromEpochMilliseconds(String(milliseconds)) == expected)
  }

  @Test func messagesCarrySenderDateAndLinks() throws {
    let json = """
      {"participants": [{"name": "Zo\\u00c3\\u00ab"}, {"name": "Shop"}],
       "messages": [
        {"sender_name": "Shop", "timestamp_ms": 1772471100000, "content": "https://a.example/x", "share": {"link": "https://a.example/x"}},
        {"sender_name": "Zo\\u00c3\\u00ab", "timestamp_ms": 1772470800000, "share": {"link": " https://b.example/y", "share_text": "\\u00e2\\u0080\\u0094 Y"}},
        {"sender_name": "Shop", "timestamp_ms": "soon", "photos": [{"uri": "https://c.example/not-a-link.jpg"}]},
        "not a message",
        {"sender_name": "Shop", "content": "\\u00f0\\u009f\\u0098\\u0080 https://d.example/z and www.e.example\\nhttps://f.example/"}
       ]}
      """
    let found = try links(json)
    #expect(found.map(\.url) == ["https://a.example/x", "https://b.example/y", "https://d.example/z", "www.e.example", "https://f.example/"])
    #expect(found.map { $0.message?.index } == [0, 1, 4, 4, 4])
    #expect(found.map { $0.message?.from } == ["Shop", "Zoë", "Shop", "Shop", "Shop"])
    #expect(found[0].message?.date == "2026-03-02T17:05:00+00:00")
    #expect(found[2].message?.date == nil)
    #expect(found[1].element == "share")
    #expect(found[1].text == "— Y")
    #expect(found.allSatisfy { $0.channel == .chat })
    // Positions as written: the share link past its leading space, the URL after four escapes.
    let lines = json.components(separatedBy: "\n")
    func position(_ needle: String) -> (Int, Int) {
      let row = lines.firstIndex { $0.contains(needle) }!
      let line = lines[row]
      return (row + 1, line.unicodeScalars.distance(from: line.unicodeScalars.startIndex, to: line.range(of: needle)!.lowerBound.samePosition(in: line.unicodeScalars)!) + 1)
    }
    for (link, needle) in zip(found, ["https://a.example/x", "https://b.example/y", "https://d.example/z", "www.e.example", "https://f.example/"]) {
      #expect((link.location.line, link.location.column) == position(needle), "\(needle)")
    }
  }

  @Test func escapesBeforeAURLCountAsWritten() throws {
    // A surrogate pair escape, \/ and \" all come before the URL on the line.
    let json = #"{"messages": [{"sender_name": "A", "content": "\ud83d\ude00 \"q\" https:\/\/a.example\/p?x=1"}]}"#
    let found = try links(json)
    #expect(found.map(\.url) == ["https://a.example/p?x=1"])
    #expect(found.first?.location.column == json.utf8.count - #"https:\/\/a.example\/p?x=1"}]}"#.utf8.count + 1)
  }

  @Test func brokenFilesAreClearErrors() {
    let cases: [(String, String)] = [
      (#"{"participants": [], "messages": [{"sender_name": "A", "content": "https://a.exa"#, "not valid JSON: line 1"),
      ("{\"participants\": [],\n \"messages\": [,]}", "line 2, column 15: unexpected character ','"),
      (#"{"participants": [], "messages": "see inbox/"}"#, "not a Messenger or Instagram export: no 'messages' list"),
      (#"["sender_name"]"#, "not a Messenger or Instagram export: the JSON is not an object"),
      (#"{"messages": [{"content": "a\u00"}]}"#, "without four hex digits"),
      ("{\"messages\": [{\"content\": \"a\u{01}b\"}]}", "a control character inside a string"),
      (#"{"messages": []} trailing"#, "unexpected text after the JSON value"),
    ]
    for (json, message) in cases {
      #expect {
        try links(json)
      } throws: { error in
        (error as? ReaderError)?.message.contains(message) == true
      }
    }
  }

  /// Cut short after some messages, the links before the break are kept and the break is the
  /// file's problem, with its line and column.
  @Test func aTruncatedExportKeepsTheMessagesBeforeTheBreak() throws {
    let json = "{\"participants\": [],\n\"messages\": [\n" + (0..<300).map { #"{"sender_name": "A", "content": "https://a.example/\#($0)"}"# }.joined(separator: ",\n")
    // Cut inside the last message's URL: that message is not read.
    let read = try MessengerExportReader().read(Array(json.utf8.dropLast(5)), file: "message_1.json")
    #expect(read.links.count == 299)
    #expect(read.links.last?.message?.index == 298)
    let problem = try #require(read.problem?.message)
    #expect(problem.hasPrefix("the Messenger or Instagram export is not valid JSON: line 302"), "\(problem)")
    #expect(problem.hasSuffix("the 299 messages before it were read"), "\(problem)")
  }

  @Test func theByteCursorCountsLinesAndColumnsBothWays() {
    let text = "ab\r\ncé x\rz\n\nq"
    var cursor = ByteCursor(Array(text.utf8))
    var expected = [(Int, Int)]()
    var line = 1
    var column = 1
    let bytes = Array(text.utf8)
    for (offset, byte) in bytes.enumerated() {
      expected.append((line, column))
      if byte == 0x0A || (byte == 0x0D && bytes[offset + 1] != 0x0A) { line += 1; column = 1 } else if byte & 0xC0 != 0x80 { column += 1 }
    }
    let order = Array(bytes.indices) + Array(bytes.indices).reversed() + [3, 12, 0, 9, 5]
    for offset in order {
      let position = cursor.position(of: offset)
      #expect(position.line == expected[offset].0 && position.column == expected[offset].1, "offset \(offset)")
    }
  }

  /// Many URLs in one long `content` are each placed where they are written (found in one pass
  /// over the string, not one pass per URL).
  @Test func manyURLsInOneMessageAreEachPlaced() throws {
    let urls = (0..<20_000).map { "https://a.example/\($0)" }
    let json = #"{"messages": [{"sender_name": "A", "content": "\u00c3\u00a9 "# + urls.joined(separator: " \\n ") + #""}]}"#
    let found = try links(json)
    #expect(found.map(\.url) == urls)
    let text = Array(json.unicodeScalars)
    for link in found.prefix(50) + found.suffix(50) {
      #expect(link.location.line == 1)
      let start = link.location.column - 1
      #expect(String(String.UnicodeScalarView(text[start..<(start + link.url.unicodeScalars.count)])) == link.url)
    }
  }

  /// Nesting is bounded, so a hostile `[[[[…` is refused instead of exhausting the stack.
  @Test func deepNestingIsRefused() {
    let deep = #"{"messages": "# + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}"
    #expect {
      try links(deep)
    } throws: { error in
      (error as? ReaderError)?.message.contains("nested deeper than \(PositionedJSON.maximumDepth) levels") == true
    }
    let fine = #"{"messages": [], "x": "# + String(repeating: "[", count: 500) + String(repeating: "]", count: 500) + "}"
    #expect((try? links(fine)) == [])
  }

  /// A huge conversation is read in full: twice the messages give exactly twice the links, each
  /// in its own message and on its own line (work is counted, not timed).
  @Test(arguments: [2_000, 4_000])
  func aHugeConversationIsReadInFull(messages: Int) throws {
    var json = "{\n\"participants\": [{\"name\": \"A\"}],\n\"messages\": [\n"
    json += (0..<messages).map { #"{"sender_name": "A", "timestamp_ms": \#($0), "content": "x https://a.example/\#($0)"}"# }.joined(separator: ",\n")
    json += "\n]}\n"
    let found = try links(json)
    #expect(found.count == messages)
    #expect(found.map(\.location.line) == Array(4..<(4 + messages)))
    #expect(found.map { $0.message?.index } == Array(0..<messages))
  }
}

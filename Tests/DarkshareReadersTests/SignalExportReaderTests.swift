import DarkshareCore
import Foundation
import Testing

@testable import DarkshareReaders

/// Signal Desktop exports (sigexport's `chat.md`): recognised by name and header, messages with
/// sender and date, quotes and attachments left out, positions in the file, and broken,
/// truncated, huge and hostile files read or refused clearly.
@Suite struct SignalExportReaderTests {
  private func read(_ text: String, file: String = "Ann/chat.md") throws -> [Link] {
    try SignalExportReader().links(in: Array(text.utf8), file: file)
  }

  /// An export is read a line at a time and handed over in batches of whole messages: the
  /// message that starts a batch keeps its line, a reply's quote is still left out across a
  /// batch's end, and the counts add up.
  @Test func aLongExportIsHandedOverInBatchesOfWholeMessages() throws {
    var text = ""
    for index in 0..<1000 {
      text += "[2021-08-15 12:34:56] Ann: look https://shop.example/\(index)\n"
      if index % 7 == 0 { text += "[2021-08-15 12:35:00] Bob: \n\n> https://shop.example/quoted\n\nthanks https://shop.example/reply\(index)\n" }
    }
    let stream = try SignalExportReader().messages(from: MemoryByteSource(Array(text.utf8)), file: "chat.md")
    var batches = [MessageBatch]()
    while let batch = stream.next() { batches.append(batch) }
    #expect(batches.count > 3)
    #expect(batches.reduce(0) { $0 + $1.messages } == 1000 + 143)
    let links = batches.flatMap(\.links)
    #expect(links.count == 1000 + 143)
    #expect(!links.contains { $0.url.hasSuffix("/quoted") })
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    for link in links {
      #expect(lines[link.location.line - 1].contains(link.url), "\(link.url) at line \(link.location.line)")
    }
    #expect(Set(links.compactMap { $0.message?.index }).count == 1143)
  }

  @Test func headersOfTheNewAndOldLayouts() {
    let cases: [(String, String?, String?, String)] = [
      ("[2021-08-15 12:34:56] Alice: hi", "2021-08-15 12:34:56", "Alice", "hi"),
      ("[2019-12-24, 12:23] Jane Doe: Hello John!", "2019-12-24, 12:23", "Jane Doe", "Hello John!"),
      ("[2021-08-15 12:34:56] Zoë 🌱: ", "2021-08-15 12:34:56", "Zoë 🌱", ""),
      ("[2021-08-15 12:34:56] +49 151 0000: x", "2021-08-15 12:34:56", "+49 151 0000", "x"),
      // No sender, a day-first date (WhatsApp iOS), impossible fields, no space after `]`.
      ("[2021-08-15 12:34:56] no colon here", nil, nil, ""),
      ("[15/08/2021, 12:34:56] Alice: hi", nil, nil, ""),
      ("[2021-13-15 12:34:56] Alice: hi", nil, nil, ""),
      ("[2021-08-15 25:34:56] Alice: hi", nil, nil, ""),
      ("[2021-08-15 12:34:56]Alice: hi", nil, nil, ""),
      ("[2021-08-15 12:34:56] : hi", nil, nil, ""),
      ("[2021-08-1", nil, nil, ""),
      ("", nil, nil, ""),
    ]
    for (line, date, from, body) in cases {
      let bytes = Array(line.utf8)
      let header = SignalMessageHeader.parse(bytes[...])
      #expect(header?.date == date, "\(line)")
      #expect(header?.from == from, "\(line)")
      if let header { #expect(String(decoding: bytes[header.bodyStart...], as: UTF8.self) == body) }
    }
  }

  @Test func claimsChatMarkdownByNameAndHeaderOnly() {
    let signal = Array("[2021-08-15 12:34:56] Alice: https://a.example/\n".utf8)
    #expect(BuiltInReaders.reader(forPath: "export/Alice/chat.md", head: signal[...])?.format == "signal")
    #expect(BuiltInReaders.reader(forPath: "CHAT.MD", head: ([0xEF, 0xBB, 0xBF] + Array("\n".utf8) + signal)[...])?.format == "signal")
    // A Markdown README, another name, or a chat.md that is not a chat: not Signal's.
    #expect(!SignalExportReader.accepts(path: "README.md", head: Array("# Notes\n[2021-08-15 12:34:56] Alice: x".utf8)[...]))
    #expect(!SignalExportReader.accepts(path: "notes.md", head: signal[...]))
    #expect(!SignalExportReader.accepts(path: "docs/chat.md", head: Array("# How to chat\n".utf8)[...]))
    #expect(!SignalExportReader.accepts(path: "chat.md/other.txt", head: signal[...]))
    // The same lines in a .txt stay WhatsApp's (an ISO-dated WhatsApp export looks the same).
    #expect(BuiltInReaders.reader(forPath: "_chat.txt", head: signal[...])?.format == "whatsapp")
  }

  /// A renamed export is still Signal's when its head shows what only sigexport writes.
  @Test func claimsARenamedExportByWhatOnlySigexportWrites() {
    let header = "[2021-08-15 12:34:56] Alice: https://a.example/\n"
    for marker in ["(- Bob: 👍 -)  \n", "![photo.jpg](./media/2021-08-15_12-34-56_00_photo.jpg)  \n", "[😀](../exported_stickers/5f/1.webp)\n"] {
      let head = Array((header + marker).utf8)
      #expect(BuiltInReaders.reader(forPath: "backup-2021.txt", head: head[...])?.format == "signal", "\(marker)")
      #expect(BuiltInReaders.reader(forPath: "-", head: head[...])?.format == "signal", "\(marker)")
    }
    // A marker without a Signal header first, or a reaction-looking text inside a message: not Signal.
    #expect(!SignalExportReader.accepts(path: "notes.txt", head: Array("# Notes\n(- Bob: 👍 -)\n".utf8)[...]))
    let whatsApp = Array("[2021-08-15 12:34:56] Alice: is it (- ok -) now?\n[2021-08-15 12:35:00] Bob: yes\n".utf8)
    #expect(BuiltInReaders.reader(forPath: "_chat.txt", head: whatsApp[...])?.format == "whatsapp")
  }

  @Test func whatsAppExportsAreNotTakenAndSignalsAreNotWhatsApps() {
    let whatsApp = Array("[15/08/2021, 12:34:56] Alice: https://a.example/\n".utf8)
    #expect(BuiltInReaders.reader(forPath: "_chat.txt", head: whatsApp[...])?.format == "whatsapp")
    // Even named chat.md, a WhatsApp header is no Signal header.
    #expect(!SignalExportReader.accepts(path: "chat.md", head: whatsApp[...]))
    let android = Array("8/15/21, 12:34 PM - Alice: hi\n".utf8)
    #expect(!SignalExportReader.accepts(path: "chat.md", head: android[...]))
  }

  @Test func messagesCarrySenderDateAndIndex() throws {
    let text = """
      [2021-08-15 12:34:56] Alice: see https://a.example/x  
      (- Me: 👍 -)

      [2021-08-15 12:40:00] Me: two
      lines https://b.example/y  

      [2019-12-24, 12:23] Jane Doe: old layout https://c.example/z

      """
    let links = try read(text)
    #expect(links.map(\.url) == ["https://a.example/x", "https://b.example/y", "https://c.example/z"])
    #expect(links.map(\.message?.index) == [0, 1, 2])
    #expect(links.map(\.message?.from) == ["Alice", "Me", "Jane Doe"])
    #expect(links.map(\.message?.date) == ["2021-08-15 12:34:56", "2021-08-15 12:40:00", "2019-12-24, 12:23"])
    #expect(links.map(\.location.line) == [1, 5, 7])
    #expect(links.map(\.location.column) == [34, 7, 42])
    #expect(links.allSatisfy { $0.channel == .chat && $0.element == "text" && $0.location.file == "Ann/chat.md" })
  }

  @Test func aQuoteIsNotReadButTheReplyIs() throws {
    let text = """
      [2021-08-15 12:34:56] Alice: https://a.example/first  

      [2021-08-15 12:40:00] Bob: 

      > https://a.example/first
      > 
      > and https://q.example/only-in-quote

      reply https://r.example/reply  
      > not a quote any more https://r.example/later  

      """
    let links = try read(text)
    #expect(links.map(\.url) == ["https://a.example/first", "https://r.example/reply", "https://r.example/later"])
    #expect(links.map(\.location.line) == [1, 9, 10])
    #expect(links.map(\.message?.index) == [0, 1, 1])
  }

  @Test func markdownLinksKeepTheirTextAndAttachmentsAreNoLinks() throws {
    let line =
      "[2021-08-15 12:34:56] Zoë: 🌱 [the sale](https://s.example/a_(b)?c=1) bit.ly/abc "
      + "![pic.jpg](./media/2021-08-15_00_pic.jpg)  [price.list.zip](./media/x%20y.zip)  [😀](../exported_stickers/p/1.webp)  "
      + "[broken](https://t.example/ no) [x](mailto:a@b.example)"
    let links = try read(line + "\n")
    #expect(links.map(\.url) == ["https://s.example/a_(b)?c=1", "bit.ly/abc", "https://t.example/", "mailto:a@b.example"])
    #expect(links.map(\.text) == ["the sale", nil, nil, "x"])
    let scalars = Array(line.unicodeScalars)
    func column(of needle: String) -> Int {
      let n = Array(needle.unicodeScalars)
      return (0...(scalars.count - n.count)).first { Array(scalars[$0..<($0 + n.count)]) == n }! + 1
    }
    #expect(links.map(\.location.column) == [column(of: "https://s."), column(of: "bit.ly"), column(of: "https://t."), column(of: "mailto:")])
    #expect(links[0].urlEnd?.column == column(of: ") bit.ly"))
  }

  @Test func theMarkdownScanIsLinearOnHostileBrackets() {
    // Each shape would make a naive scan restart at every `[`; the spans found are exact.
    let repeats = 200_000
    for unit in ["[", "](", "[a](", "[a](x ", "]"] {
      let line = Array(String(repeating: unit, count: repeats).utf8)
      #expect(SignalMarkdownLink.all(in: line[...]).isEmpty, "\(unit)")
    }
    let many = Array(String(repeating: "[a](./m) ", count: repeats).utf8)
    #expect(SignalMarkdownLink.all(in: many[...]).count == repeats)
  }

  @Test func aThirtyMegabyteLineIsReadWhole() throws {
    var bytes = Array("[2021-08-15 12:34:56] Alice: ".utf8)
    let filler = Array("lorem ipsum dolor ".utf8)
    while bytes.count < 30_000_000 { bytes += filler }
    bytes += Array("https://a.example/end [t](https://b.example/md) [f](./media/f.jpg)\n".utf8)
    let links = try SignalExportReader().links(in: bytes, file: "chat.md")
    #expect(links.map(\.url) == ["https://a.example/end", "https://b.example/md"])
    #expect(links.first?.location.column == bytes.count - "https://a.example/end [t](https://b.example/md) [f](./media/f.jpg)\n".utf8.count + 1)
  }

  @Test func aTruncatedExportKeepsWhatItHolds() throws {
    let whole = "[2021-08-15 12:34:56] Alice: https://a.example/x\n\n[2021-08-15 12:40:00] Bob: https://b.example/yyyy\n"
    for cut in [whole.count - 6, whole.count - 40, 12] {
      let bytes = Array(whole.utf8.prefix(cut))
      if cut == 12 {
        // Cut inside the first header: nothing of the format is left.
        #expect(throws: ReaderError.self) { try SignalExportReader().links(in: bytes, file: "chat.md") }
      } else {
        let links = try SignalExportReader().links(in: bytes, file: "chat.md")
        #expect(links.first?.url == "https://a.example/x", "cut at \(cut)")
      }
    }
    // A quote cut short swallows nothing after the file's end and reads no quoted link.
    let links = try read("[2021-08-15 12:34:56] Bob: \n\n> https://q.example/")
    #expect(links.isEmpty)
  }

  @Test func brokenAndHostileInputsAreClearErrors() {
    let cases: [([UInt8], String)] = [
      (Array("# Not a chat\n[2021-08-15 12:34:56] Alice: x\n".utf8), "not a Signal export: line 1 comes before any message header"),
      ([], "not a Signal export: the file holds no message"),
      (Array("\n \n\n".utf8), "not a Signal export: the file holds no message"),
      ([0x50, 0x4B, 0x03, 0x04, 0, 0, 0], "not a Signal export: the file is a zip archive"),
      (Array(repeating: 0, count: 4096), "not a Signal export: the file is binary data"),
    ]
    for (bytes, prefix) in cases {
      #expect {
        try SignalExportReader().links(in: bytes, file: "chat.md")
      } throws: { error in
        (error as? ReaderError)?.message.hasPrefix(prefix) == true && (error as? ReaderError)?.saysNotThisFormat == true
      }
    }
  }

  @Test func invalidUTF8CRLinesAndControlCharactersDoNotDerailReading() throws {
    var bytes = Array("[2021-08-15 12:34:56] Alice: \u{1B}[31m https://a.example/x\r\n".utf8)
    bytes += [0xFF, 0xC3] + Array(" https://b.example/y\r[2021-08-15 12:40:00] Bob: https://c.example/z".utf8)
    let links = try SignalExportReader().links(in: bytes, file: "chat.md")
    #expect(links.map(\.url) == ["https://a.example/x", "https://b.example/y", "https://c.example/z"])
    #expect(links.map(\.location.line) == [1, 2, 3])
    #expect(links.map(\.message?.from) == ["Alice", "Alice", "Bob"])
  }
}

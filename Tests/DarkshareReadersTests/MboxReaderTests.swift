import DarkshareCore
import Foundation
import Testing

@testable import DarkshareReaders

/// Reading mbox files: message boundaries, quoting, line ends, message context and indices.
@Suite struct MboxReaderTests {
  private func read(_ text: String) throws -> [Link] {
    try MboxReader().links(in: Array(text.utf8), file: "a.mbox")
  }

  private let twoMessages = """
    From news@shop.example Tue Mar  3 09:00:00 2026
    From: Shop <news@shop.example>
    Subject: First
    Message-ID: <1@shop.example>
    Date: Tue, 3 Mar 2026 09:00:00 +0100

    See https://shop.example/one

    From time to time we write.
    >From the archive: https://shop.example/archive
    >>From the quoted archive

    From 1583290388308606088@xxx Mon Nov 06 04:42:58 +0000 2017
    X-Gmail-Labels: Inbox,Category Promotions
    From: =?UTF-8?Q?Caf=C3=A9?= <cafe@shop.example>
    Subject: Second

    https://shop.example/two

    """

  @Test func splitsMessagesAndKeepsBodyFromLines() throws {
    let links = try read(twoMessages)
    #expect(links.map(\.url) == ["https://shop.example/one", "https://shop.example/archive", "https://shop.example/two"])
    #expect(links.map { $0.message?.index } == [0, 0, 1])
    let first = try #require(links.first?.message)
    #expect(first == MessageContext(index: 0, id: "<1@shop.example>", date: "2026-03-03T09:00:00+01:00", from: "Shop <news@shop.example>", subject: "First"))
    #expect(links.last?.message?.from == "Café <cafe@shop.example>")
    #expect(links.last?.message?.subject == "Second")
    // Positions are within the decoded part: the From_ line is not part of the message.
    #expect(links.map { [$0.location.line, $0.location.column] } == [[1, 5], [4, 19], [1, 1]])
  }

  @Test func unquotesOneLevelOfMboxrdQuoting() {
    let unquoted = { (line: String) in String(decoding: MboxMessageStream.unquoted(Array(line.utf8)[...]), as: UTF8.self) }
    #expect(unquoted(">From here") == "From here")
    #expect(unquoted(">>From here") == ">From here")
    #expect(unquoted(">>>From here") == ">>From here")
    #expect(unquoted(">Fromage") == ">Fromage")
    #expect(unquoted("> From here") == "> From here")
    #expect(unquoted(">>") == ">>")
  }

  @Test func unquotedLinesReachTheMessage() throws {
    let mbox = "From a@b.example Sat Jan  3 01:05:34 1996\nSubject: q\n\n>From https://shop.example/a\n>>From https://shop.example/b\n"
    let links = try read(mbox)
    #expect(links.map(\.url) == ["https://shop.example/a", "https://shop.example/b"])
    #expect(links.map(\.location.column) == [6, 7])
  }

  @Test func readsCRLFFiles() throws {
    let crlf = twoMessages.replacingOccurrences(of: "\n", with: "\r\n")
    let links = try read(crlf)
    #expect(links.map(\.url) == ["https://shop.example/one", "https://shop.example/archive", "https://shop.example/two"])
    #expect(links.first?.message?.subject == "First")
  }

  @Test func skipsAByteOrderMarkAndLeadingBlankLines() throws {
    let links = try MboxReader().links(in: [0xEF, 0xBB, 0xBF] + Array(("\n" + twoMessages).utf8), file: "a.mbox")
    #expect(links.count == 3)
  }

  @Test func attachedForwardsTakeTheFollowingIndices() throws {
    let mbox = """
      From a@shop.example Sat Jan  3 01:05:34 1996
      Subject: Fwd
      Content-Type: multipart/mixed; boundary=b

      --b
      Content-Type: text/plain

      https://shop.example/note
      --b
      Content-Type: message/rfc822

      Subject: Inner
      Message-ID: <inner@shop.example>

      https://shop.example/inner
      --b--

      From a@shop.example Sun Jan  4 01:05:34 1996
      Subject: Next

      https://shop.example/next

      """
    let read = try batches(MemoryByteSource(Array(mbox.utf8)))
    #expect(read.map(\.messages) == [2, 1])
    let links = read.flatMap(\.links)
    #expect(links.map { $0.message?.index } == [0, 1, 2])
    #expect(links.map { $0.message?.subject } == ["Fwd", "Inner", "Next"])
  }

  @Test func eachMessageIsOneBatchEvenWithoutLinks() throws {
    let mbox = "From - \nSubject: a\n\nno links\n\nFrom - \nSubject: b\n\nhttps://shop.example/b\n"
    let read = try batches(MemoryByteSource(Array(mbox.utf8)))
    #expect(read.map(\.links.count) == [0, 1])
    #expect(read.map(\.messages) == [1, 1])
    #expect(read.last?.links.first?.message?.index == 1)
  }

  @Test func netscapeSeparatorsNeedNoBlankLine() throws {
    let mbox = "From - \nSubject: a\n\nhttps://shop.example/a\n--end--\nFrom - Mon Jun  3 12:50:27 1996\nSubject: b\n\nhttps://shop.example/b\n"
    let links = try read(mbox)
    #expect(links.map { $0.message?.subject } == ["a", "b"])
  }

  @Test func anAddressWithoutDateNeedsABlankLine() throws {
    let mbox = "From 1@xxx\nSubject: a\n\nhttps://shop.example/a\nFrom 2@xxx\n\nFrom 3@xxx\nSubject: c\n\nhttps://shop.example/c\n"
    let links = try read(mbox)
    #expect(links.map { $0.message?.subject } == ["a", "c"])
    #expect(links.map { $0.message?.index } == [0, 1])
  }

  @Test func truncatedMessagesGiveWhatWasRead() throws {
    let cutInHeader = twoMessages + "From x@shop.example Sat Jan  3 01:05:34 1996\nSubject: cut\nContent-Type: multi"
    #expect(try read(cutInHeader).count == 3)
    let base64 = Array("<a href=\"https://shop.example/in-base64?utm_source=a\">x</a>".utf8)
    let encoded = base64Encoded(base64)
    let cutInBase64 = twoMessages + """
      From x@shop.example Sat Jan  3 01:05:34 1996
      Subject: cut
      Content-Type: text/html
      Content-Transfer-Encoding: base64

      \(encoded.prefix(encoded.count - 9))
      """
    let links = try read(cutInBase64)
    #expect(links.count == 3 || links.count == 4)
    #expect(links.prefix(3).map { $0.message?.index } == [0, 0, 1])
  }

  @Test(arguments: ["", "\n\n", "\u{FEFF}"])
  func emptyInputIsAnError(_ text: String) {
    #expect(throws: ReaderError("not an mbox: the file is empty")) { try read(text) }
  }

  @Test(arguments: ["Subject: hello\n\nbody\n", "From time to time\n", "\u{0}\u{1}binary\u{2}", "<html><a href=x>"])
  func otherContentIsNotAnMbox(_ text: String) {
    #expect { try read(text) } throws: { ($0 as? ReaderError)?.message.hasPrefix("not an mbox: line 1") == true }
  }

  @Test func acceptsByExtensionAndContent() {
    let head = Array(twoMessages.utf8).prefix(4096)
    #expect(MboxReader.accepts(path: "Inbox.mbox", head: []))
    #expect(MboxReader.accepts(path: "OLD.MBX", head: []))
    #expect(MboxReader.accepts(path: "archive.txt", head: head))
    #expect(MboxReader.accepts(path: "Inbox", head: head))
    #expect(MboxReader.accepts(path: "Inbox", head: [0xEF, 0xBB, 0xBF] + Array("From -\nFrom: a\n".utf8)))
    #expect(!MboxReader.accepts(path: "message.eml", head: head))
    #expect(!MboxReader.accepts(path: "notes.txt", head: Array("From time to time\n".utf8)[...]))
    #expect(!MboxReader.accepts(path: "m", head: Array("From: a@b\nSubject: c\n".utf8)[...]))
    #expect(BuiltInReaders.reader(forPath: "archive.txt", head: head).map(ObjectIdentifier.init) == ObjectIdentifier(MboxReader.self))
  }

  private func base64Encoded(_ bytes: [UInt8]) -> String {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
    var out = ""
    for start in stride(from: 0, to: bytes.count, by: 3) {
      let chunk = Array(bytes[start..<min(start + 3, bytes.count)]) + [0, 0]
      let value = Int(chunk[0]) << 16 | Int(chunk[1]) << 8 | Int(chunk[2])
      for i in 0..<4 { out.append(i <= bytes.count - start ? alphabet[(value >> (18 - 6 * i)) & 63] : "=") }
    }
    return out
  }
}

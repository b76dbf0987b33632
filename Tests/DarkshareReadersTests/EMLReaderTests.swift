import DarkshareCore
import DarkshareReaders
import Foundation
import Testing

/// Reading `.eml` messages: structure, encodings, message context, and broken mail.
@Suite struct EMLReaderTests {
  private func links(_ message: String, file: String = "m.eml") throws -> [Link] {
    try EMLReader().links(in: Array(message.utf8), file: file)
  }

  private let newsletter = """
    Return-Path: <news@shop.example>
    From: =?UTF-8?Q?Caf=C3=A9_Shop?= <news@shop.example>
    Subject: =?ISO-8859-1?Q?Fr=FChling?=
     sale
    Date: Tue, 3 Mar 2026 09:00:00 +0100
    Message-ID: <42@shop.example>
    List-Unsubscribe: <mailto:u@shop.example>,
     <https://shop.example/u?id=7>
    MIME-Version: 1.0
    Content-Type: multipart/alternative; boundary="==alt=="

    preamble https://preamble.example/ignored
    --==alt==
    Content-Type: text/plain; charset=utf-8
    Content-Transfer-Encoding: quoted-printable

    Hi,
    shop: https://shop.example/sale?utm_source=3Dnews&utm_medium=3Demail&utm_cam=
    paign=3Dspring.
    Unsubscribe: https://shop.example/u?id=7
    --==alt==
    Content-Type: text/html; charset=iso-8859-1
    Content-Transfer-Encoding: quoted-printable

    <p>Gr=FC=DFe <a href=3D"https://shop.example/sale?utm_source=3Dnews&amp;utm_m=
    edium=3Demail">Sale</a></p>
    --==alt==--
    epilogue https://epilogue.example/ignored
    """

  @Test func readsEveryPartWithDecodedPositionsAndContext() throws {
    let found = try links(newsletter)
    #expect(found.map(\.url) == [
      "https://shop.example/sale?utm_source=news&utm_medium=email&utm_campaign=spring",
      "https://shop.example/u?id=7",
      "https://shop.example/sale?utm_source=news&utm_medium=email",
    ])
    #expect(found.map(\.location.line) == [2, 3, 1])
    #expect(found.map(\.location.column) == [7, 14, 19])  // "Grüße" is five characters after decoding
    #expect(found.map(\.element) == ["text", "text", "a"])
    #expect(found.allSatisfy { $0.channel == .email })
    let message = try #require(found.first?.message)
    #expect(message == MessageContext(
      index: 0, id: "<42@shop.example>", date: "2026-03-03T09:00:00+01:00", from: "Café Shop <news@shop.example>",
      subject: "Frühling sale"))
    #expect(found[2].text == "Sale")
  }

  @Test func listUnsubscribeURLsAreDeclaredServiceLinks() throws {
    let found = try links(newsletter)
    #expect(found.map(\.isDeclaredServiceLink) == [false, true, false])
  }

  @Test func base64HTMLAndAForwardedMessage() throws {
    let html = Data("<a href=\"https://inner.example/a\">A</a>".utf8).base64EncodedString()
    let message = """
      From: Ann <ann@home.example>
      Subject: Fwd: deals
      Content-Type: multipart/mixed; boundary=outer

      --outer
      Content-Type: text/plain

      see below www.outer.example/x
      --outer
      Content-Type: message/rfc822
      Content-Disposition: attachment; filename="deals.eml"

      From: Deals <deals@inner.example>
      Subject: Deals
      Message-ID: <inner@x>
      Content-Type: multipart/related; boundary=rel

      --rel
      Content-Type: text/html
      Content-Transfer-Encoding: base64

      \(html.prefix(20))
      \(html.dropFirst(20))
      --rel
      Content-Type: image/png
      Content-Transfer-Encoding: base64

      iVBORw0KGgo=
      --rel--
      --outer
      Content-Type: text/plain; name="notes.txt"
      Content-Disposition: attachment; filename="notes.txt"

      https://attachment.example/skipped
      --outer--
      """
    let found = try links(message)
    #expect(found.map(\.url) == ["www.outer.example/x", "https://inner.example/a"])
    #expect(found.map { $0.message?.index } == [0, 1])
    #expect(found.map { $0.message?.subject } == ["Fwd: deals", "Deals"])
    #expect(found[1].message?.id == "<inner@x>")
  }

  @Test func aMessageWithoutMIMEIsPlainTextWithCRLF() throws {
    let found = try links("From: a@b.example\r\nSubject: hi\r\n\r\nline one\r\ngo to https://x.example/p\r\n")
    #expect(found.map(\.url) == ["https://x.example/p"])
    #expect(found.first?.location.line == 2)
    #expect(found.first?.location.column == 7)
  }

  @Test func brokenMailGivesWhatCanBeRead() throws {
    // A boundary that never closes, truncated base64, an unknown charset, a bad transfer encoding.
    let message = """
      From: x@y.example
      Content-Type: multipart/mixed; boundary=b

      --b
      Content-Type: text/plain; charset=x-no-such-charset
      Content-Transfer-Encoding: quoted-printable ;

      https://one.example/a=
      b
      --b
      Content-Type: text/html
      Content-Transfer-Encoding: base64

      PGEgaHJlZj0iaHR0cHM6Ly90d28uZXhhbXBsZS8iPg
      --b
      Content-Type: multipart/alternative

      no boundary parameter https://skipped.example
      --b
      Content-Type: text/html; charset=utf-8

      <a href="https://three.example/
      """
    let found = try links(message)
    // A multipart without a boundary is read as text, as Python's email reads it.
    #expect(found.map(\.url) == ["https://one.example/ab", "https://two.example/", "https://skipped.example", "https://three.example/"])
  }

  @Test func deepNestingIsBounded() throws {
    var message = "From: x@y.example\nContent-Type: multipart/mixed; boundary=b0\n\n"
    for level in 1...5_000 { message += "--b\(level - 1)\nContent-Type: multipart/mixed; boundary=b\(level)\n\n" }
    message += "--b5000\nContent-Type: text/plain\n\nhttps://deep.example\n"
    // Past the limit: not read, and said (issue 15: never a silent skip).
    let read = try EMLReader().read(Array(message.utf8), file: "m.eml")
    #expect(read.links.isEmpty)
    #expect(read.problem != nil)
    // Within the limit, links are found.
    var shallow = "From: x@y.example\nContent-Type: multipart/mixed; boundary=b0\n\n"
    for level in 1...10 { shallow += "--b\(level - 1)\nContent-Type: multipart/mixed; boundary=b\(level)\n\n" }
    shallow += "--b10\nContent-Type: text/plain\n\nhttps://deep.example\n"
    #expect(try links(shallow).map(\.url) == ["https://deep.example"])
  }

  @Test func binaryAndEmptyInputsAreErrors() {
    #expect(throws: ReaderError.self) { try EMLReader().links(in: [0x50, 0x4B, 0x03, 0x04, 0, 0], file: "a.eml") }
    #expect(throws: ReaderError.self) { try EMLReader().links(in: [], file: "a.eml") }
  }

  @Test(arguments: [
    ("a.eml", "<html>", true),
    ("a.EML", "", true),
    ("-.html", "Received: from mx\r\n", true),
    ("noext", "Return-Path: <a@b>\n", true),
    ("noext", "MIME-Version: 1.0\n", true),
    ("noext", "From: a@b\n", true),
    ("noext", "<html><body>", false),
    ("noext", "From a@b Sat Jan  3 01:05:34 1996\n", false),  // mbox, not one message
    ("noext", "Hello: world\n", false),
  ])
  func sniffing(_ path: String, _ head: String, _ accepted: Bool) {
    #expect(EMLReader.accepts(path: path, head: Array(head.utf8)[...]) == accepted)
  }

  @Test func builtInReadersPickMailBeforeHTML() {
    let head = Array("Received: from mx\nContent-Type: text/html\n\n<html><a href=x>".utf8)[...]
    let mail = BuiltInReaders.reader(forPath: "-", head: head).map(ObjectIdentifier.init)
    #expect(mail == ObjectIdentifier(EMLReader.self))
    let html = BuiltInReaders.reader(forPath: "n.html", head: Array("<html>".utf8)[...]).map(ObjectIdentifier.init)
    #expect(html == ObjectIdentifier(HTMLReader.self))
  }
}

import DarkshareCore
import Foundation
import Testing

@testable import DarkshareReaders

/// Google Voice Takeout pages: recognised by their body, one message per `<div class="message">`,
/// links inside `<q>` only, and broken, truncated, huge and hostile pages read without a crash.
@Suite struct GoogleVoiceReaderTests {
  static let top = """
    <?xml version="1.0" ?>
    <!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd"><html><head>
    <title>Ann</title></head>
    <body><div class="hChatLog hfeed">

    """
  static let bottom = """
    </div>
    <div class="tags">Labels:
    <a rel="tag" href="http://www.google.com/voice#sms">Text</a></div></body></html>
    """

  static func message(_ quote: String, name: String = "Ann", tel: String = "+15550100", time: String = "2026-03-02T09:04:05.120-08:00") -> String {
    """
    <div class="message"><abbr class="dt" title="\(time)">Mar 2, 2026, 9:04:05&#8239;AM
    Pacific Time</abbr>:
    <cite class="sender vcard"><a class="tel" href="tel:\(tel)"><span class="fn">\(name)</span></a></cite>:
    <q>\(quote)</q>
    </div>
    """
  }

  static func page(_ messages: [String]) -> [UInt8] { Array((top + messages.joined(separator: " ") + bottom).utf8) }

  private func links(_ bytes: [UInt8]) throws -> [Link] {
    try GoogleVoiceReader().links(in: bytes, file: "Ann - Text - 2026.html")
  }

  @Test func takeoutPagesAreClaimedBeforeHTML() {
    let page = Self.page([Self.message("hi")])
    #expect(BuiltInReaders.reader(forPath: "Voice/Calls/Ann - Text - 2026.html", head: page.prefix(4096))?.format == "google-voice")
    #expect(BuiltInReaders.reader(forPath: "-", head: page.prefix(4096))?.format == "google-voice")
    let voicemail = Array(#"<html><body><div class="haudio"><span class="album">Call Log for</span>"#.utf8)
    #expect(BuiltInReaders.reader(forPath: "x - Voicemail - 2016.html", head: voicemail[...])?.format == "google-voice")
    // An ordinary newsletter, even one quoting with <q>, stays HTML; a .txt is never claimed.
    let newsletter = Array(#"<html><body><div class="message"><q>https://a.example/</q></div></body></html>"#.utf8)
    #expect(BuiltInReaders.reader(forPath: "news.html", head: newsletter[...])?.format == "html")
    #expect(!GoogleVoiceReader.accepts(path: "notes.txt", head: page[...]))
  }

  @Test func eachMessageHasItsSenderAndTime() throws {
    let page = Self.page([
      Self.message("see https://a.example/one"),
      Self.message("and https://a.example/two", name: "", tel: "+15550199", time: "2026-03-02T10:00:00.000-08:00"),
      #"<div class="message"><abbr class="dt" title="2026-03-02T11:00:00.000-08:00">x</abbr>: <cite class="sender vcard"><a class="tel" href="tel:+15550107"><abbr class="fn" title="">Me</abbr></a></cite>: <q>https://a.example/three</q></div>"#,
    ])
    let found = try links(page)
    #expect(found.map(\.url) == ["https://a.example/one", "https://a.example/two", "https://a.example/three"])
    #expect(found.map { $0.message?.index } == [0, 1, 2])
    #expect(found.map { $0.message?.from } == ["Ann", "+15550199", "Me"])  // an empty fn falls back to the number
    #expect(found.map { $0.message?.date } == ["2026-03-02T09:04:05.120-08:00", "2026-03-02T10:00:00.000-08:00", "2026-03-02T11:00:00.000-08:00"])
    #expect(found.allSatisfy { $0.channel == .sms })
  }

  /// Positions count the file as written: an entity is as many columns as its characters, an
  /// emoji one; an href is placed at its value; the anchor text is not a second link.
  @Test func linksAreAtTheirLineAndColumnInTheFile() throws {
    let quote = #"It&#39;s 😀 https://a.example/x?a=1&amp;b=2 <a href="https://b.example/y">https://b.example/y</a><br>www.c.example/z"#
    let page = Self.page([Self.message(quote)])
    let found = try links(page)
    #expect(found.map(\.url) == ["https://a.example/x?a=1&b=2", "https://b.example/y", "www.c.example/z"])
    #expect(found.map(\.element) == ["text", "a", "text"])
    #expect(found[1].text == "https://b.example/y")
    let text = String(decoding: page, as: UTF8.self)
    let lines = text.components(separatedBy: "\n")
    for (link, needle) in zip(found, ["https://a.example/x", "https://b.example/y", "www.c.example/z"]) {
      let row = try #require(lines.firstIndex { $0.contains(needle) })
      let line = lines[row]
      let column = line.unicodeScalars.distance(
        from: line.unicodeScalars.startIndex, to: try #require(line.range(of: needle)).lowerBound.samePosition(in: line.unicodeScalars)!) + 1
      #expect(link.location.line == row + 1)
      #expect(link.location.column == column, "\(needle)")
    }
  }

  @Test func callVoicemailAttachmentAndLabelLinksAreNotCounted() throws {
    let voicemail = Array(
      #"<html><body><div class="haudio"><a class="tel" href="tel:+1555"><span class="fn">Ann</span></a> Transcript: see you at https://a.example/ <audio src="x.mp3"><a rel="enclosure" href="x.mp3">Audio</a></audio><div class="tags"><a rel="tag" href="http://www.google.com/voice#voicemail">Voicemail</a></div></div></body></html>"#
        .utf8)
    #expect(try links(voicemail).isEmpty)
    let mms = Self.page([
      Self.message("MMS Received") + #"<div><a class="vcard" href="Ann - Text - 2026-5-1">Contact card attachment</a><img src="https://a.example/i.jpg" /></div>"#
    ])
    #expect(try links(mms).isEmpty)
  }

  /// Cut short anywhere, a page still reads: what is there is read, nothing is invented.
  @Test func aTruncatedPageReadsWhatIsThere() throws {
    let page = Self.page([Self.message(#"one https://a.example/1 <a href="https://b.example/2">b</a> &amp; https://c.example/3"#)])
    let text = String(decoding: page, as: UTF8.self)
    let full = try links(page)
    #expect(full.count == 3)
    for cut in stride(from: 200, to: page.count, by: 7) {
      let found = try links(Array(page.prefix(cut)))
      #expect(found.count <= 3)
      for link in found { #expect(text.contains(link.url), "cut \(cut): \(link.url)") }
    }
  }

  @Test func hostileMarkupDoesNotCrash() throws {
    let cases = [
      #"<a href="#, #"<a href="https://a.example/"#, "&#99999999999;&#x110000;&", "<<<<>>>>", "<a href=https://u.example/q>x</a",
      "</q></q>https://x.example/", #"<a><a href=''><a href="  https://t.example/ ">"#, String(repeating: "<br>", count: 2000),
      // Runs that would be quadratic if each `<` or `&` were searched to the end again.
      String(repeating: "<", count: 200_000) + " https://after.example/", String(repeating: "&", count: 200_000),
    ]
    for quote in cases {
      _ = try links(Self.page([Self.message(quote)]))
    }
    // An unquoted href and one padded with spaces are read as browsers read them.
    #expect(try links(Self.page([Self.message("<a href=https://u.example/q>x</a>")])).map(\.url) == ["https://u.example/q"])
    #expect(try links(Self.page([Self.message(#"<a href="  https://t.example/ ">t</a>"#)])).map(\.url) == ["https://t.example/"])
    #expect(try links(Self.page([Self.message(String(repeating: "<", count: 1000) + " https://after.example/")])).map(\.url) == ["https://after.example/"])
    #expect(throws: ReaderError.self) { try GoogleVoiceReader().links(in: [0x3C, 0x00, 0x01, 0x02, 0xFF, 0x00], file: "x.html") }
    #expect(throws: ReaderError.self) { try GoogleVoiceReader().links(in: Array("<html><p>plain</p></html>".utf8), file: "x.html") }
  }

  /// A huge conversation is read in full: twice the messages give exactly twice the links, each
  /// in its own message (work is counted, not timed).
  @Test(arguments: [500, 1000])
  func aHugeConversationIsReadInFull(messages: Int) throws {
    let page = Self.page((0..<messages).map { Self.message("deal \($0) https://a.example/\($0)?utm_source=sms") })
    let found = try links(page)
    #expect(found.count == messages)
    #expect(found.map { $0.message?.index } == Array(0..<messages))
    #expect(found.last?.url == "https://a.example/\(messages - 1)?utm_source=sms")
  }
}

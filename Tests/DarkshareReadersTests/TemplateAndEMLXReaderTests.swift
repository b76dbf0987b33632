import DarkshareCore
import DarkshareTestSupport
import Testing

@testable import DarkshareReaders

@Suite struct TemplateSourceReaderTests {
  @Test(arguments: ["hbs", "handlebars", "liquid", "njk", "twig", "jinja", "j2", "erb", "xhtml", "tpl"])
  func templateExtensionsAreReadAsTemplates(_ ext: String) throws {
    let reader = try #require(BuiltInReaders.reader(forPath: "mail/welcome.html.\(ext)", head: []))
    #expect(reader.format == TemplateReader.format)
    let links = try reader.init().links(
      in: Array(#"<a {% if x %}href="https://shop.example/"{% endif %}>Shop</a>"#.utf8), file: "welcome.\(ext)")
    #expect(links.map(\.url) == ["https://shop.example/"])
    #expect(links.first?.location.column == 20)  // the `h`
  }

  @Test func mjmlIsClaimedByExtensionAndByItsRootElement() {
    #expect(BuiltInReaders.reader(forPath: "a.MJML", head: [])?.format == MJMLReader.format)
    #expect(BuiltInReaders.reader(forPath: "-", head: Array("\n  <mjml>\n<mj-body>".utf8)[...])?.format == MJMLReader.format)
    #expect(BuiltInReaders.reader(forPath: "a.html", head: Array("<mjml>".utf8)[...])?.format == MJMLReader.format)
    #expect(BuiltInReaders.reader(forPath: "a.html", head: Array("<html><a href=x>".utf8)[...])?.format == HTMLReader.format)
  }

  @Test func binaryTemplateIsAnError() {
    #expect(throws: ReaderError.self) { try TemplateReader().links(in: [0x89, 0x50, 0x4E, 0x47, 0, 0, 1], file: "x.hbs") }
  }
}

@Suite struct EMLXReaderTests {
  private let message = """
    From: News <news@shop.example>\r
    Subject: Sale\r
    Content-Type: text/html; charset=utf-8\r
    \r
    <p><a href="https://shop.example/sale">Sale</a></p>\r

    """

  private func emlx(count: Int? = nil, trailer: String) -> [UInt8] {
    let body = Array(message.utf8)
    return Array("\(count ?? body.count)\n".utf8) + body + Array(trailer.utf8)
  }

  private let plist = """
    <?xml version="1.0" encoding="UTF-8"?>
    <plist version="1.0"><dict><key>flags</key><integer>8590195713</integer>
    <key>remote-id</key><string><a href="https://not-a-link.example/">x</a></string></dict></plist>
    """

  @Test func readsOnlyTheCountedMessage() throws {
    let links = try EMLXReader().links(in: emlx(trailer: plist), file: "1234.emlx")
    #expect(links.map(\.url) == ["https://shop.example/sale"])
    #expect(links.map(\.location.line) == [1])
    #expect(links.first?.message?.subject == "Sale")
  }

  @Test func isClaimedByExtensionBeforeMailSniffing() {
    #expect(BuiltInReaders.reader(forPath: "Messages/1234.partial.emlx", head: emlx(trailer: plist)[...])?.format == "emlx")
  }

  @Test func aTruncatedFileKeepsItsLinksAndSaysSo() throws {
    let (links, problem) = try EMLXReader().read(emlx(count: message.utf8.count + 500, trailer: ""), file: "t.emlx")
    #expect(links.map(\.url) == ["https://shop.example/sale"])
    #expect(problem?.message.contains("truncated") == true)
  }

  /// A part of the message that is not read (nested too deep) is said, and the links of the
  /// rest are kept, as for an `.eml` (they were all lost).
  @Test func aMessageWithAPartNotReadKeepsItsOtherLinks() throws {
    let nested = (0..<70).map { "Content-Type: multipart/mixed; boundary=l\($0)\n\n--l\($0)\n" }.joined()
    let deep = "From: news@shop.example\nContent-Type: multipart/mixed; boundary=top\n\n--top\n\nSee https://shop.example/kept\n--top\n"
      + nested + "\nDeep https://shop.example/deep\n--top--\n"
    let (links, problem) = try EMLXReader().read(Array("\(deep.utf8.count)\n\(deep)".utf8), file: "deep.emlx")
    #expect(links.map(\.url) == ["https://shop.example/kept"])
    #expect(problem?.message.contains("nested more than 64 levels") == true)
  }

  @Test(arguments: ["", "From: a@b.example\n\nhello", "12x\nFrom: a\n", "99999999999999999999\n"])
  func aFileWithoutAByteCountIsAnError(_ text: String) {
    #expect(throws: ReaderError.self) { try EMLXReader().links(in: Array(text.utf8), file: "bad.emlx") }
  }
}

import DarkshareMarkup
import DarkshareTestSupport
import Foundation
import Testing

/// The links of a document fed a chunk at a time are the links of the whole document scanned at
/// once: the same values, texts, lines, columns and order, whatever the chunks.
@Suite struct HTMLLinkStreamTests {
  /// `bytes` fed in chunks of `size`, with the encoding the reader would choose (converted to
  /// UTF-8 in chunks first when it is neither UTF-8 nor windows-1252).
  private func streamed(_ bytes: [UInt8], chunkSize size: Int, dialect: MarkupDialect = .html) -> [MarkupLink]? {
    var encoding = HTMLLinkStream.Encoding.utf8
    var bytes = bytes
    switch HTMLLinkStream.encodingChoice(head: Array(bytes.prefix(4096))) {
    case .known(let known): encoding = known
    case .utf8IfValid:
      var validation = UTF8Validation()
      for start in stride(from: 0, to: bytes.count, by: size) { validation.feed(Array(bytes[start..<min(start + size, bytes.count)])) }
      if !validation.finish() { encoding = .windows1252 }
    case .converted(let charset, let dropping):
      // Converted a chunk at a time, then read as UTF-8 (the byte-order mark says so).
      guard let converter = Transcoder.Stream(charset: charset) else { return nil }
      var converted: [UInt8] = [0xEF, 0xBB, 0xBF]
      for start in stride(from: dropping, to: bytes.count, by: size) {
        converted += converter.convert(Array(bytes[start..<min(start + size, bytes.count)]), isLast: false)
      }
      bytes = converted + converter.convert([], isLast: true)
    }
    let stream = HTMLLinkStream(encoding: encoding, dialect: dialect)
    var links = [MarkupLink]()
    for start in stride(from: 0, to: bytes.count, by: size) {
      links += stream.feed(Array(bytes[start..<min(start + size, bytes.count)]))
    }
    return links + stream.finish()
  }

  /// Whether `bytes` streamed in chunks of each of `sizes` gives the whole scan's links.
  @discardableResult
  private func expectSame(
    _ bytes: [UInt8], _ label: String, sizes: [Int] = [1, 7, 100, 4096, 1 << 20], dialect: MarkupDialect = .html
  ) -> Bool {
    let whole = HTMLLinkScanner.scan(bytes, dialect: dialect).links
    for size in sizes {
      guard let parts = streamed(bytes, chunkSize: size, dialect: dialect) else { return false }
      #expect(parts == whole, "\(label) in chunks of \(size)")
    }
    return true
  }

  @Test func corpusDocumentsGiveTheLinksOfTheWholeScan() throws {
    let files = Corpus.labelledFiles.filter { $0.hasSuffix(".html") }
    #expect(files.count > 10)
    for file in files {
      let bytes = try [UInt8](Data(contentsOf: Corpus.packageRoot.appendingPathComponent(file)))
      #expect(expectSame(bytes, file, sizes: [1, 13, 4096]), "\(file)")
    }
  }

  @Test(.enabled(if: RealWorld.isAvailable)) func realWorldDocumentsGiveTheLinksOfTheWholeScan() throws {
    var compared = 0
    for file in RealWorld.files(withExtensions: ["html", "htm"]) {
      let bytes = try [UInt8](Data(contentsOf: RealWorld.directory.appendingPathComponent(file)))
      if expectSame(bytes, file, sizes: [13, 4096]) { compared += 1 }
    }
    #expect(compared > 50)
  }

  @Test(arguments: [
    // Line ends of every kind, split anywhere; a BOM; NUL bytes.
    "\u{FEFF}<p>a\r\nb\rc\n<a href=\"https://a.example/x\">A</a>\r\n<a href=' https://b.example/y '>B\r\nB</a>",
    "<a href=\"https://a.example/\u{0}x\">NUL</a>\n<a href=https://b.example/>unquoted</a>",
    // Conditional comments: links in them come where the comment is.
    "<a href=\"https://a.example/1\">1</a><!--[if mso]><v:roundrect href=\"https://a.example/2\">2</v:roundrect><![endif]--><a href=\"https://a.example/3\">3</a>",
    // Links nested and never closed, images as text, multi-byte characters before a link.
    "<a href=\"https://a.example/outer\"><img alt=\"Shop\"><a href=\"https://a.example/inner\">Inner ünïcödé</a>",
    "<table><tr><td>日本語テキスト <a href=\"https://a.example/ja\">リンク</a></td></tr></table>",
    // Suppression markers.
    "<!-- darkshare-ignore-next-link --><a href=\"https://a.example/ignored\">x</a><div data-darkshare-ignore><a href=\"https://a.example/too\">y</a></div><a href=\"https://a.example/kept\">z</a>",
    // Content after </html> (a footer a mail server appended) is read, as the whole scan reads it.
    "<html><body><a href=\"https://a.example/1\">one</a></body></html>\n<p>appended <a href=\"https://a.example/2\">two</a></p>\n</html><a href=\"https://a.example/3\">three</a>",
    "<table><tr><t  </table>\n</body>\n</html>d valign=\"middle\"><a href=\"https://a.example/after\">after</a>",
    // A quote left open inside a conditional comment: the value ends where the comment does.
    "<p>partner <!--[if mso]><A HREF=\"http://partners.example.or<![endif]-->g/ledger\">Partner page</A></p><p>more text \" here</p>",
    // A link still open when the document ends in an unfinished tag.
    "<p><a href=\"https://a.example/x\" style=\"a\n   <;\">\n<t",
    "<p><a href=\"https://a.example/x\">text <b",
    "<p><a href=\"https://a.example/x\">text br><",
    // `<!-->` does not end the comment it opens (libxml2 reads on to the next `-->`); `<!---->` does.
    "<p>a<!-->b <a href=\"https://a.example/1\">1</a> c -->d <a href=\"https://a.example/2\">2</a>",
    "<p>a<!---->b <a href=\"https://a.example/1\">1</a> c --!>d <a href=\"https://a.example/2\">2</a>",
    // Script and style text with `>` and `</` inside, and quotes holding `>` in a tag.
    "<script>if (a > b && c < d) { s = '</p>' }</script><a title=\"x > y\" href=\"https://a.example/s\">s</a><style>a > b {}</style>",
    // A marker at the very end suppresses nothing, not even a link inside an earlier conditional comment.
    "<!--[if mso]><a href=\"https://a.example/mso\">m</a><![endif]--><p>end</p><!-- darkshare-ignore-next-link -->",
  ])
  func trickyDocumentsGiveTheLinksOfTheWholeScan(_ document: String) {
    expectSame(Array(document.utf8), String(document.prefix(40)))
  }

  /// A corpus newsletter mangled by FuzzHTMLParts: `<A href="mailto:…` runs on over a line
  /// into `<META http-equiv="Content-Type" content="…`, so libxml2's look-ahead and its parser
  /// disagree on where the tag ends (the quote after `Content-Type` opens nothing for the
  /// parser), and a chunk cut at the look-ahead's `>` once gave one link more.
  @Test func aMangledDocumentGivesTheLinksOfTheWholeScan() throws {
    let file = Corpus.packageRoot.appendingPathComponent("Tests/DarkshareMarkupTests/Fixtures/parts-divergence-mangled.html")
    let bytes = try [UInt8](Data(contentsOf: file))
    #expect(!HTMLLinkScanner.scan(bytes).links.isEmpty)
    #expect(expectSame(bytes, "parts-divergence-mangled.html", sizes: [1, 7, 13, 4096, 1 << 20]))
  }

  /// A quote that libxml2's parser does not take for one (in an attribute name, opening bogus
  /// attribute text, in an unquoted value) while its look-ahead does: the look-ahead finds the tag's end at the `>`
  /// inside the value `u>v`, and a chunk ending there made the parser stop the value at `u>`
  /// and read `v">t` as text. Chunks now end where the parser ends the tag.
  @Test(arguments: [
    #"<p>x <a b"c href="https://a.example/u>v">t</a> y</p>"#,
    #"<p><a x=1 'y href='https://a.example/u>v'>t</a></p>"#,
    #"<p><a title=5" href="https://a.example/1>2">one</a><a href="https://a.example/2">two</a></p>"#,
    // The look-ahead still in a quote where the parser ended the tag (`5"`): chunks wait for it.
    #"<td width=5"><a href="https://a.example/x">x</a></td><p title="y">z</p>"#,
    // `<script/>` closes at once; `</scripts>` does not end a script; neither is a link.
    #"<script/><a href="https://a.example/1">1</a><b title="</script> <a href='https://a.example/no'>">b</b>"#,
    #"<script>x</scripts><a href='https://a.example/no'>y</a></script><a href="https://a.example/after">z</a>"#,
    // `</ `, `<!x` and `<? ` start no construct: their `<` is text, and the tag after them counts.
    #"<p></ <a href="https://a.example/u>v">t</a> <!x <a href="https://a.example/w>x">u</a> <? <a href="https://a.example/y>z">v</a></p>"#,
    // An element name ends where `[A-Za-z0-9:_.-]` does: the value is `<aª`'s, not that of an
    // older tag the stream has let go of.
    #"<p><a href="{{ <a href="https://a.example/0>x</p> <p><aª href="https://a.example/1">1</a></p>"#,
    // A doctype's literal holds a `>` and what looks like a link.
    #"<!DOCTYPE html SYSTEM "a>b <a href='https://a.example/no'>"><a href="https://a.example/after">z</a>"#,
  ])
  func aTagEndsInChunksWhereTheParserEndsIt(_ document: String) {
    expectSame(Array(document.utf8), document, sizes: [1, 2, 3, 5, 7, 13, 100])
  }

  /// libxml2's look-ahead for `<td width=5">` stays in a quote the parser never opened until
  /// the `"` megabytes later, so no chunk satisfies it: past the 4 MiB the stream holds back, it
  /// pushes up to the end of the last whole construct, and the links are still the whole scan's.
  @Test func aLookAheadLeftInAQuoteForMegabytesStillGivesTheWholeScan() {
    let line = "<p>plain text <b>without quotes</b></p>\n"
    let filler = String(repeating: line, count: (5 << 20) / line.utf8.count)
    let document =
      "<td width=5\"><a href=https://a.example/1>1</a>\n" + filler
      + "<a href=https://a.example/2>2</a><p title=\"x>y\">z</p><a href=https://a.example/3>3</a>"
    let bytes = Array(document.utf8)
    #expect(HTMLLinkScanner.scan(bytes).links.count == 3)
    #expect(expectSame(bytes, "5 MiB after <td width=5\">", sizes: [1 << 16]))
  }

  /// Templates and MJML sources: their template tags are masked a start tag at a time, so a
  /// tag cut by a chunk's end is masked as in the whole document.
  @Test func templatesAndMJMLSourcesGiveTheLinksOfTheWholeScan() throws {
    var compared = 0
    var withLinks = 0
    var files = Corpus.labelledFiles.filter { $0.hasSuffix(".hbs") || $0.hasSuffix(".mjml") }.map {
      Corpus.packageRoot.appendingPathComponent($0)
    }
    if RealWorld.isAvailable {
      files += RealWorld.files(withExtensions: ["mjml", "hbs", "liquid", "njk", "twig", "erb", "tpl"]).map {
        RealWorld.directory.appendingPathComponent($0)
      }
    }
    for file in files {
      let bytes = try [UInt8](Data(contentsOf: file))
      let dialect: MarkupDialect = file.pathExtension == "mjml" ? .mjml : .template
      if !HTMLLinkScanner.scan(bytes, dialect: dialect).links.isEmpty { withLinks += 1 }
      if expectSame(bytes, file.lastPathComponent, sizes: [1, 13, 4096], dialect: dialect) { compared += 1 }
    }
    #expect(compared == files.count && withLinks >= (RealWorld.isAvailable ? 20 : 2))
  }

  @Test(arguments: [
    #"<p>Grüße 👋 <a {% if lang == "für" %}title="x"{% endif %} href="https://shop.example/€">€</a></p>"#,
    #"<a {# a note > here #} href="https://shop.example/vip">VIP</a><a <% if vip %>href="https://shop.example/erb"<% end %>>E</a>"#,
    #"<a {if $vip}href="https://shop.example/vip"{/if}>VIP</a> <a {{{raw_attributes}}} href="https://shop.example/raw">R</a>"#,
    // Both branches of a conditional href: the first takes the second's text.
    #"<a {{#if vip}}href="https://shop.example/vip"{{else}}href="https://shop.example/"{{/if}} class="b">VIP <b>now</b></a><a href="https://c.example/">c</a>"#,
    #"<A {% if vip %}HREF="https://shop.example/vip"{%- else -%}href="https://shop.example/"{% endif %}>VIP</A>"#,
    #"<a <% if vip %>href="https://shop.example/vip"<% else %>href="https://shop.example/"<% end %>>VIP</a>"#,
    #"<a {{#vip}}href="https://shop.example/vip"{{/vip}}{{^vip}}href="https://shop.example/"{{/vip}}></a><p>x</p>"#,
    #"<td {% if a %}class="x"{% else %}class="y"{% endif %}><a href="https://shop.example/">Shop</a></td>"#,
    // Tags in and in place of values are the URL's.
    #"<a href="{{#if vip}}https://a.example/v{{else}}https://a.example/{{/if}}">A</a><a href={{url}}>B</a>"#,
    // A template tag never closed, a quote never closed, a `<` at the very end.
    "<a {{#if vip href=\"https://a.example/1\">1</a>\n<a href=\"https://a.example/2\">2</a>",
    "<a {% if %}title=\"open href=\"https://a.example/1\">1</a><a {% x %}href=\"https://a.example/2\">2</a>",
    "<a href=\"https://a.example/1\" {{x}}>1</a> <",
    // MJML components and text.
    #"<mjml><mj-body><mj-button {% if a %}css-class="x"{% endif %} href="https://a.example/b">B</mj-button><mj-text><a href="https://a.example/t">T</a></mj-text></mj-body></mjml>"#,
  ])
  func templateTagsAreMaskedTheSameInChunks(_ document: String) {
    let dialect: MarkupDialect = document.hasPrefix("<mjml") ? .mjml : .template
    #expect(expectSame(Array(document.utf8), document, sizes: [1, 2, 3, 5, 7, 13, 100], dialect: dialect))
  }

  @Test func aMarkerAtTheEndSuppressesNoConditionalCommentLink() {
    let document = "<!--[if mso]><a href=\"https://a.example/mso\">m</a><![endif]--><!-- darkshare-ignore-next-link -->"
    let links = HTMLLinkScanner.scan(Array(document.utf8)).links
    #expect(links.map(\.value) == ["https://a.example/mso"])
    #expect(links.first?.isSuppressed == false)
  }

  /// Legacy bytes (windows-1252, undeclared) are decoded the same way in chunks.
  @Test func windows1252IsDecodedTheSame() {
    var bytes = Array("<p>Caf".utf8) + [0xE9] + Array(" <a href=\"https://a.example/caf".utf8) + [0xE9] + Array("\">Men".utf8) + [0xFC] + Array("</a>".utf8)
    expectSame(bytes, "windows-1252")
    bytes = Array("<meta charset=\"iso-8859-1\"><a href=\"https://a.example/\">".utf8) + [0xC4] + Array("</a>".utf8)
    expectSame(bytes, "declared latin-1")
  }

  /// UTF-16 (by its byte-order mark) and legacy charsets a `<meta>` declares are converted to
  /// UTF-8 a chunk at a time first: the links are the whole scan's, sequences cut by a chunk's
  /// end and ISO-2022-JP's shift state included.
  @Test func otherEncodingsAreConvertedInChunksFirst() {
    let text = "<p>日本 <a href=\"https://a.example/日本?x=1\">日本</a>\r\n<a href='https://b.example/'>b</a></p>"
    var le: [UInt8] = [0xFF, 0xFE]
    var be: [UInt8] = [0xFE, 0xFF]
    for unit in text.utf16 {
      le += [UInt8(unit & 0xFF), UInt8(unit >> 8)]
      be += [UInt8(unit >> 8), UInt8(unit & 0xFF)]
    }
    let nihon: [String: [UInt8]] = [
      "shift_jis": [0x93, 0xFA, 0x96, 0x7B], "euc-jp": [0xC6, 0xFC, 0xCB, 0xDC],
      "iso-2022-jp": [0x1B, 0x24, 0x42, 0x46, 0x7C, 0x4B, 0x5C, 0x1B, 0x28, 0x42],
    ]
    var documents = [("utf-16le", le), ("utf-16be", be)]
    for (charset, word) in nihon.sorted(by: { $0.key < $1.key }) {
      let parts = text.components(separatedBy: "日本").map { Array($0.utf8) }
      let body = parts.dropFirst().reduce(parts[0]) { $0 + word + $1 }
      documents.append((charset, Array("<meta charset=\"\(charset)\">".utf8) + body))
    }
    for (label, bytes) in documents {
      let whole = HTMLLinkScanner.scan(bytes).links
      #expect(whole.count == 2 && whole[0].text == "日本", "\(label)")
      #expect(expectSame(bytes, label, sizes: [1, 2, 3, 7, 100]))
    }
  }

  /// A page declaring UTF-7 is read as windows-1252, as browsers read it (FuzzHTMLParts found
  /// invalid UTF-7 converted differently in chunks than whole: iconv resynchronises a broken
  /// base64 run where the input happens to be cut).
  @Test func aPageDeclaringUTF7IsReadAsWindows1252() {
    let bytes = Array(#"<meta charset="utf-7"><a href="https://a.example/">+AGEAYgBj-</a><a href="https://b.example/">+2D3eAA</a>"#.utf8)
    let scan = HTMLLinkScanner.scan(bytes)
    #expect(scan.encoding == "windows-1252")
    #expect(scan.links.map(\.text) == ["+AGEAYgBj-", "+2D3eAA"])
    #expect(HTMLLinkStream.encodingChoice(head: bytes) == .known(.windows1252))
    #expect(expectSame(bytes, "utf-7", sizes: [1, 3, 7]))
  }

  /// A link whose element never closes does not hold back the links after it for ever.
  @Test func anUnclosedLinkIsHandedOnWhenManyWaitBehindIt() {
    let stream = HTMLLinkStream(encoding: .utf8)
    var handed = stream.feed(Array("<v:rect href=\"https://a.example/open\">".utf8))
    let many = (0..<5000).map { "<a href=\"https://a.example/\($0)\">\($0)</a>" }.joined()
    handed += stream.feed(Array(many.utf8))
    #expect(handed.count > 900)
    #expect(handed.first?.value == "https://a.example/open")
    #expect(handed.count + stream.finish().count == 5001)
  }

  @Test func utf8ValidationAcrossChunks() {
    let text = Array("aé€😀".utf8)
    for size in 1...text.count {
      var validation = UTF8Validation()
      for start in stride(from: 0, to: text.count, by: size) { validation.feed(Array(text[start..<min(start + size, text.count)])) }
      let isValid = validation.finish()
      #expect(isValid, "chunks of \(size)")
    }
    var cut = UTF8Validation()
    cut.feed(Array(text.dropLast()))
    let cutIsValid = cut.finish()
    #expect(!cutIsValid)
    var invalid = UTF8Validation()
    invalid.feed([0x61, 0xFF, 0x62])
    let invalidIsValid = invalid.finish()
    #expect(!invalidIsValid)
  }
}

import DarkshareTestSupport
import Testing

@testable import DarkshareMarkup

@Suite struct HTMLLinkScannerTests {
  private func scan(_ marked: MarkedText) -> HTMLScan {
    HTMLLinkScanner.scan(Array(marked.text.utf8))
  }

  private func locations(_ scan: HTMLScan) -> [MarkedText.Location] {
    scan.links.map { MarkedText.Location(line: $0.line, column: $0.column) }
  }

  @Test func findsAnchorsAndAreasWithPositionsAndText() {
    let marked = MarkedText(
      """
      <html><body>
        <p>Hello <a href="↓https://shop.example/sale?a=1&amp;b=2">Spring <b>sale</b></a></p>
        <map name="m"><area shape="rect" href='↓https://shop.example/map' alt="Map"></map>
        <img src="https://cdn.example/logo.png"><link rel="stylesheet" href="https://cdn.example/s.css">
      </body></html>
      """)
    let result = scan(marked)
    #expect(result.links.map(\.value) == ["https://shop.example/sale?a=1&b=2", "https://shop.example/map"])
    #expect(result.links.map(\.text) == ["Spring sale", "Map"])
    #expect(result.links.map(\.element) == ["a", "area"])
    #expect(locations(result) == marked.locations)
  }

  /// A `<meta>` that says UTF-16 in a page readable as ASCII is read as UTF-8, as browsers do
  /// (only a byte-order mark makes a page UTF-16): read as UTF-16 it gave no link at all.
  @Test(arguments: ["utf-16", "UTF-16LE", "unicode", "ucs-2"]) func aMetaSayingUTF16IsReadAsUTF8(_ label: String) {
    let document = Array("<meta charset=\"\(label)\"><p><a href=\"https://shop.example/caf\u{E9}\">Caf\u{E9}</a></p>".utf8)
    let scan = HTMLLinkScanner.scan(document)
    #expect(scan.links.map(\.value) == ["https://shop.example/caf\u{E9}"])
    #expect(scan.encoding == "utf-8")
    #expect(HTMLLinkStream.encodingChoice(head: document) == .utf8IfValid)
  }

  @Test func handlesUppercaseUnquotedAndWhitespaceValues() {
    let marked = MarkedText(
      """
      <A HREF=↓https://a.example/x>A</A>
      <a class=x href = "  ↓https://b.example/y  ">B</a>
      <a title="<a href=nope>" href="↓https://c.example/">C</a>
      """)
    let result = scan(marked)
    #expect(result.links.map(\.value) == ["https://a.example/x", "  https://b.example/y  ", "https://c.example/"])
    #expect(locations(result) == marked.locations)
  }

  /// Each value is located in its own tag, read as libxml2 reads it: an element name ends at
  /// the first byte that cannot continue it (`<aª` is an `a`), text that starts no attribute
  /// name is skipped to a blank (`"=" ` opens no value), and `/` starts such text unless `/>`;
  /// libxml2 cuts a name at 100 bytes (a VML element's).
  @Test func locatesValuesInTagsLibxml2ReadsLeniently() {
    let marked = MarkedText(
      """
      <p><aª href="↓https://a.example/1">1</a>
      <a "x=" href="↓https://b.example/2" title="2>3">2</a>
      <a b"c href=↓https://c.example/3>3</a>
      <v:\(String(repeating: "x", count: 120)) href="↓https://d.example/4">4</v:x>
      """)
    let result = scan(marked)
    #expect(result.links.map(\.value) == ["https://a.example/1", "https://b.example/2", "https://c.example/3", "https://d.example/4"])
    #expect(locations(result) == marked.locations)
  }

  @Test func countsColumnsInCharactersAfterMultibyteText() {
    let marked = MarkedText("<p>Grüße 👋 <a href=\"↓https://x.example/\">€</a></p>")
    let result = scan(marked)
    #expect(locations(result) == marked.locations)
    #expect(result.links.first?.text == "€")
  }

  @Test func findsLinksInsideOutlookConditionalComments() {
    let marked = MarkedText(
      """
      <!--[if mso]>
      <v:roundrect xmlns:v="urn:schemas-microsoft-com:vml" href="↓https://shop.example/vml" style="height:40px">
        <w:anchorlock/><center>Shop now</center>
      </v:roundrect>
      <![endif]-->
      <!--[if !mso]><!--><a href="↓https://shop.example/button">Shop now</a><!--<![endif]-->
      <!-- <a href="https://old.example/commented-out">old</a> -->
      """)
    let result = scan(marked)
    #expect(result.links.map(\.value) == ["https://shop.example/vml", "https://shop.example/button"])
    #expect(result.links.map(\.isInConditionalComment) == [true, false])
    #expect(result.links.map(\.element) == ["v:roundrect", "a"])
    #expect(result.links.first?.text == "Shop now")
    #expect(locations(result) == marked.locations)
  }

  /// A bulletproof button whose VML opens in one conditional comment and closes in another:
  /// the first comment's `<![endif]` is not the button's text.
  @Test func aButtonOpenedInOneConditionalCommentHasNoEndifText() {
    let marked = MarkedText(
      """
      <!--[if mso]><v:roundrect href="↓https://shop.example/vml" style="height:40px"><w:anchorlock/><center><![endif]-->
      <a href="↓https://shop.example/button">Shop now</a>
      <!--[if mso]></center></v:roundrect><![endif]-->
      """)
    let result = scan(marked)
    #expect(result.links.map(\.value) == ["https://shop.example/vml", "https://shop.example/button"])
    #expect(result.links.first?.text == nil || result.links.first?.text?.contains("endif") == false)
    #expect(locations(result) == marked.locations)
  }

  @Test func honoursDeclaredWindows1252() {
    var bytes = Array(#"<meta http-equiv="Content-Type" content="text/html; charset=windows-1252"><p>"#.utf8)
    bytes += [0x93, 0x43, 0x61, 0x66, 0xE9, 0x94, 0x20]  // “Café”
    bytes += Array(#"<a href="https://x.example/caf&eacute;">Men"#.utf8) + [0xFC] + Array("</a>".utf8)
    let result = HTMLLinkScanner.scan(bytes)
    #expect(result.encoding == "windows-1252")
    #expect(result.links.first?.value == "https://x.example/café")
    #expect(result.links.first?.text == "Menü")
    #expect(result.links.first?.column == 94)  // one column per windows-1252 byte
  }

  @Test func readsUndeclaredInvalidUTF8AsWindows1252() {
    let bytes = Array("<a href=\"https://x.example/\">".utf8) + [0xE9] + Array("t\u{E9}</a>".utf8)
    let result = HTMLLinkScanner.scan(bytes)
    #expect(result.encoding == "windows-1252")
    #expect(result.links.count == 1)
  }

  @Test func utf8WithContradictingMetaIsReadAsDeclaredOnlyWhenValid() {
    let html = #"<meta charset="utf-8"><a href="https://x.example/">Grüße</a>"#
    let result = HTMLLinkScanner.scan(Array(html.utf8))
    #expect(result.encoding == "utf-8")
    #expect(result.links.first?.text == "Grüße")
  }

  @Test func emptyAndGarbageInputGiveNoLinks() {
    #expect(HTMLLinkScanner.scan([]).links.isEmpty)
    var generator = SystemRandomNumberGenerator()
    let garbage = (0..<100_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
    _ = HTMLLinkScanner.scan(garbage)
  }

  @Test func truncatedMarkupStillYieldsTheLinksBeforeTheCut() {
    let marked = MarkedText(#"<table><tr><td><a href="↓https://x.example/a">A</a><a href="↓https://x.example/b"#)
    let result = scan(marked)
    #expect(result.links.map(\.value) == ["https://x.example/a", "https://x.example/b"])
    #expect(locations(result) == marked.locations)
  }

  @Test func survivesDeepNesting() {
    let depth = 10_000
    let html = String(repeating: "<div>", count: depth) + #"<a href="https://deep.example/">deep</a>"#
      + String(repeating: "</div>", count: depth)
    let result = HTMLLinkScanner.scan(Array(html.utf8))
    #expect(result.links.map(\.value) == ["https://deep.example/"])
  }

  @Test func survivesAHugeSingleLine() {
    let link = #"<a href="https://x.example/p?utm_source=a&amp;utm_medium=b">x</a>"#
    let line = String(repeating: link, count: 20_000_000 / link.utf8.count)
    let result = HTMLLinkScanner.scan(Array(line.utf8))
    #expect(result.links.count == 20_000_000 / link.utf8.count)
    #expect(result.links.last?.line == 1)
  }
}

@Suite struct URLEndTests {
  /// The end is just past the URL's last character in the stored bytes: entities count as
  /// written, whitespace before the closing quote does not.
  @Test func endPointsPastTheLastCharacterAsStored() throws {
    let html = "<p>\n  <a href=\" https://x.example/?a=1&amp;b=€ \">x</a>\n"
    let link = try #require(HTMLLinkScanner.scan(Array(html.utf8)).links.first)
    #expect((link.line, link.column) == (2, 13))
    #expect((link.endLine, link.endColumn) == (2, 13 + "https://x.example/?a=1&amp;b=€".count))
  }

  @Test func aURLCanSpanLines() throws {
    let html = "<a href=\"https://x.example/a\n?b=1\">x</a>"
    let link = try #require(HTMLLinkScanner.scan(Array(html.utf8)).links.first)
    #expect((link.line, link.column, link.endLine, link.endColumn) == (1, 10, 2, 5))
  }
}

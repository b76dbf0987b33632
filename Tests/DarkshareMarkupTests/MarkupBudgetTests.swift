import DarkshareTestSupport
import Testing

@testable import DarkshareMarkup

/// The markup budget checked before libxml2 parses (issue 15, defect 1): generated hostile
/// documents are refused with the line of the offending tag; ordinary markup passes.
@Suite struct MarkupBudgetTests {
  private func attributes(_ count: Int) -> String {
    (0..<count).map { "a\($0)=\"1\"" }.joined(separator: " ")
  }

  @Test func aTagWithTooManyAttributesIsRefusedAtItsLine() {
    let html = "<p>hello</p>\n<p>\n<a href=\"https://x.example/\" \(attributes(100_000))>x</a>"
    let scan = HTMLLinkScanner.scan(Array(html.utf8))
    #expect(scan.links.isEmpty)
    #expect(scan.refusal?.line == 3)
    #expect(scan.refusal?.limit.contains("more than 1000 attributes") == true)
  }

  @Test func attributesWithoutValuesCountToo() {
    let html = "<a href=\"https://x.example/\" " + (0..<2000).map { "b\($0)" }.joined(separator: " ") + ">x</a>"
    #expect(HTMLLinkScanner.scan(Array(html.utf8)).refusal != nil)
  }

  @Test func aThousandAttributesAreStillRead() {
    let html = "<a href=\"https://x.example/\" \(attributes(999))>x</a>"
    let scan = HTMLLinkScanner.scan(Array(html.utf8))
    #expect(scan.refusal == nil)
    #expect(scan.links.map(\.value) == ["https://x.example/"])
  }

  /// 100,000 nested `<b>` closed by stray `</i>`: libxml2 searches its whole element stack for
  /// each of them.
  @Test func deepNestingIsRefused() {
    let html = String(repeating: "<b>", count: 100_000) + String(repeating: "</i>", count: 100_000) + "<a href=\"https://y.example/\">y</a>"
    let scan = HTMLLinkScanner.scan(Array(html.utf8))
    #expect(scan.refusal?.limit.contains("nested more than 16384 deep") == true)
    // Within the depth, stray end tags over deep nesting exhaust the search budget.
    let stray = String(repeating: "<b>", count: 10_000) + String(repeating: "</i>", count: 10_000) + "<a href=\"https://y.example/\">y</a>"
    let strayScan = HTMLLinkScanner.scan(Array(stray.utf8))
    #expect(strayScan.refusal?.limit.contains("end tags that close no open element") == true)
    #expect(strayScan.refusal?.line == 1)
    // Elements an HTML parser closes itself do not nest: ten thousand unclosed <p> and <li> pass.
    let flat = String(repeating: "<p>text<li>item<br><img src=x>", count: 10_000) + "<a href=\"https://y.example/\">y</a>"
    #expect(HTMLLinkScanner.scan(Array(flat.utf8)).refusal == nil)
    // Balanced nesting never accumulates.
    let balanced = String(repeating: "<div><span>x</span></div>", count: 10_000)
    #expect(HTMLLinkScanner.scan(Array(balanced.utf8)).refusal == nil)
  }

  /// A name is one of the elements that never nest only when it is that name: `p` followed by a
  /// NUL is another element, which nests.
  @Test func aNameWithANULIsNotTheElementItStartsWith() {
    let budget = MarkupBudget(attributesPerElement: 10, depth: 10, attributeValueBytes: 100)
    var paragraphs = MarkupBudgetScanner(budget: budget, dialect: .html)
    #expect(paragraphs.feed(Array(String(repeating: "<p>x", count: 20).utf8)) == nil)
    var withNUL = MarkupBudgetScanner(budget: budget, dialect: .html)
    #expect(withNUL.feed(Array(String(repeating: "<p\u{0}>x", count: 20).utf8))?.limit.contains("nested more than 10 deep") == true)
  }

  @Test func scriptAndQuotedTextAreNotTags() {
    let script = "<script>if (a <b " + (0..<3000).map { "c\($0)" }.joined(separator: " ") + ") {}</script><a href=\"https://z.example/\">z</a>"
    let scan = HTMLLinkScanner.scan(Array(script.utf8))
    #expect(scan.refusal == nil)
    #expect(scan.links.map(\.value) == ["https://z.example/"])
    let quoted = "<a href=\"https://z.example/\" title=\"" + (0..<3000).map { "c\($0)=1" }.joined(separator: " ") + "\">z</a>"
    #expect(HTMLLinkScanner.scan(Array(quoted.utf8)).refusal == nil)
  }

  /// darkshare parses an Outlook conditional comment's content as HTML too: it is counted.
  @Test func conditionalCommentContentIsCounted() {
    let html = "<!--[if mso]><v:roundrect href=\"https://x.example/\" \(attributes(5000))></v:roundrect><![endif]-->"
    #expect(HTMLLinkScanner.scan(Array(html.utf8)).refusal != nil)
  }

  @Test func aLongValueIsRefused() {
    var scanner = MarkupBudgetScanner(budget: MarkupBudget(attributesPerElement: 10, depth: 10, attributeValueBytes: 100), dialect: .xml)
    #expect(scanner.feed(Array("<r>\n<m body=\"".utf8)) == nil)
    let violation = scanner.feed([UInt8](repeating: UInt8(ascii: "x"), count: 200))
    #expect(violation?.line == 2)
    #expect(violation?.limit.contains("longer than 100 bytes") == true)
  }

  /// Line feeds in text, in quoted values and between attributes are all counted, so the
  /// violation names the line of the offending tag however the bytes are fed.
  @Test func theLineCountsEveryLineFeed() {
    let lines = [
      "<smses count=\"3\">", "text", "", "<sms address=\"+1\" body=\"two", "lines\" flag/>",
      "<mms", "  ct=\"text/plain\"", "  text='a\nb' read=1>", "</mms>", "<sms " + attributes(1001) + " />",
    ]
    let xml = Array(lines.joined(separator: "\n").utf8)
    #expect(MarkupBudgetScanner.check(xml, budget: .xml, dialect: .xml)?.line == 11)
    for size in [1, 2, 3, 5, 64] {
      #expect(firstViolation(in: xml, fedInChunksOf: size)?.line == 11, "chunks of \(size)")
    }
    // In HTML, the raw text of a style sheet and a script, with `<` and line feeds inside.
    let html = "<style>\np < q {}\n</sty\n</style>\n<script>\nif (a <b) {}\n</SCRIPT >\n<p " + attributes(1001) + ">"
    #expect(MarkupBudgetScanner.check(Array(html.utf8), budget: .html, dialect: .html)?.line == 8)
    // Self-closing elements after a valueless attribute do not nest: 300 of them pass XML's depth.
    let flat = "<r>" + String(repeating: "<sms body=\"x\" flag/>\n", count: 300) + "</r>"
    #expect(MarkupBudgetScanner.check(Array(flat.utf8), budget: .xml, dialect: .xml) == nil)
    for open in ["<sms body=\"x\" flag>", "<sms / flag>"] {
      let nested = "<r>" + String(repeating: open + "\n", count: 300)
      #expect(MarkupBudgetScanner.check(Array(nested.utf8), budget: .xml, dialect: .xml)?.line == 256, "\(open)")
    }
  }

  /// Fed in chunks split anywhere, the scanner finds what it finds on the whole.
  @Test func chunkBoundariesDoNotMatter() {
    let xml = Array(("<smses>\n<sms " + attributes(1500) + " />\n</smses>").utf8)
    let whole = MarkupBudgetScanner.check(xml, budget: .xml, dialect: .xml)
    #expect(whole?.line == 2)
    for size in [1, 7, 4096] {
      #expect(firstViolation(in: xml, fedInChunksOf: size) == whole, "chunks of \(size)")
    }
  }

  /// The runs the scanner passes over in tight loops (text, values, names, white space in a
  /// tag, declarations) end where `step`, fed every byte, ends them: on random markup, fed in
  /// random chunks, both find the same first violation (or none) in both dialects.
  @Test func runsPassedOverEndWhereEveryByteSteppedEndsThem() {
    let pieces = [
      "<a", "<A", "<sms", " ", "  ", "\n", "\t", "\r\n", "href", "x", "=", "\"", "'", "v a", ">", "/>", "/", "</", "</a", "</ a >",
      "<!--", "-->", "<!DOCTYPE", "<?xml", "?>", "<script>", "</script>", "</SCRIPT >", "<style>", "</style>", "<p>", "<div>",
      "</div>", "</i>", "<b>", "é", "<br/>", "<", "<<", "a=b", "c=d/", "e", "<td x=1 y=2 z=3>", "\u{A0}",
    ]
    let budget = MarkupBudget(attributesPerElement: 2, depth: 2, attributeValueBytes: 3)
    var generator = SystemRandomNumberGenerator()
    var violations = 0
    for round in 0..<6_000 {
      let count = Int.random(in: 0...40, using: &generator)
      let bytes = Array((0..<count).map { _ in pieces.randomElement(using: &generator)! }.joined().utf8)
      let dialect: MarkupBudgetScanner.Dialect = round.isMultiple(of: 2) ? .html : .xml
      var stepped = MarkupBudgetScanner(budget: budget, dialect: dialect)
      stepped.passesOverRuns = false
      let expected = stepped.feed(bytes)
      var scanner = MarkupBudgetScanner(budget: budget, dialect: dialect)
      var found: MarkupBudget.Violation?
      var offset = 0
      while offset < bytes.count, found == nil {
        let end = min(bytes.count, offset + Int.random(in: 1...24, using: &generator))
        found = scanner.feed(Array(bytes[offset..<end]))
        offset = end
      }
      #expect(found == expected, "\(String(decoding: bytes, as: UTF8.self).debugDescription)")
      if expected != nil { violations += 1 }
    }
    // Most texts exceed one of the small limits somewhere; the rest pass.
    #expect(violations > 1_000 && violations < 5_500, "\(violations)")
  }

  /// The first limit an XML document exceeds, fed to the scanner `size` bytes at a time.
  private func firstViolation(in xml: [UInt8], fedInChunksOf size: Int) -> MarkupBudget.Violation? {
    var scanner = MarkupBudgetScanner(budget: .xml, dialect: .xml)
    var offset = 0
    while offset < xml.count {
      if let found = scanner.feed(Array(xml[offset..<min(xml.count, offset + size)])) { return found }
      offset += size
    }
    return nil
  }
}

/// The tag-name table holds its names and nothing else: every name given, and random names of up
/// to ten bytes (longer than a word, with NULs, empty), answered as a set of the names answers.
@Suite struct ShortTagNamesTests {
  @Test func namesAreFoundAsASetFindsThem() {
    let names = [
      "area", "base", "basefont", "br", "col", "embed", "frame", "hr", "img", "input", "isindex", "keygen", "link", "meta",
      "param", "source", "track", "wbr", "p", "li", "dt", "dd", "td", "th", "tr", "option", "optgroup", "thead", "tbody",
    ]
    let table = ShortTagNames(names)
    let set = Set(names.map { Array($0.utf8) })
    var random = SplitMix(seed: 51)
    var candidates = names.map { Array($0.utf8) } + [[], [0], Array("basefonts".utf8), Array("p\0".utf8), Array("BR".utf8)]
    let letters = Array("abdeilmnoprtx\0".utf8)
    for _ in 0..<20_000 {
      candidates.append((0..<Int.random(in: 0...10, using: &random)).map { _ in letters.randomElement(using: &random)! })
    }
    for bytes in candidates {
      var name = TagName()
      for byte in bytes { name.append(byte) }
      let isName = set.contains(bytes)
      #expect(table.contains(name) == isName, "\(bytes)")
    }
  }
}

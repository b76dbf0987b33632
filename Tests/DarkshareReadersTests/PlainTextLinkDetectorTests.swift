import DarkshareReaders
import DarkshareTestSupport
import Foundation
import Testing

/// Plain-text linkification as phones and mail clients do it.
@Suite struct PlainTextLinkDetectorTests {
  private func urls(_ text: String) -> [String] { PlainTextLinkDetector.links(in: text).map(\.url) }

  @Test(arguments: [
    ("Visit https://shop.example/sale today", ["https://shop.example/sale"]),
    ("HTTP://SHOP.EXAMPLE/A", ["HTTP://SHOP.EXAMPLE/A"]),
    ("http://shop.example", ["http://shop.example"]),
    ("www.shop.example/x", ["www.shop.example/x"]),
    ("go to WWW.Shop.Example.", ["WWW.Shop.Example"]),
    ("shop.example.com/x", ["shop.example.com/x"]),
    ("shop.example.com", ["shop.example.com"]),
    ("shop.example.de?utm_source=sms", ["shop.example.de?utm_source=sms"]),
    ("sub.shop.co.uk:8080/a", ["sub.shop.co.uk:8080/a"]),
    ("bücher.de/neu", ["bücher.de/neu"]),
    ("shop.example/x", []),  // .example is reserved, not a real TLD
    ("file.txt and v1.2 and e.g. this", []),
    ("3.14159 is pi", []),
    ("mail jane.doe@shop.example.com now", []),
    ("jane@www.shop.com", []),
    ("<https://shop.example/a?b=c>", ["https://shop.example/a?b=c"]),
    ("\"https://shop.example/q\"", ["https://shop.example/q"]),
    ("'https://shop.example/q'", ["https://shop.example/q"]),
    ("Sale: https://shop.example/sale.", ["https://shop.example/sale"]),
    ("https://shop.example/sale?!,;:", ["https://shop.example/sale"]),
    ("(see https://shop.example/sale)", ["https://shop.example/sale"]),
    ("[https://shop.example/sale]", ["https://shop.example/sale"]),
    ("https://en.wikipedia.org/wiki/Fish_(food)", ["https://en.wikipedia.org/wiki/Fish_(food)"]),
    ("(https://en.wikipedia.org/wiki/Fish_(food))", ["https://en.wikipedia.org/wiki/Fish_(food)"]),
    ("https://shop.example/a[1]", ["https://shop.example/a[1]"]),
    ("https://shop.example/a>b", ["https://shop.example/a"]),
    ("two https://a.example/1 https://b.example/2", ["https://a.example/1", "https://b.example/2"]),
    ("https://a.example/1,https://b.example/2", ["https://a.example/1,https://b.example/2"]),
    ("xhttps://shop.example/a", []),
    ("https:// nothing", []),
    ("https://", []),
    ("www.", []),
    ("...", []),
    ("https://shop.example/#frag?x", ["https://shop.example/#frag?x"]),
    ("https://shop.example/\u{00A0}tail", ["https://shop.example/"]),
  ] as [(String, [String])])
  func linkifies(_ text: String, _ expected: [String]) {
    #expect(urls(text) == expected, "\(text)")
  }

  @Test func positionsAreOneBasedScalarsAcrossLineEndings() {
    let text = "Hallo 👩‍👩‍👧 é\r\nline two https://a.example/x\rthird: www.b.example\nok shop.example.com"
    let links = PlainTextLinkDetector.links(in: text)
    #expect(links.map(\.line) == [2, 3, 4])
    #expect(links.map(\.column) == [10, 8, 4])
    #expect(links[0].endColumn == 10 + "https://a.example/x".unicodeScalars.count)
    let emoji = PlainTextLinkDetector.links(in: "👩‍👩‍👧 https://a.example")
    #expect(emoji.first?.column == 7)  // five scalars of emoji, a space
  }

  /// Megabytes of what could start a host name, and a long run of brackets, are read to the end
  /// with the right answer. (How fast is a benchmark's business, not a test's.)
  @Test func aFiveMegabyteLineOfDotsHasNoLink() {
    #expect(urls(String(repeating: ".", count: 5_000_000)).isEmpty)
    #expect(urls(String(repeating: "a.", count: 2_500_000)).isEmpty)
    #expect(urls(String(repeating: "(", count: 2_000_000) + "https://x.example") == ["https://x.example"])
  }

  @Test func oneHundredThousandURLs() {
    let text = (0..<100_000).map { "https://shop.example/p/\($0)" }.joined(separator: " ")
    let links = PlainTextLinkDetector.links(in: text)
    #expect(links.count == 100_000)
    #expect(links.last?.url == "https://shop.example/p/99999")
  }

  @Test func aLongURLWithoutEndIsOneLink() {
    let text = "https://shop.example/" + String(repeating: "a", count: 1_000_000)
    #expect(PlainTextLinkDetector.links(in: text).count == 1)
  }
}

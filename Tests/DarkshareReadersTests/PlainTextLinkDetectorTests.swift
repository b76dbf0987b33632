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
    // A scheme glued to a word starts a URL (PlainTextLinkMailClientTests.gluedToTheWordBefore).
    ("xhttps://shop.example/a", ["https://shop.example/a"]),
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

  /// Mail clients also linkify `ftp://` URLs and `mailto:` addresses (Thunderbird's
  /// mozTXTToHTMLConv); they are judged as links that are not web links.
  @Test(arguments: [
    ("get it at ftp://ftp.gnome.org/pub/GNOME/sources/gal.", ["ftp://ftp.gnome.org/pub/GNOME/sources/gal"]),
    ("write to mailto:sales@shop.example?subject=Hi, thanks", ["mailto:sales@shop.example?subject=Hi"]),
    ("MAILTO:Sales@Shop.Example", ["MAILTO:Sales@Shop.Example"]),
    ("mailto: nobody", []),
    ("mailto:no-address-here", []),
  ] as [(String, [String])])
  func linkifiesFTPAndMailto(_ text: String, _ expected: [String]) {
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

  /// Inputs that would take quadratic time if a word, an e-mail local part or a bracket run
  /// were re-examined from each of its positions. No clock is asserted (house rule): a
  /// quadratic detector makes this test run for hours instead of a second.
  @Test func hostileRunsArePassedOnce() {
    #expect(urls(String(repeating: ".", count: 5_000_000)).isEmpty)
    #expect(urls(String(repeating: "a.", count: 2_500_000)).isEmpty)
    #expect(urls(String(repeating: "(", count: 2_000_000) + "https://x.example").count == 1)
    #expect(urls(String(repeating: "shop.de+", count: 100_000) + "@x.example").isEmpty)
    #expect(urls(String(repeating: "shop.de+", count: 100_000)).count == 100_000)
    #expect(urls(String(repeating: "a@", count: 200_000)).isEmpty)
    #expect(urls(String(repeating: "https://a.example/](", count: 50_000)).count == 50_000)
    #expect(urls(String(repeating: "xhttp", count: 200_000) + "://a.example").count == 1)
    #expect(urls(String(repeating: "today.In", count: 100_000)).isEmpty)
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

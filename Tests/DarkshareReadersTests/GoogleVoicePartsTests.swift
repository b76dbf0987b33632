import DarkshareCore
import DarkshareTestSupport
import Testing

@testable import DarkshareReaders

/// A large Google Voice page is read a chunk at a time (``GoogleVoiceParts``): wherever chunks
/// end, and however little of a message it may hold, it gives the links, messages, positions and
/// order of reading the page whole.
@Suite struct GoogleVoicePartsTests {
  private typealias Page = GoogleVoiceReaderTests

  /// Reading `page` whole: its links, and the messages a page read whole counts.
  private func readWhole(_ page: [UInt8]) throws -> (links: [Link], messages: Int) {
    let links = try GoogleVoiceReader().links(in: page, file: "Ann - Text.html")
    return (links, max(1, Set(links.compactMap { $0.message?.index }).count))
  }

  /// Reading `page` in parts from `source` (by default, chunks of `chunkSize` bytes).
  private func inParts(
    _ page: [UInt8], chunkSize: Int, largestHeld: Int, partLength: Int = 64 << 10, source: (any ByteSource)? = nil
  ) -> (links: [Link], messages: Int, batches: [MessageBatch]) {
    let parts = GoogleVoiceParts(
      source: source ?? MemoryByteSource(page), file: "Ann - Text.html", largestHeld: largestHeld, chunkSize: chunkSize,
      partLength: partLength)
    let batches = drain(parts)
    return (batches.flatMap(\.links), batches.map(\.messages).reduce(0, +), batches)
  }

  /// Expects the same links, naming only the first that differs (a page has thousands).
  private func expectSameLinks(
    _ parted: [Link], _ whole: [Link], _ comment: String = "", sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) {
    guard let first = (0..<max(parted.count, whole.count)).first(where: { $0 >= parted.count || $0 >= whole.count || parted[$0] != whole[$0] })
    else { return }
    let (got, expected) = (parted.dropFirst(first).first, whole.dropFirst(first).first)
    Issue.record("\(comment): link \(first) of \(whole.count) is \(got.map { "\($0)" } ?? "missing"), not \(expected.map { "\($0)" } ?? "none")", sourceLocation: sourceLocation)
  }

  private func expectSame(
    _ page: [UInt8], chunkSizes: [Int] = [1, 5, 64, 4096, 1 << 20], largestHeld: [Int] = [0, 100, 1 << 20],
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) throws {
    let whole = try readWhole(page)
    for chunkSize in chunkSizes {
      for held in largestHeld {
        let parted = inParts(page, chunkSize: chunkSize, largestHeld: held)
        expectSameLinks(parted.links, whole.links, "chunks of \(chunkSize), holding \(held)", sourceLocation: sourceLocation)
        #expect(parted.messages == whole.messages, "chunks of \(chunkSize), holding \(held)", sourceLocation: sourceLocation)
        #expect(parted.batches.allSatisfy { $0.problem == nil }, sourceLocation: sourceLocation)
      }
    }
    // Chunks of changing sizes; quotes cut into parts of a few bytes.
    let trickled = inParts(page, chunkSize: 1 << 20, largestHeld: 0, source: TrickleByteSource(page, maximum: 13))
    expectSameLinks(trickled.links, whole.links, "trickled", sourceLocation: sourceLocation)
    for partLength in [1, 20] {
      let cut = inParts(page, chunkSize: 1 << 20, largestHeld: 0, partLength: partLength)
      expectSameLinks(cut.links, whole.links, "parts of \(partLength) bytes", sourceLocation: sourceLocation)
    }
  }

  /// Quotes made of pieces that test every place a quote may or may not be cut: whitespace of
  /// each kind (CRLF too), links glued to words and punctuation, anchors (one with whitespace in
  /// its text), references, `<br>`, non-ASCII text (columns count scalars), an e-mail address
  /// after a host, and stray `<`, `>` and `&`.
  private static let pieces = [
    "see", " ", "  ", "\n", "\r\n", "\t", "<br>", "<br/>", "https://a.example/x?y=1&amp;z=2", "www.shop.example/p",
    "shop.example", "jane.doe@shop.example", "(https://b.example/Fish_(food))", "Mottowagenhttps://c.example/",
    #"<a href="https://d.example/a">anchor https://e.example/ text</a>"#, "<a href=https://f.example/q>x</a>", "&#39;",
    "&#x1F600;", "&nbsp;", "é", "日本語", "😀", "today.In", "&", "&amp", "<i>", "</i>", "Example.com.", "mailto:a@b.example",
    "https://g.example/" + String(repeating: "long", count: 40),
  ]

  /// A page of `count` messages whose quotes are drawn from ``pieces`` by `seed`; some messages
  /// lack a time, a sender or a quote.
  static func page(messages count: Int, seed: UInt64, lineEnd: String = "\n") -> [UInt8] {
    var state = seed
    func random(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(bound))
    }
    var messages = [String]()
    for index in 0..<count {
      let quote = (0..<random(40)).map { _ in pieces[random(pieces.count)] }.joined()
      switch random(12) {
      case 0: messages.append(#"<div class="message"><q>\#(quote)</q></div>"#)
      case 1: messages.append(#"<div class="message"><cite class="sender vcard">Bo</cite> no quote \#(quote)</div>"#)
      case 2: messages.append(#"<div class="message"><abbr class="dt" title="t\#(index)">x</abbr>: <q>\#(quote)"#)
      default: messages.append(Page.message(quote, name: "Sender \(index % 3)", time: "2026-03-02T09:04:\(index % 60)"))
      }
    }
    let page = Page.top + messages.joined(separator: random(2) == 0 ? " " : "\n") + Page.bottom
    return Array(page.replacingOccurrences(of: "\n", with: lineEnd).utf8)
  }

  @Test(arguments: 0..<12) func pagesOfManyMessagesReadTheSame(seed: Int) throws {
    let page = Self.page(messages: 60, seed: UInt64(seed), lineEnd: seed % 3 == 0 ? "\r\n" : seed % 3 == 1 ? "\r" : "\n")
    #expect(try readWhole(page).links.count > 40)
    try expectSame(page)
  }

  /// Cut short anywhere (mid-message, mid-tag, mid-reference, mid-quote, mid-character), a
  /// page reads in parts what it reads whole.
  @Test func aTruncatedPageReadsTheSame() throws {
    let page = Self.page(messages: 4, seed: 7)
    for length in stride(from: 0, through: page.count, by: 1) {
      let cut = Array(page.prefix(length))
      guard let whole = try? readWhole(cut) else { continue }
      for (chunkSize, held) in [(1, 0), (7, 0), (64, 30), (4096, 1 << 20)] {
        let parted = inParts(cut, chunkSize: chunkSize, largestHeld: held)
        expectSameLinks(parted.links, whole.links, "\(length) bytes, chunks of \(chunkSize)")
        #expect(parted.messages == whole.messages, "\(length) bytes, chunks of \(chunkSize)")
      }
    }
  }

  /// A call or voicemail page (no links) and a page with no message at all count as one
  /// message, as read whole.
  @Test func pagesWithoutMessagesReadTheSame() throws {
    let voicemail = Array(
      #"<html><body><div class="haudio"><span class="fn">Ann</span> Transcript: see you at https://a.example/ <audio src="x.mp3"></audio></div></body></html>"#
        .utf8)
    try expectSame(voicemail)
    try expectSame(Page.page([]))
    #expect(inParts(voicemail, chunkSize: 5, largestHeld: 0).messages == 1)
  }

  /// One message with a quote of 20,000 links (a hostile page) is handed out in many batches
  /// while little of it is held, with the links of reading it whole.
  @Test func aLongQuoteIsCutAtWhitespace() throws {
    let quote = (0..<20_000).map {
      #"deal \#($0): https://a.example/\#($0)?x=1&amp;y=2 <a href="https://b.example/\#($0)">b</a>"# + ($0 % 2 == 0 ? "\n" : " ")
    }.joined()
    let page = Page.page([Page.message("hi"), Page.message(quote), Page.message("bye https://c.example/")])
    let whole = try readWhole(page)
    #expect(whole.links.count == 40_001)
    let parted = inParts(page, chunkSize: 4096, largestHeld: 8192, partLength: 2048)
    expectSameLinks(parted.links, whole.links)
    #expect(parted.messages == 2)
    #expect(parted.batches.count > 30, "handed out as it is read")
    #expect(parted.batches.allSatisfy { $0.links.count < 1_500 })
    // Quotes that cannot be cut are held whole, with the same links: one long word, a `<` with
    // no `>`, an anchor that never closes, a message whose sender comes after its quote.
    let word = "https://a.example/" + String(repeating: "x", count: 30_000)
    let text = (0..<5000).map { "deal https://a.example/\($0) " }.joined()
    let uncut = [word + " " + word, "<" + text, #"<a href="https://z.example/">"# + text].map { Page.message($0) }
      + [#"<div class="message"><abbr class="dt" title="t">x</abbr><q>\#(quote)</q><cite><span class="fn">Bo</span></cite></div>"#,
        #"<div class="message"><cite><span class="fn">Bo</span></cite><q>\#(quote)</q><abbr class="dt" title="t">x</abbr></div>"#]
    for message in uncut {
      let page = Page.page([message])
      let read = try readWhole(page)
      #expect(!read.links.isEmpty)
      expectSameLinks(inParts(page, chunkSize: 4096, largestHeld: 8192).links, read.links)
    }
  }

  /// A page that breaks off (a read error) gives the links read before, then says so.
  @Test func aPageThatBreaksOffSaysSo() throws {
    let page = Page.page((0..<2000).map { Page.message("deal https://a.example/\($0)") })
    let parted = inParts(page, chunkSize: 4096, largestHeld: 0, source: FailingByteSource(page, failingAfter: 100_000))
    let whole = try readWhole(Array(page.prefix(100_000)))
    expectSameLinks(parted.links, whole.links)
    #expect(parted.links.count > 200)
    #expect(parted.batches.last?.problem?.message == "the document breaks off: cannot read the file (Input/output error)")
  }
}

import DarkshareTestSupport
import Foundation
import Testing

/// `corpora/msg/spring-proof.msg` is built here, from ``OutlookMessageBuilder``: the test checks
/// the committed file is what the builder writes, and `DARKSHARE_WRITE_CORPUS=1` rewrites it.
@Suite struct OutlookCorpusFileTests {
  static let html = """
    <html><body>
    <p>Hello from Harbor Outfitters</p>
    <p><a href="https://shop.example/spring?utm_source=newsletter&amp;utm_medium=email&amp;utm_campaign=spring-2026">Spring sale</a></p>
    <p><a href="https://shop.example/boots">New boots</a></p>
    <p><a href="https://shop.example/jackets?utm_source=newsletter&amp;utm_medium=email">Jackets</a></p>
    <p><a href="http://shop.example/stores?utm_source=newsletter&amp;utm_medium=email&amp;utm_campaign=spring-2026">Find a store</a></p>
    <p><a href="https://shop.example/preferences">Update your preferences</a> | <a href="https://shop.example/unsubscribe?id=4411">Unsubscribe</a></p>
    </body></html>

    """

  static let headers = """
    From: Harbor Outfitters <news@shop.example>\r
    Subject: Spring sale proof\r
    List-Unsubscribe: <https://shop.example/unsubscribe?id=4411>, <mailto:leave@shop.example>\r
    \r

    """

  static func bytes() -> [UInt8] {
    OutlookMessageBuilder(
      strings: [0x0037: "Spring sale proof", 0x0C1A: "Harbor Outfitters", 0x5D01: "news@shop.example", 0x007D: headers],
      binaries: [0x1013: Array(html.utf8)],
      fixed: [(0x0039_0040, OutlookMessageBuilder.fileTime(epochSeconds: 1_772_467_200))]
    ).build().bytes
  }

  @Test func theCommittedProofIsWhatTheBuilderWrites() throws {
    let path = Corpus.directory.appendingPathComponent("msg/spring-proof.msg")
    if ProcessInfo.processInfo.environment["DARKSHARE_WRITE_CORPUS"] == "1" {
      try Data(Self.bytes()).write(to: path)
    }
    #expect(Array(try Data(contentsOf: path)) == Self.bytes())
  }
}

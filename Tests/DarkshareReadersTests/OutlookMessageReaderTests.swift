import DarkshareCore
import DarkshareTestSupport
import Foundation
import Testing

@testable import DarkshareReaders

/// Outlook `.msg`: the HTML, RTF-encapsulated HTML or text body, with the message's subject,
/// sender and date; broken, truncated and hostile files are errors, never crashes.
@Suite struct OutlookMessageReaderTests {
  static let submitTime: UInt32 = 0x0039_0040  // PidTagClientSubmitTime, PT_SYSTIME
  static let html = #"<p><a href="https://shop.example/sale?utm_source=news&amp;utm_medium=email&amp;utm_campaign=spring">Sale</a></p>"#

  static func message(_ binaries: [UInt16: [UInt8]] = [:], strings: [UInt16: String] = [:]) -> [UInt8] {
    OutlookMessageBuilder(
      strings: [0x0037: "Spring sale", 0x0C1A: "Harbor Outfitters", 0x5D01: "news@shop.example"].merging(strings) { $1 },
      binaries: binaries,
      fixed: [(submitTime, OutlookMessageBuilder.fileTime(epochSeconds: 1_772_467_200))]
    ).build().bytes
  }

  @Test func theHTMLBodyIsReadWithSubjectSenderAndDate() throws {
    let links = try OutlookMessageReader().links(in: Self.message([0x1013: Array(Self.html.utf8)]), file: "proof.msg")
    #expect(links.map(\.url) == ["https://shop.example/sale?utm_source=news&utm_medium=email&utm_campaign=spring"])
    let link = try #require(links.first)
    #expect(link.text == "Sale")
    #expect(link.channel == .email)
    #expect(link.message?.subject == "Spring sale")
    #expect(link.message?.from == "Harbor Outfitters <news@shop.example>")
    #expect(link.message?.date == "2026-03-02T16:00:00+00:00")
    #expect(link.location.line == 1 && link.location.column == 13)
  }

  /// An RTF body (no HTML property) that encapsulates HTML, compressed with back-references:
  /// the bytes are Python `compressed_rtf.compress(rtf, compressed=True)` of the RTF below.
  @Test func htmlEncapsulatedInCompressedRTFIsRead() throws {
    let compressed = Self.hex(
      "c0000000050100004c5a4675598736c903000a00726370673132350232034368746d6c31203900002a5c0eb201900e1039205a3c0eb23e02910f37320ae32089105a38340fe0612068097008663d220eb07470733a002f2f73686f702e654878616d0b50652f00213f12750ec05f73086163653d326e07d0732614920780646970756d3d6500c003101583638313f10b70676e3d73700510f86e672210400f43002106011420bd1806300f0a12411892105a391110683c2f61104c371b7110047d011d40"
    )
    let rtf = try CompressedRTF.decompress(compressed)
    #expect(String(decoding: rtf, as: UTF8.self).hasPrefix("{\\rtf1\\ansi\\ansicpg1252\\fromhtml1 "))
    let links = try OutlookMessageReader().links(in: Self.message([0x1009: compressed]), file: "proof.msg")
    #expect(links.map(\.url) == ["https://shop.example/rtf?utm_source=news&utm_medium=email&utm_campaign=spring"])
    #expect(links.first?.text == "Sale")
  }

  @Test func aPlainTextBodyIsLinkifiedWhenThereIsNoOther() throws {
    let links = try OutlookMessageReader().links(
      in: Self.message(strings: [0x1000: "Hello,\r\nthe sale: https://shop.example/text?utm_source=news\r\n"]), file: "proof.msg")
    #expect(links.map(\.url) == ["https://shop.example/text?utm_source=news"])
    #expect(links.first?.location.line == 2)
  }

  @Test func theHTMLBodyIsPreferredToTheOthers() throws {
    let links = try OutlookMessageReader().links(
      in: Self.message([0x1013: Array(Self.html.utf8)], strings: [0x1000: "text https://shop.example/text-only"]), file: "proof.msg")
    #expect(links.count == 1 && links[0].url.contains("/sale"))
  }

  @Test func sniffingClaimsOutlookMessagesButNotOtherCompoundFiles() throws {
    let msg = Self.message([0x1013: Array(Self.html.utf8)])
    #expect(OutlookMessageReader.accepts(path: "-", head: msg.prefix(4096)))
    #expect(BuiltInReaders.reader(forPath: "proof", head: msg.prefix(4096)) == OutlookMessageReader.self)
    let document = CompoundFileBuilder(nodes: [.stream("WordDocument", [UInt8](repeating: 1, count: 600))]).build().bytes
    #expect(!OutlookMessageReader.accepts(path: "report.doc", head: document.prefix(4096)))
    #expect(throws: ReaderError.self) { try OutlookMessageReader().links(in: document, file: "named.msg") }
    #expect(throws: ReaderError.self) { try OutlookMessageReader().links(in: Array("From: a@b\n\nhi".utf8), file: "x.msg") }
  }

  @Test func hostileRTFAndTruncatedFilesAreErrorsNotCrashes() throws {
    let rtfBomb: [UInt8] = [0x10, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0x7F, 0x4C, 0x5A, 0x46, 0x75, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF]
    #expect(throws: ReaderError.self) { try CompressedRTF.decompress(rtfBomb) }
    #expect(throws: ReaderError.self) { try CompressedRTF.decompress([1, 2, 3]) }
    let deep = Array("{\\rtf1\\fromhtml1 ".utf8) + [UInt8](repeating: UInt8(ascii: "{"), count: 100_000)
    #expect(throws: ReaderError.self) { try RTFBody(deep) }
    let whole = Self.message([0x1013: Array(Self.html.utf8), 0x1009: OutlookMessageBuilder.literalLZFu(Array("{\\rtf1 x}".utf8))])
    for length in stride(from: 0, to: whole.count, by: 97) {
      _ = try? OutlookMessageReader().read(Array(whole.prefix(length)), file: "cut.msg")
    }
  }

  private static func hex(_ text: String) -> [UInt8] {
    var bytes = [UInt8]()
    var index = text.startIndex
    while index < text.endIndex {
      let next = text.index(index, offsetBy: 2)
      bytes.append(UInt8(text[index..<next], radix: 16)!)
      index = next
    }
    return bytes
  }
}

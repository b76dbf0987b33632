import DarkshareCore
@testable import DarkshareKit
import DarkshareReaders
import DarkshareTestSupport
import Foundation
import Testing

/// An Outlook `.msg` too large to hold has its body copied out and read in parts: every body
/// Outlook may store, every fallback and every damaged file gives what the whole read gives.
extension DocumentPartsTests {
  private static let submitTime: UInt32 = 0x0039_0040
  private static let internetCodepage: UInt32 = 0x3FDE_0003
  private static let messageCodepage: UInt32 = 0x3FFD_0003
  private static func link(_ n: Int) -> String { "https://shop.example/p/\(n)?utm_source=nl&utm_medium=email" }
  private static func html(_ n: Int) -> String {
    "<p>Caf\u{E9} <a href=\"https://shop.example/p/\(n)?utm_source=nl&amp;utm_medium=email\">Item \(n)</a> <a href=\"https://shop.example/unsub\">Unsubscribe</a></p>\n"
  }
  private static let transportHeaders = "Received: by mx.example\r\nList-Unsubscribe: <https://shop.example/unsub>, <mailto:u@shop.example>\r\n"

  /// RTF that encapsulates `html` line by line (`\fromhtml1`), with a `\'e9`, a `\u` surrogate
  /// pair, `\bin` data and an `\htmlrtf` span on every line.
  static func encapsulated(_ lines: [String]) -> [UInt8] {
    var rtf = "{\\rtf1\\ansi\\ansicpg1252\\fromhtml1 \\deff0{\\fonttbl{\\f0\\fswiss Arial;}}\n"
    for line in lines {
      rtf += "{\\*\\htmltag64 \(line)}\\htmlrtf {\\b x}\\htmlrtf0 Caf\\'e9 \\u-10179?\\u-8704?{\\*\\pict\\bin4 ab}c}\\par\n"
    }
    return Array((rtf + "}").utf8)
  }

  /// The messages read in parts, by name: each body kind, the fallbacks, service links and
  /// damaged files.
  static func outlookMessages() -> [(String, [UInt8])] {
    let strings: [UInt16: String] = [0x0037: "Spring sale", 0x0C1A: "Shop", 0x5D01: "news@shop.example", 0x007D: transportHeaders]
    let fixed = [(submitTime, OutlookMessageBuilder.fileTime(epochSeconds: 1_772_467_200))]
    let page = "<html><body>\n" + (0..<40).map { html($0) }.joined() + "</body></html>"
    let text = "Hello,\r\n\r\n" + (0..<40).map { "Item \($0): \(link($0))\r\n\r\nUnsubscribe: https://shop.example/unsub\r\n" }.joined() + "\0\0"
    let rtfText = Array("{\\rtf1\\ansi\\ansicpg1252 Hello \\'e9 \(link(1))\\par See \(link(2))\\par}".utf8)
    let message = { (strings2: [UInt16: String], binaries: [UInt16: [UInt8]], extraFixed: [(tag: UInt32, value: UInt64)]) in
      OutlookMessageBuilder(strings: strings.merging(strings2) { $1 }, binaries: binaries, fixed: fixed + extraFixed).build()
    }
    let windows1252 = [UInt8](page.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) })
    var messages: [(String, [UInt8])] = [
      ("html-codepage.msg", message([:], [0x1013: windows1252], [(internetCodepage, 1252)]).bytes),
      ("html-no-codepage.msg", message([:], [0x1013: Array(page.utf8)], []).bytes),
      ("html-utf16.msg", message([0x1013: page + "\0\0"], [:], []).bytes),
      ("rtf-html.msg", message([:], [0x1009: OutlookMessageBuilder.literalLZFu(encapsulated(page.components(separatedBy: "\n")))], []).bytes),
      ("rtf-text.msg", message([:], [0x1009: OutlookMessageBuilder.literalLZFu(rtfText)], []).bytes),
      ("text.msg", message([0x1000: text], [:], []).bytes),
      ("empty-html-falls-to-text.msg", message([0x1013: "\0\0", 0x1000: text], [:], []).bytes),
      ("no-body.msg", message([:], [:], []).bytes),
      // A preferred body that cannot be read: the next is read, and the problem reported.
      ("bad-rtf-then-text.msg", message([0x1000: text], [0x1009: [16, 0, 0, 0, 9, 0, 0, 0] + Array("ABCD".utf8) + [0, 0, 0, 0, 1]], []).bytes),
      ("deep-rtf-then-text.msg",
        message([0x1000: text], [0x1009: OutlookMessageBuilder.literalLZFu(Array("{\\rtf1 ".utf8) + [UInt8](repeating: UInt8(ascii: "{"), count: 5000))], []).bytes),
      ("bad-rtf-only.msg", message([:], [0x1009: [1, 2, 3]], []).bytes),
    ]
    var eightBit = OutlookMessageBuilder(strings: strings, fixed: fixed + [(messageCodepage, 1252)])
    eightBit.strings8 = [0x1000: Array("Caf".utf8) + [0xE9] + Array(" \(link(3))\r\n".utf8) + [0, 0]]
    messages.append(("text-8bit.msg", eightBit.build().bytes))
    // A large HTML body (over a megabyte, so read in several runs) whose chain loops or is cut
    // short, alone or before a text body.
    let large = Array(("<html><body>\n" + (0..<20_000).map { html($0) }.joined() + "</body></html>").utf8)
    for (name, withText) in [("loop", false), ("loop-then-text", true)] {
      var built = message(withText ? [0x1000: text] : [:], [0x1013: large], [])
      let first = try! #require(built.firstSector.first { $0.key.hasPrefix("__substg1.0_1013") }?.value)
      built.setFAT(of: first + 700, to: first + 3)
      messages.append(("\(name).msg", built.bytes))
    }
    let whole = message([:], [0x1013: large], []).bytes
    messages.append(("large.msg", whole))
    messages.append(("truncated.msg", Array(whole.prefix(whole.count * 2 / 3))))
    messages.append(("header-only.msg", Array(whole.prefix(600))))
    return messages
  }

  @Test func everyOutlookMessageReadsTheSameInParts() throws {
    let folder = try makeTemporaryDirectory()
    for (name, bytes) in Self.outlookMessages() {
      let file = folder.appendingPathComponent(name)
      try Data(bytes).write(to: file)
      let whole = expectSame(file.path)
      let expectsError = name.hasPrefix("bad") || name.hasPrefix("deep") || name.hasPrefix("loop") || name.hasPrefix("truncated") || name.hasPrefix("header")
      #expect((whole?.error != nil) == expectsError, "\(name): \(whole?.error ?? "no error")")
      let expectsLinks = !(name.hasPrefix("no-body") || name == "bad-rtf-only.msg" || name == "loop.msg" || name.hasPrefix("truncated") || name.hasPrefix("header"))
      #expect((whole?.links.isEmpty == false) == expectsLinks, "\(name)")
      if name.hasPrefix("html") || name.hasPrefix("text.msg") || name.hasPrefix("rtf-html") {
        #expect(whole?.links.contains { $0.link.isDeclaredServiceLink } == true, "\(name)")
      }
    }
  }

  @Test func theCorpusMessageReadsTheSameInParts() throws {
    let files = Corpus.labelledFiles.filter { $0.hasSuffix(".msg") }
    #expect(!files.isEmpty)
    for file in files { #expect(expectSame(Corpus.packageRoot.appendingPathComponent(file).path)?.links.isEmpty == false) }
  }

  @Test(.enabled(if: RealWorld.isAvailable)) func realWorldOutlookMessagesReadTheSameInParts() throws {
    let files = RealWorld.files(withExtensions: ["msg"])
    #expect(!files.isEmpty)
    for file in files { expectSame(RealWorld.directory.appendingPathComponent(file).path) }
  }
}

import DarkshareTestSupport
import Testing

@testable import DarkshareReaders

/// The LZFu decompressor and the RTF de-encapsulator fed a chunk at a time give what they give
/// fed whole, at every chunk size from 1 to 64 bytes: a reference, a control word, a `\'hh`, a
/// `\binN` and a surrogate pair are cut by a chunk's end somewhere in each run.
@Suite struct ChunkedOutlookDecoderTests {
  /// Encapsulated HTML with every token a chunk's end may cut: a control word with a negative
  /// parameter and its delimiting space, `\'hh` (single- and double-byte), a `\u` surrogate
  /// pair, `\binN` data holding braces and backslashes, `\htmlrtf` spans and skipped groups.
  static let rtf = Array(
    ("{\\rtf1\\ansi\\ansicpg1252\\fromhtml1 \\deff0{\\fonttbl{\\f0\\fswiss Arial;}}{\\colortbl;\\red0\\green0\\blue0;}\r\n"
      + "{\\*\\htmltag19 <html>}{\\*\\htmltag34 <body>}\\htmlrtf {\\b ignored}\\htmlrtf0 \r\n"
      + "{\\*\\htmltag84 <a href=\"https://shop.example/caf\\'e9?utm_source=nl&amp;utm_medium=email\">}Caf\\'e9 \\uc1\\u-10179?\\u-8704? "
      + "{\\*\\pict\\bin12 {}\\\\{}\\'zz\\u12}\\tab x\\par\\line\r\n{\\*\\mhtmltag84 <a href=\"cid:1\">}"
      + "\\ldblquote quoted\\rdblquote\\~\\_\\{\\}\\\\ {\\*\\htmltag92 </a>}\\f0\\fs-24 \\ansicpg932 \\'82\\'b2\\'92\\'8d done"
      + "{\\*\\htmltag27 </body></html>}}").utf8)

  private static func chunked(_ rtf: [UInt8], size: Int) throws -> [UInt8] {
    var decoder = RTFBody.Decoder()
    var output = [UInt8]()
    var index = 0
    while index < rtf.count {
      output += try decoder.feed(Array(rtf[index..<min(rtf.count, index + size)]), isLast: false)
      index += size
    }
    return output + (try decoder.feed([], isLast: true))
  }

  @Test func theRTFBodyIsTheSameFedInChunks() throws {
    let whole = try RTFBody(Self.rtf)
    #expect(whole.kind == .html)
    let html = String(decoding: whole.utf8, as: UTF8.self)
    #expect(html.contains("<a href=\"https://shop.example/caf\u{E9}?utm_source=nl&amp;utm_medium=email\">Caf\u{E9} \u{1F600}"))
    #expect(html.contains("\u{3054}\u{6CE8}"), "double-byte \\'hh in code page 932")
    #expect(!html.contains("cid:") && !html.contains("ignored") && !html.contains("zz"))
    for size in 1...64 { #expect(try Self.chunked(Self.rtf, size: size) == whole.utf8, "chunks of \(size)") }
  }

  /// A `\binN` whose data runs past the end, a `\'h` and a `\` cut by the end, and a control
  /// word at the very end: the same whole and in chunks.
  @Test(arguments: ["{\\rtf1 a\\bin99 xyz", "{\\rtf1 a\\'4", "{\\rtf1 a\\", "{\\rtf1 a\\par", "{\\rtf1 a\\u-10179", "{\\rtf1 \\'41\\'"])
  func anRTFCutShortIsTheSameInChunks(_ text: String) throws {
    let rtf = Array(text.utf8)
    let whole = try RTFBody(rtf).utf8
    for size in 1...16 { #expect(try Self.chunked(rtf, size: size) == whole, "\(text): chunks of \(size)") }
  }

  /// A run of digits longer than the hold limit is taken as it stands at the limit: the one
  /// documented place where chunks change the output, and memory stays bounded.
  @Test func anAbsurdParameterIsCutAtTheHoldLimit() throws {
    let rtf = Array(("{\\rtf1 \\fs" + String(repeating: "9", count: 3 * RTFDeencapsulator.holdLimit) + " x}").utf8)
    #expect(try RTFBody(rtf).utf8 == Array("x".utf8))
    let chunked = try Self.chunked(rtf, size: 1000)
    #expect(chunked.last == UInt8(ascii: "x"))
    #expect(chunked.count < 3 * RTFDeencapsulator.holdLimit)
  }

  /// A run of `\'hh` longer than the run held (a hostile body) is converted a piece at a time,
  /// a double-byte character cut between pieces included, and gives the characters it holds.
  @Test func aRunOfCodePageBytesLongerThanTheRunHeldIsConvertedInPieces() throws {
    let pairs = RTFDeencapsulator.largestHeldRun / 2 + 10
    let rtf = Array(("{\\rtf1\\ansi\\ansicpg932 \\'41" + String(repeating: "\\'82\\'b2", count: pairs) + " end}").utf8)
    let expected = "A" + String(repeating: "\u{3054}", count: pairs) + " end"
    #expect(String(decoding: try RTFBody(rtf).utf8, as: UTF8.self) == expected)
    #expect(String(decoding: try Self.chunked(rtf, size: 4093), as: UTF8.self) == expected)
  }

  private static func decompressed(_ stream: [UInt8], size: Int) throws -> [UInt8] {
    var decoder = try CompressedRTF.Decoder(header: stream.prefix(CompressedRTF.headerSize), streamSize: stream.count)
    var output = [UInt8]()
    var index = CompressedRTF.headerSize
    while index < stream.count {
      output += decoder.feed(stream[index..<min(stream.count, index + size)])
      index += size
    }
    return output
  }

  /// The specification's examples (references into the initial dictionary, an overlapping run),
  /// literal-only streams, a stored one, and streams cut inside a reference or padded past COMPSIZE.
  @Test func lzfuIsTheSameFedInChunks() throws {
    var streams = [
      CompressedRTFTests.bytes(
        "2d 00 00 00 2b 00 00 00 4c 5a 46 75 f1 c5 c7 a7 03 00 0a 00 72 63 70 67 31 32 35 42 32 0a f3 20 68 65 6c 09 00 20 62 77 05 b0 6c 64 7d 0a 80 0f a0"),
      CompressedRTFTests.bytes("1a 00 00 00 1c 00 00 00 4c 5a 46 75 e2 d4 4b 51 41 00 04 20 57 58 59 5a 0d 6e 7d 01 0e b0"),
      OutlookMessageBuilder.literalLZFu(Self.rtf),
      [UInt8](OutlookMessageBuilder.literalLZFu(Self.rtf).dropLast()),
      CompressedRTFTests.bytes("1a 00 00 00 1c 00 00 00 4c 5a 46 75 e2 d4 4b 51 41 00 04 20 57 58 59 5a 0d 6e 7d 01 0e b0 ff ff 00"),
    ]
    let stored = Array("{\\rtf1 stored}".utf8)
    streams.append([UInt8(stored.count + 12), 0, 0, 0, UInt8(stored.count), 0, 0, 0, 0x4D, 0x45, 0x4C, 0x41, 0, 0, 0, 0] + stored + [1, 2])
    for (number, stream) in streams.enumerated() {
      let whole = try CompressedRTF.decompress(stream)
      #expect(!whole.isEmpty)
      for size in 1...64 { #expect(try Self.decompressed(stream, size: size) == whole, "stream \(number), chunks of \(size)") }
    }
  }
}

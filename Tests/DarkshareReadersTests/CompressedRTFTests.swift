import DarkshareTestSupport
import Testing

@testable import DarkshareReaders

/// MS-OXRTFCP decompression against the specification's worked examples (§4.1, §4.2), plus
/// stored (`MELA`), damaged and hostile streams.
@Suite struct CompressedRTFTests {
  static func bytes(_ hex: String) -> [UInt8] {
    var result = [UInt8]()
    var digits = Array(hex.filter { !$0.isWhitespace })
    while digits.count >= 2 {
      result.append(UInt8(String(digits[0..<2]), radix: 16)!)
      digits.removeFirst(2)
    }
    return result
  }

  /// MS-OXRTFCP §4.1: literals and a reference into the dictionary's initial text.
  @Test func specExampleOneDecompresses() throws {
    let compressed = Self.bytes(
      "2d 00 00 00 2b 00 00 00 4c 5a 46 75 f1 c5 c7 a7 03 00 0a 00 72 63 70 67 31 32 35 42 32 0a f3 20 68 65 6c 09 00 20 62 77 05 b0 6c 64 7d 0a 80 0f a0")
    let rtf = try CompressedRTF.decompress(compressed)
    #expect(String(decoding: rtf, as: UTF8.self) == "{\\rtf1\\ansi\\ansicpg1252\\pard hello world}\r\n")
  }

  /// MS-OXRTFCP §4.2: a reference that overlaps the bytes it is writing (a run).
  @Test func specExampleTwoDecompresses() throws {
    let compressed = Self.bytes("1a 00 00 00 1c 00 00 00 4c 5a 46 75 e2 d4 4b 51 41 00 04 20 57 58 59 5a 0d 6e 7d 01 0e b0")
    #expect(String(decoding: try CompressedRTF.decompress(compressed), as: UTF8.self) == "{\\rtf1 WXYZWXYZWXYZWXYZWXYZ}")
  }

  @Test func literalOnlyStreamsRoundTrip() throws {
    for length in [0, 1, 7, 8, 9, 300, 5000] {
      let rtf = (0..<length).map { UInt8(0x41 + $0 % 26) }
      #expect(try CompressedRTF.decompress(OutlookMessageBuilder.literalLZFu(rtf)) == rtf, "length \(length)")
    }
  }

  @Test func storedRTFIsReturnedAsIs() throws {
    let rtf = Array("{\\rtf1 plain}".utf8)
    func le(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
    let stream = le(UInt32(rtf.count + 12)) + le(UInt32(rtf.count)) + Array("MELA".utf8) + le(0) + rtf
    #expect(try CompressedRTF.decompress(stream) == rtf)
  }

  @Test func damagedHeadersAreErrors() {
    #expect(throws: ReaderError.self) { try CompressedRTF.decompress([1, 2, 3]) }
    var stream = Self.bytes("1a 00 00 00 1c 00 00 00 58 58 58 58 e2 d4 4b 51")
    #expect(throws: ReaderError("the RTF body's compression type 0x58585858 is neither LZFu nor MELA")) {
      try CompressedRTF.decompress(stream)
    }
    // A raw size the compressed bytes cannot hold: refused before allocating it.
    stream = Self.bytes("1a 00 00 00 ff ff ff 7f 4c 5a 46 75 e2 d4 4b 51 41 00 04 20 57 58 59 5a 0d 6e 7d 01 0e b0")
    #expect(throws: ReaderError.self) { try CompressedRTF.decompress(stream) }
  }

  /// Every truncation and random damage decompresses to at most the raw size, without a crash.
  @Test func truncatedAndRandomStreamsAreBounded() throws {
    let compressed = OutlookMessageBuilder.literalLZFu(Array(repeating: UInt8(ascii: "x"), count: 2000))
    for length in 0..<compressed.count {
      // A cut header is an error; a cut body gives what it holds.
      if let rtf = try? CompressedRTF.decompress(Array(compressed.prefix(length))) { #expect(rtf.count <= 2000) }
    }
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<200 {
      var stream = compressed
      for _ in 0..<20 { stream[Int.random(in: 16..<stream.count, using: &generator)] = .random(in: 0...255, using: &generator) }
      if let rtf = try? CompressedRTF.decompress(stream) { #expect(rtf.count <= 2000) }
    }
  }
}

import DarkshareTestSupport
import Testing

@testable import DarkshareReaders

/// ``SurrogatePairRepair`` jumps from `&#` to `&#` instead of looking at every byte: these tests
/// pin that it still finds every surrogate reference (after runs of `&`, after broken or
/// truncated references, across chunk borders) and leaves everything else alone.
struct SurrogatePairRepairTests {
  private func repaired(_ text: String) -> String? {
    SurrogatePairRepair.repaired(Array(text.utf8)).map { String(decoding: $0, as: UTF8.self) }
  }

  @Test func referencesAfterAmpersandsAndBrokenReferencesAreFound() {
    #expect(repaired("&&#55357;&#56832;") == "&&#128512;")
    #expect(repaired("&#&#55357;x") == "&#&#65533;x")
    #expect(repaired("&#;&#xD83D;&#xDE00;") == "&#;&#128512;")
    #expect(repaired("&amp;&#12;&#55357;") == "&amp;&#12;&#65533;")
  }

  @Test func truncatedAndNonSurrogateReferencesAreLeftAlone() {
    for text in ["&#5535", "&#55357", "&#", "&#x", "&#xD83D", "a&", "&#233;", "&#x1F600;", "&#999999999;", ""] {
      #expect(repaired(text) == nil, "\(text)")
    }
    // A high half whose low half is truncated is a lone surrogate.
    #expect(repaired("&#55357;&#5683") == "&#65533;&#5683")
  }

  @Test func hostileInputsOfAmpersandsAreScannedWithoutRepair() {
    #expect(SurrogatePairRepair.repaired([UInt8](repeating: UInt8(ascii: "&"), count: 1 << 20)) == nil)
    #expect(SurrogatePairRepair.repaired(Array(String(repeating: "&#", count: 1 << 19).utf8)) == nil)
    #expect(SurrogatePairRepair.repaired(Array(String(repeating: "&#99999999", count: 1 << 16).utf8)) == nil)
  }

  @Test func aHugeDocumentHasEveryPairJoined() throws {
    let document = String(repeating: "<sms body=\"&#55357;&#56832; &amp; x\" />\n", count: 20_000)
    let expected = String(repeating: "<sms body=\"&#128512; &amp; x\" />\n", count: 20_000)
    #expect(try #require(repaired(document)) == expected)
  }

  /// Random documents over an alphabet dense in reference bytes: the fast scan agrees with a
  /// byte-by-byte scan, and chunked repair at every border agrees with repair in one piece.
  @Test func agreesWithAByteByByteScanAndAcrossChunkBorders() {
    var generator = SplitMix(seed: 14)
    let alphabet = Array("&&##xX;;0123456789DdEe5 a".utf8) + Array("&#55357;&#56832;&#xD83D;&#xDE00;".utf8)
    for _ in 0..<400 {
      let bytes = (0..<Int.random(in: 0...80, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
      let whole = SurrogatePairRepair.repaired(bytes) ?? bytes
      #expect(whole == Self.byteByByte(bytes), "\(String(decoding: bytes, as: UTF8.self))")
      for border in 0...bytes.count {
        var chunked = SurrogatePairRepair.Chunked()
        let joined = chunked.repair(Array(bytes[..<border]), isLast: false) + chunked.repair(Array(bytes[border...]), isLast: true)
        #expect(joined == whole, "border \(border) in \(String(decoding: bytes, as: UTF8.self))")
      }
    }
  }

  /// Chunks far shorter than a pair of references (a pipe handing over a few bytes at a time):
  /// the held-back tail grows, and a high half already complete must still wait for its low half.
  @Test func tinyChunksStillJoinEveryPair() {
    var generator = SplitMix(seed: 15)
    let alphabet = Array("&&##;;0123 a".utf8) + Array("&#55357;&#56832;&#xD83D;&#xDE00;".utf8)
    var samples = [Array("a &#55357;&#56832; b".utf8), Array("&#55357;&#56832;&#55357;&#56832;".utf8)]
    for _ in 0..<200 {
      samples.append((0..<Int.random(in: 0...60, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
    }
    for bytes in samples {
      let whole = SurrogatePairRepair.repaired(bytes) ?? bytes
      for size in 1...5 {
        var chunked = SurrogatePairRepair.Chunked()
        var joined = [UInt8]()
        var start = 0
        repeat {
          let end = min(bytes.count, start + size)
          joined += chunked.repair(Array(bytes[start..<end]), isLast: end == bytes.count)
          start = end
        } while start < bytes.count
        #expect(joined == whole, "chunks of \(size) in \(String(decoding: bytes, as: UTF8.self))")
      }
    }
  }

  /// The repair as first written, looking at every byte: the oracle for the fast scan.
  private static func byteByByte(_ bytes: [UInt8]) -> [UInt8] {
    func reference(at start: Int) -> (value: Int, end: Int)? {
      guard start + 3 < bytes.count, bytes[start] == UInt8(ascii: "&"), bytes[start + 1] == UInt8(ascii: "#") else { return nil }
      var cursor = start + 2
      let hex = bytes[cursor] == UInt8(ascii: "x") || bytes[cursor] == UInt8(ascii: "X")
      if hex { cursor += 1 }
      var value = 0
      let digitsStart = cursor
      while cursor < bytes.count, cursor - digitsStart < 8, let digit = bytes[cursor].hexDigitValue, hex || digit < 10 {
        value = value * (hex ? 16 : 10) + Int(digit)
        cursor += 1
      }
      guard cursor > digitsStart, cursor < bytes.count, bytes[cursor] == UInt8(ascii: ";") else { return nil }
      return (value, cursor + 1)
    }
    var output = [UInt8]()
    var index = 0
    while index < bytes.count {
      guard let (value, end) = reference(at: index), (0xD800...0xDFFF).contains(value) else {
        output.append(bytes[index])
        index += 1
        continue
      }
      var scalar = 0xFFFD
      var next = end
      if value <= 0xDBFF, let (low, lowEnd) = reference(at: end), (0xDC00...0xDFFF).contains(low) {
        scalar = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
        next = lowEnd
      }
      output += Array("&#\(scalar);".utf8)
      index = next
    }
    return output
  }
}

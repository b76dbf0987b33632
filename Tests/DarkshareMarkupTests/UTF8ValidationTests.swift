@testable import DarkshareMarkup
import DarkshareTestSupport
import Testing

/// `Transcoder.isValidUTF8` (eight ASCII bytes at a time, then one sequence at a time) answers
/// as the standard library's validation does.
@Suite struct UTF8ValidationTests {
  private func expected(_ bytes: [UInt8]) -> Bool { String(validating: bytes, as: UTF8.self) != nil }

  /// Every lead byte with the edges of its second byte's range, whole and cut short.
  @Test func everyLeadByteAtTheEdgesOfItsRanges() {
    for lead in UInt8.min...UInt8.max {
      for second: UInt8 in [0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF] {
        for tail in [[], [0x80], [0x80, 0x80], [0x41, 0x80], [0x80, 0x41]] as [[UInt8]] {
          let bytes = [lead, second] + tail
          #expect(Transcoder.isValidUTF8(bytes) == expected(bytes), "\(bytes)")
          #expect(Transcoder.isValidUTF8([lead]) == expected([lead]), "\(lead)")
        }
      }
    }
  }

  /// A bad byte, or a character, at every offset of ASCII text around the eight-byte steps.
  @Test func aByteAnywhereInASCIIText() {
    for length in 0..<40 {
      for offset in 0..<max(1, length) {
        for inserted: [UInt8] in [[0x80], [0xC3, 0xA9], [0xE2, 0x80, 0x99], [0xF0, 0x9F, 0x98, 0x80], [0xED, 0xA0, 0x80], [0xC3]] {
          var bytes = [UInt8](repeating: 0x61, count: length)
          bytes.insert(contentsOf: inserted, at: min(offset, bytes.count))
          #expect(Transcoder.isValidUTF8(bytes) == expected(bytes), "\(bytes)")
        }
      }
    }
  }

  @Test func randomBytes() {
    var generator = SplitMix(seed: 42)
    for _ in 0..<20_000 {
      let count = Int.random(in: 0..<24, using: &generator)
      // Mostly high bytes, so sequences of every kind occur.
      let bytes = (0..<count).map { _ in UInt8.random(in: 0x60...0xFF, using: &generator) }
      #expect(Transcoder.isValidUTF8(bytes) == expected(bytes), "\(bytes)")
    }
  }
}

/// windows-1252 read through the table gives what iconv gives for the same bytes.
@Suite struct Windows1252Tests {
  @Test func everyByteAndRandomTextsConvertAsIconvConvertsThem() throws {
    let every = (0...255).map { UInt8($0) }
    #expect(Transcoder.windows1252(every) == Transcoder.iconvUTF8(from: every, charset: "WINDOWS-1252"))
    // The five bytes windows-1252 leaves unmapped become U+FFFD; € is 0x80.
    #expect(Transcoder.windows1252([0x81, 0x80]) == [0xEF, 0xBF, 0xBD, 0xE2, 0x82, 0xAC])
    var random = SplitMix(seed: 1252)
    for _ in 0..<2_000 {
      let bytes = (0..<Int.random(in: 0..<64, using: &random)).map { _ in
        Bool.random(using: &random) ? UInt8.random(in: 0...0x7F, using: &random) : UInt8.random(in: 0x80...0xFF, using: &random)
      }
      let converted = try #require(Transcoder.utf8(from: bytes, charset: "WINDOWS-1252"))
      #expect(converted == Transcoder.iconvUTF8(from: bytes, charset: "WINDOWS-1252"), "\(bytes)")
    }
  }
}

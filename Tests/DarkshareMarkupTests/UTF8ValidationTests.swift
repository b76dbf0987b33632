import DarkshareMarkup
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

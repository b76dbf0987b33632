import DarkshareCore
import Testing

/// The byte search and hex digits the readers and URL code share.
@Suite struct ByteSearchTests {
  private let bytes = Array("ab=?cd=?ef".utf8)

  @Test func findsFromAStartWithinALimitAndInSlices() {
    #expect(bytes.firstIndex(ofBytes: Array("=?".utf8)) == 2)
    #expect(bytes.firstIndex(ofBytes: Array("=?".utf8), from: 3) == 6)
    #expect(bytes.firstIndex(ofBytes: Array("=?".utf8), from: 3, within: 2) == nil)
    #expect(bytes.firstIndex(ofBytes: Array("=?".utf8), from: 3, within: 3) == 6)
    #expect(bytes.firstIndex(ofBytes: Array("ef".utf8), from: 9) == nil)
    #expect(bytes.firstIndex(ofBytes: []) == nil)
    // A slice keeps the indices of its base array.
    let slice = bytes[4...]
    #expect(slice.firstIndex(ofBytes: Array("=?".utf8)) == 6)
    #expect(slice.firstIndex(ofBytes: Array("ab".utf8)) == nil)
    #expect(slice.hasBytes(Array("cd".utf8), at: 4) && !slice.hasBytes(Array("ab".utf8), at: 0))
  }

  @Test func hexDigits() {
    #expect(Array("09afAF".utf8).map(\.hexDigitValue) == [0, 9, 10, 15, 10, 15])
    #expect(Array("gG /:@`".utf8).allSatisfy { $0.hexDigitValue == nil })
  }
}

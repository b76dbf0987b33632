import DarkshareCore
import DarkshareTestSupport
import Testing

/// The byte search and hex digits the readers and URL code share.
@Suite struct ByteSearchTests {
  private let bytes = Array("ab=?cd=?ef".utf8)

  /// Bytes in memory (arrays, slices) are searched with memchr and memcmp; the answer is the
  /// byte-by-byte walk's, which a collection not in memory still takes.
  @Test func bytesInMemoryAreFoundWhereTheWalkFindsThem() {
    var random = SplitMix(seed: 5)
    for _ in 0..<20_000 {
      let bytes = (0..<Int.random(in: 0...40, using: &random)).map { _ in UInt8.random(in: 0x61...0x63, using: &random) }
      let pattern = (0..<Int.random(in: 0...4, using: &random)).map { _ in UInt8.random(in: 0x61...0x63, using: &random) }
      let dropped = Int.random(in: 0...min(3, bytes.count), using: &random)
      let slice = bytes[dropped...]
      let walked = (dropped..<bytes.count).lazy.map { bytes[$0] }
      let start = Bool.random(using: &random) ? nil : Int.random(in: -2...(bytes.count + 2), using: &random)
      let limit = Bool.random(using: &random) ? Int.max : Int.random(in: 0...20, using: &random)
      #expect(
        slice.firstIndex(ofBytes: pattern, from: start, within: limit)
          == walked.firstIndex(ofBytes: pattern, from: start, within: limit), "\(bytes) \(pattern) \(dropped) \(String(describing: start)) \(limit)")
    }
  }

  /// Bytes counted through the pointer are the ones a filter of the range counts, for ranges
  /// anywhere in the buffer, empty ones and the whole of an empty buffer included.
  @Test func countedBytesAreTheOnesAFilterCounts() {
    var random = SplitMix(seed: 9)
    for _ in 0..<5_000 {
      let bytes = (0..<Int.random(in: 0...70, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
      let lower = Int.random(in: 0...bytes.count, using: &random)
      let upper = Int.random(in: lower...bytes.count, using: &random)
      let isLineFeed = { (byte: UInt8) in byte == 0x0A || byte > 0xF0 }
      let counted = bytes.withUnsafeBufferPointer { $0.count(in: lower..<upper, where: isLineFeed) }
      #expect(counted == bytes[lower..<upper].filter(isLineFeed).count, "\(bytes) \(lower)..<\(upper)")
    }
  }

  /// A byte is found in an array wherever it is, as `contains` finds it, in empty arrays too.
  @Test func aByteIsFoundAsContainsFindsIt() {
    var random = SplitMix(seed: 21)
    for _ in 0..<3_000 {
      let bytes = (0..<Int.random(in: 0...90, using: &random)).map { _ in UInt8.random(in: 0...8, using: &random) }
      let byte = UInt8.random(in: 0...9, using: &random)
      #expect(bytes.containsByte(byte) == bytes.contains(byte), "\(bytes) \(byte)")
    }
  }

  /// A byte set holds the bytes its predicate names (each byte alone), counts them in a buffer as a filter does,
  /// and tells whether a buffer holds any, empty buffers included.
  @Test func byteSetsAnswerAsTheirPredicate() {
    let predicates: [(UInt8) -> Bool] = [{ $0 < 0x20 || $0 == 0x22 }, { $0 >= 0x80 }, { _ in false }, { _ in true }, { $0 == 0xFF }]
    var random = SplitMix(seed: 23)
    for predicate in predicates {
      let set = ByteSet(predicate)
      let everyByte = (0...255).map(UInt8.init)
      everyByte.withUnsafeBufferPointer { #expect(set.count(in: $0) == everyByte.filter(predicate).count) }
      #expect(everyByte.allSatisfy { byte in [byte].withUnsafeBufferPointer { set.containsAny(of: $0) } == predicate(byte) })
      for _ in 0..<500 {
        let bytes = (0..<Int.random(in: 0...40, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
        bytes.withUnsafeBufferPointer { buffer in
          #expect(set.count(in: buffer) == bytes.filter(predicate).count)
          #expect(set.containsAny(of: buffer) == bytes.contains(where: predicate))
          let start = Int.random(in: -1...(bytes.count + 1), using: &random)
          let expected = bytes.indices.first { $0 >= start && predicate(bytes[$0]) }
          #expect(set.firstIndex(in: buffer, from: start) == expected, "\(bytes) from \(start)")
        }
      }
    }
  }

  /// ASCII is told the same way for bytes in memory (arrays, slices, strings, substrings) and
  /// for bytes that are not (a lazy view), as a walk tells it.
  @Test func asciiIsToldAsAWalkTellsIt() {
    var random = SplitMix(seed: 13)
    for _ in 0..<3_000 {
      let bytes = (0..<Int.random(in: 0...40, using: &random)).map { _ in
        Int.random(in: 0..<10, using: &random) == 0 ? UInt8.random(in: 0x80...0xFF, using: &random) : UInt8.random(in: 0...0x7F, using: &random)
      }
      let walked = bytes.allSatisfy { $0 < 0x80 }
      let dropped = Int.random(in: 0...bytes.count, using: &random)
      #expect(bytes.isAllASCII == walked)
      #expect(bytes.lazy.map { $0 }.isAllASCII == walked)
      #expect(bytes[dropped...].isAllASCII == bytes[dropped...].allSatisfy { $0 < 0x80 })
      let text = String(decoding: bytes, as: UTF8.self)
      #expect(text.utf8.isAllASCII == text.utf8.allSatisfy { $0 < 0x80 })
      let tail = text.dropFirst(min(2, text.count))
      #expect(tail.utf8.isAllASCII == tail.utf8.allSatisfy { $0 < 0x80 }, "\(bytes)")
      let isBreak = { (byte: UInt8) in byte == 0x09 || byte == 0x0A || byte == 0x0D }
      #expect(text.containsUTF8Byte(where: isBreak) == text.utf8.contains(where: isBreak), "\(bytes)")
      #expect(text.containsUTF8Byte(in: [0x0A, 0x0D, 0x09]) == text.utf8.contains(where: isBreak), "\(bytes)")
    }
  }

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

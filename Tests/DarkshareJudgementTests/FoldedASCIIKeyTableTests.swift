import DarkshareTestSupport
import Testing

@testable import DarkshareJudgement

/// The open-addressed table of reference words answers as a `Dictionary` of the same keys does.
@Suite struct FoldedASCIIKeyTableTests {
  private static func randomWord(_ generator: inout SplitMix) -> String {
    let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.")
    return String((0..<Int.random(in: 0...FoldedASCIIKey.capacity, using: &generator)).map { _ in letters.randomElement(using: &generator)! })
  }

  @Test(arguments: [0, 1, 2, 7, 8, 100, 1_000])
  func answersAsADictionary(count: Int) {
    var generator = SplitMix(seed: UInt64(count) + 1)
    let words = (0..<count).map { _ in Self.randomWord(&generator) }
    var dictionary = [FoldedASCIIKey: Int]()
    for (index, word) in words.enumerated() where dictionary[FoldedASCIIKey(word)] == nil { dictionary[FoldedASCIIKey(word)] = index }
    let table = FoldedASCIIKeyTable(words.enumerated().map { (FoldedASCIIKey($1), $0) })
    // Every word in, a different case of it, and words not in.
    let probes = words + words.map { $0.uppercased() } + (0..<2_000).map { _ in Self.randomWord(&generator) }
    for probe in probes {
      let key = FoldedASCIIKey(probe)
      #expect(table[key] == dictionary[key], "\(probe)")
      #expect(table.contains(key) == (dictionary[key] != nil))
    }
  }

  /// Keys that differ only in their length, or in their last word, are told apart.
  @Test func keysThatShareTheirWordsAreApart() {
    let words = ["a", "a\u{0}", "", "abcdefgh", "abcdefghi", String(repeating: "z", count: 31), String(repeating: "z", count: 30)]
    let table = FoldedASCIIKeyTable(words: words)
    for word in words { #expect(table.contains(FoldedASCIIKey(word))) }
    #expect(!table.contains(FoldedASCIIKey("b")))
    #expect(!table.contains(FoldedASCIIKey("abcdefghij")))
  }
}

/// A key made from bytes in memory, eight at a time, is the key made byte by byte.
@Suite struct FoldedASCIIKeyTests {
  @Test func bytesInMemoryMakeTheKeyBytesOneByOneMake() {
    var random = SplitMix(seed: 31)
    for _ in 0..<20_000 {
      let length = Int.random(in: 0...(FoldedASCIIKey.capacity + 3), using: &random)
      // Mostly ASCII, capitals and the bytes around them included, sometimes one byte over 0x7F.
      let bytes = (0..<length).map { _ -> UInt8 in
        Int.random(in: 0..<40, using: &random) == 0
          ? UInt8.random(in: 0x80...0xFF, using: &random) : UInt8.random(in: 0...0x7F, using: &random)
      }
      let oneByOne = FoldedASCIIKey(bytes.lazy.map { $0 })
      #expect(FoldedASCIIKey(bytes) == oneByOne, "\(bytes)")
      let expected = bytes.count <= FoldedASCIIKey.capacity && bytes.allSatisfy { $0 < 0x80 }
      #expect((oneByOne != nil) == expected)
      if expected {
        let lowered = bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        #expect(FoldedASCIIKey(lowered.lazy.map { $0 }) == oneByOne)
      }
    }
  }
}

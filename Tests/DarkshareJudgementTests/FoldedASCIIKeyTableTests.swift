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

import DarkshareTestSupport
import Testing

@testable import DarkshareRules

/// The usual value of a key is the most frequent one, ties going to the one seen first.
@Suite struct ValueTallyTests {
  @Test func theUsualValueIsTheMostFrequentFirstSeen() {
    var random = SplitMix(seed: 3)
    let values = ["spring", "Spring", "spring-2025", "", "summer", "é"]
    for _ in 0..<2_000 {
      let added = (0..<Int.random(in: 0...12, using: &random)).map { _ in values.randomElement(using: &random)! }
      var tally = ValueTally()
      for value in added { tally.add(value) }
      let distinct = added.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
      let highest = distinct.map { value in added.count { $0 == value } }.max()
      let expected = distinct.first { value in added.count { $0 == value } == highest }
      #expect(tally.distinct == distinct.count)
      #expect(tally.mostCommon == expected, "\(added)")
    }
  }
}

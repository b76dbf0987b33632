import DarkshareJudgement

/// Counts the values a message's links use for one key, to find the usual one: the most
/// frequent, ties going to the one seen first.
///
/// Counts are kept for at most ``MessageFacts/distinctKeys`` distinct values; a value first
/// seen after that is not counted (only a hostile document has so many).
struct ValueTally: Sendable {
  private var counts = [String: (count: Int, first: Int)]()

  /// How many distinct values were counted.
  var distinct: Int { counts.count }

  mutating func add(_ value: String) {
    if let known = counts[value] {
      counts[value] = (known.count + 1, known.first)
    } else if counts.count < MessageFacts.distinctKeys {
      counts[value] = (1, counts.count)
    }
  }

  /// The most frequent value, the first seen of those equally frequent.
  var mostCommon: String? {
    counts.min { ($0.value.count, -$0.value.first) > ($1.value.count, -$1.value.first) }?.key
  }
}

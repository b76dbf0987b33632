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
    // Hashed once for a value already counted, as most are.
    if let known = counts.index(forKey: value) {
      counts.values[known].count += 1
    } else if counts.count < MessageFacts.distinctKeys {
      counts[value] = (1, counts.count)
    }
  }

  /// The most frequent value, the first seen of those equally frequent.
  var mostCommon: String? {
    counts.min { ($0.value.count, -$0.value.first) > ($1.value.count, -$1.value.first) }?.key
  }
}

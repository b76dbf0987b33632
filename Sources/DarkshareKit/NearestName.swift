/// The "did you mean …?" of a misspelt name: the known name closest to what was typed.
public enum NearestName {
  /// The candidate nearest to `typed` by edit distance (case ignored), when it is near enough to
  /// be a plausible typo: at most a third of the typed length in edits (at least one, at most
  /// three), or a candidate that starts with what was typed. Ties go to the earlier candidate.
  public static func suggestion(for typed: String, among candidates: [String]) -> String? {
    let typed = typed.lowercased()
    guard !typed.isEmpty else { return nil }
    if let prefixed = candidates.first(where: { $0.lowercased().hasPrefix(typed) }) { return prefixed }
    let limit = min(3, max(1, typed.count / 3))
    var best: (name: String, distance: Int)?
    for candidate in candidates {
      let distance = editDistance(typed, candidate.lowercased())
      if distance <= limit, distance < (best?.distance ?? .max) { best = (candidate, distance) }
    }
    return best?.name
  }

  /// Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
  /// neighbouring characters (`audti` → `audit`) each count one.
  static func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var rows = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in 0...a.count { rows[i][0] = i }
    for j in 0...b.count { rows[0][j] = j }
    for i in 1...a.count {
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        var value = min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { value = min(value, rows[i - 2][j - 2] + 1) }
        rows[i][j] = value
      }
    }
    return rows[a.count][b.count]
  }
}

import Foundation

/// The text `RealMailCorpusTests` prints: every mismatch, the mismatch classes with a few
/// examples each, and the score per message, so a failing run shows what to fix first.
struct RealMailReport {
  var scores: [RealMailScore]

  var text: String {
    var lines = ["== real mail: mismatches (file | expected → actual | rules | URL)"]
    for mismatch in scores.flatMap(\.mismatches) {
      let rules = mismatch.rules.isEmpty ? "-" : mismatch.rules.joined(separator: ",")
      lines.append("\(mismatch.file) | \(mismatch.kind) | \(rules) | \(Self.visible(mismatch.url))")
    }
    lines.append("== real mail: mismatch classes (count, expected → actual, examples)")
    let classes = Dictionary(grouping: scores.flatMap(\.mismatches), by: \.kind)
    for (kind, members) in classes.sorted(by: { ($0.value.count, $1.key) > ($1.value.count, $0.key) }) {
      lines.append("\(members.count)  \(kind)")
      for example in members.prefix(3) {
        lines.append("      \(example.file): \(Self.shortened(Self.visible(example.url)))")
      }
    }
    lines.append("== real mail: score per message (right / labels + unmatched links)")
    for score in scores {
      let figure = String(format: "%.3f", score.score)
      lines.append("\(figure)  \(score.right)/\(score.denominator)  \(score.file)")
    }
    return lines.joined(separator: "\n")
  }

  /// A URL with line breaks and tabs shown as `\n`, `\r`, `\t`, so one mismatch stays one line.
  static func visible(_ url: String) -> String {
    url.replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r")
      .replacingOccurrences(of: "\t", with: "\\t")
  }

  /// A URL cut to 120 characters, so one example fits a terminal line.
  static func shortened(_ url: String) -> String {
    url.count <= 120 ? url : String(url.prefix(117)) + "…"
  }
}

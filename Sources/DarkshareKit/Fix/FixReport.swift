import Foundation

/// What a `fix` run did (or, with `--check`, `--diff` and `--dry-run`, would do), as text or
/// JSON.
public struct FixReport: Sendable, Codable {
  public var changes: [FixChange] = []
  public var left: [LeftLink] = []
  public var errors: [FixFileError] = []
  public var notRewritten: [NotRewritten] = []
  public var summary = Summary()

  /// The counts of the summary line.
  public struct Summary: Sendable, Codable {
    public var filesChanged = 0
    public var linksFixed = 0
    public var linksLeft = 0
    public var errors = 0
    public var notRewritten = 0
  }

  /// Adds one file's outcome.
  mutating func add(changes: [FixChange], left: [LeftLink]) {
    self.changes += changes
    self.left += left
    if !changes.isEmpty { summary.filesChanged += 1 }
    summary.linksFixed += changes.count
    summary.linksLeft += left.count
  }

  mutating func add(_ error: FixFileError) {
    errors.append(error)
    summary.errors += 1
  }

  mutating func add(_ skipped: NotRewritten) {
    notRewritten.append(skipped)
    summary.notRewritten += 1
  }

  /// One line per change and link left, in the order of the file, then one per file not
  /// rewritten: `file:line:column  old → new`, `file:line:column  left: reason`,
  /// `file  not rewritten: …`.
  func lines(for file: String) -> String {
    let changed = changes.filter { $0.file == file }.map { ($0.line, $0.column, "\($0.old) → \($0.new)") }
    let kept = left.filter { $0.file == file }.map { ($0.line, $0.column, "left: \($0.reason)") }
    let ordered = (changed + kept).sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map { "\(file):\($0.0):\($0.1)  \($0.2)\n" }
    let skipped = notRewritten.filter { $0.file == file }.map { "\($0.file)  \($0.reason)\n" }
    return (ordered + skipped).joined()
  }

  /// `N files changed, M links fixed, K links left` (`would change`, `would be fixed` when
  /// nothing is written), with the errors when there are any.
  func summaryLine(written: Bool) -> String {
    func plural(_ count: Int, _ word: String) -> String { "\(count) \(word)\(count == 1 ? "" : "s")" }
    var line = written
      ? "\(plural(summary.filesChanged, "file")) changed, \(plural(summary.linksFixed, "link")) fixed, "
      : "\(plural(summary.filesChanged, "file")) would change, \(plural(summary.linksFixed, "link")) would be fixed, "
    line += "\(plural(summary.linksLeft, "link")) left"
    if summary.notRewritten > 0 { line += ", \(plural(summary.notRewritten, "file")) not rewritten" }
    if summary.errors > 0 { line += ", \(plural(summary.errors, "error"))" }
    return line + "\n"
  }

  /// The report as JSON: `changes`, `left`, `errors`, `notRewritten` and `summary`.
  func json() -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let data = (try? encoder.encode(self)) ?? Data("{}".utf8)
    return String(decoding: data, as: UTF8.self) + "\n"
  }
}

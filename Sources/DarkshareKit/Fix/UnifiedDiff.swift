/// A unified diff of one file's fix, in the form `git apply` (and `patch -p1`) accepts:
/// `--- a/PATH` / `+++ b/PATH` headers, hunks with three lines of context, and
/// `\ No newline at end of file` where the last line has none.
///
/// Bytes are kept as stored (a windows-1252 file's diff is windows-1252, CRLF lines keep their
/// `\r`), so the diff applies to the file as it is. A fix never adds or removes a line, so the
/// lines are compared one to one.
enum UnifiedDiff {
  static let context = 3

  /// The diff from `old` to `new` of the file at `path` (relative to where it is applied);
  /// empty when they are equal.
  static func diff(path: String, old: [UInt8], new: [UInt8]) -> [UInt8] {
    let before = lines(of: old)
    let after = lines(of: new)
    guard before != after else { return [] }
    // A fix changes lines in place; should the counts ever differ, show the whole file.
    let changed: [Int] =
      before.count == after.count ? before.indices.filter { before[$0] != after[$0] } : Array(before.indices)
    let name = path.hasPrefix("./") ? String(path.dropFirst(2)) : path
    var output = Array("--- a/\(name)\n+++ b/\(name)\n".utf8)
    var hunks = [Range<Int>]()
    for line in changed {
      let lower = max(0, line - context)
      let upper = min(before.count, line + context + 1)
      if let last = hunks.last, last.upperBound >= lower {
        hunks[hunks.count - 1] = last.lowerBound..<max(last.upperBound, upper)
      } else {
        hunks.append(lower..<upper)
      }
    }
    for hunk in hunks {
      if before.count != after.count {
        output += header(old: 0..<before.count, new: 0..<after.count)
        output += before.flatMap { line("-", $0) } + after.flatMap { line("+", $0) }
        break
      }
      output += header(old: hunk, new: hunk)
      var index = hunk.lowerBound
      while index < hunk.upperBound {
        if before[index] == after[index] {
          output += line(" ", before[index])
          index += 1
          continue
        }
        var end = index
        while end < hunk.upperBound, before[end] != after[end] { end += 1 }
        for removed in before[index..<end] { output += line("-", removed) }
        for added in after[index..<end] { output += line("+", added) }
        index = end
      }
    }
    return output
  }

  private static func header(old: Range<Int>, new: Range<Int>) -> [UInt8] {
    func span(_ range: Range<Int>) -> String {
      range.isEmpty ? "\(range.lowerBound),0" : "\(range.lowerBound + 1),\(range.count)"
    }
    return Array("@@ -\(span(old)) +\(span(new)) @@\n".utf8)
  }

  /// One diff line: the mark and the line's bytes, with the end-of-file note when it has no
  /// line feed.
  private static func line(_ mark: Character, _ bytes: [UInt8]) -> [UInt8] {
    var result = Array(String(mark).utf8) + bytes
    if bytes.last != UInt8(ascii: "\n") { result += Array("\n\\ No newline at end of file\n".utf8) }
    return result
  }

  /// The lines of `bytes`, each with its `\n` (the last one may have none); `\r` stays part
  /// of the line, as git sees it.
  static func lines(of bytes: [UInt8]) -> [[UInt8]] {
    var result = [[UInt8]]()
    var start = 0
    for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
      result.append(Array(bytes[start...index]))
      start = index + 1
    }
    if start < bytes.count { result.append(Array(bytes[start...])) }
    return result
  }
}

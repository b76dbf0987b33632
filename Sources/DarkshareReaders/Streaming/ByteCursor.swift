/// Turns byte offsets in a UTF-8 document into the 1-based line and column (Unicode scalars)
/// reports show, for offsets asked for mostly in increasing order.
///
/// Lines end at LF, CRLF or CR, as everywhere in darkshare. The cursor remembers where it last
/// was, so a document's positions asked for in order cost O(*n*) in all, even on one long line
/// (a minified file); going back is allowed and costs the distance back plus that line's start.
/// A cursor may also start part-way through, over the bytes of a document read in chunks, from
/// an offset whose position is known (``init(_:at:line:column:)``).
///
/// ```swift
/// var cursor = ByteCursor(Array("ab\r\ncé x".utf8))
/// cursor.position(of: 8)   // (line: 2, column: 4): the `x`, after `c`, `é` (two bytes) and a space
/// ```
struct ByteCursor {
  private let bytes: [UInt8]
  private var offset = 0
  private var line = 1
  private var column = 1
  /// Where the cursor started: no position before it is asked for.
  private let origin: (offset: Int, column: Int)

  init(_ bytes: [UInt8]) {
    self.bytes = bytes
    origin = (0, 1)
  }

  /// A cursor over `bytes` whose byte at `offset` is at `line` and `column` (1-based), because
  /// bytes before those held were counted already; positions before `offset` are not asked for.
  init(_ bytes: [UInt8], at offset: Int, line: Int, column: Int) {
    self.bytes = bytes
    self.offset = offset
    self.line = line
    self.column = column
    origin = (offset, column)
  }

  /// Whether the byte at `index` ends a line (LF, or a CR not followed by LF).
  private func isBreak(_ index: Int) -> Bool {
    bytes[index] == 0x0A || (bytes[index] == 0x0D && (index + 1 == bytes.count || bytes[index + 1] != 0x0A))
  }

  /// The 1-based line and column (in Unicode scalars) of the byte at `target`.
  mutating func position(of target: Int) -> (line: Int, column: Int) {
    let target = max(0, min(target, bytes.count))
    if target >= offset {
      for index in offset..<target {
        if isBreak(index) {
          line += 1
          column = 1
        } else if bytes[index] & 0xC0 != 0x80 {
          column += 1
        }
      }
    } else {
      for index in target..<offset where isBreak(index) { line -= 1 }
      var start = target
      while start > origin.offset, !isBreak(start - 1) { start -= 1 }
      // A line that starts before the origin goes on from the origin's column.
      let startColumn = start == origin.offset ? origin.column : 1
      column = startColumn + bytes[start..<target].reduce(0) { $0 + ($1 & 0xC0 != 0x80 ? 1 : 0) }
    }
    offset = target
    return (line, column)
  }
}

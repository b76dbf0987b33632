import DarkshareCore

/// Converts byte offsets in a UTF-8 buffer into 1-based line and column numbers.
///
/// Lines end at `\n`, `\r\n` or a lone `\r`. Columns count Unicode scalars, so a column means
/// the same thing in the decoded UTF-8 buffer and in a single-byte (windows-1252) original.
struct LineIndex {
  private let buffer: [UInt8]
  /// Byte offset at which each line starts; `lineStarts[0] == 0`.
  private let lineStarts: [Int]

  init(_ buffer: [UInt8]) {
    self.buffer = buffer
    lineStarts = buffer.withUnsafeBufferPointer(Self.lineStarts)
  }

  /// The offsets just past each line break (`\n`, `\r\n`, a lone `\r`), after `0`. The breaks
  /// are found by `memchr`, many bytes a step, rather than by looking at every byte.
  static func lineStarts(of bytes: UnsafeBufferPointer<UInt8>) -> [Int] {
    let count = bytes.count
    var starts = [0]
    var nextLineFeed = bytes.firstIndex(of: UInt8(ascii: "\n"), in: 0..<count) ?? count
    var nextReturn = bytes.firstIndex(of: UInt8(ascii: "\r"), in: 0..<count) ?? count
    while nextLineFeed < count || nextReturn < count {
      // The last byte of the break: a carriage return, or the line feed after it.
      var end = nextLineFeed
      if nextReturn < nextLineFeed {
        end = nextReturn + 1 < count && bytes[nextReturn + 1] == UInt8(ascii: "\n") ? nextReturn + 1 : nextReturn
      }
      starts.append(end + 1)
      if nextLineFeed <= end { nextLineFeed = bytes.firstIndex(of: UInt8(ascii: "\n"), in: (end + 1)..<count) ?? count }
      if nextReturn <= end { nextReturn = bytes.firstIndex(of: UInt8(ascii: "\r"), in: (end + 1)..<count) ?? count }
    }
    return starts
  }

  /// Returns the 1-based (line, column) of each offset, in the order given.
  ///
  /// - Complexity: O(*n* + *k* log *k*) for *k* offsets in a buffer of *n* bytes: offsets are
  ///   swept in sorted order, so a hostile single 20 MB line is still walked once.
  func positions(of offsets: [Int]) -> [(line: Int, column: Int)] {
    let order = offsets.indices.sorted { offsets[$0] < offsets[$1] }
    var result = [(line: Int, column: Int)](repeating: (1, 1), count: offsets.count)
    var line = 0
    var cursor = 0
    var column = 1
    buffer.withUnsafeBufferPointer { bytes in
      for slot in order {
        let offset = min(max(offsets[slot], 0), bytes.count)
        while line + 1 < lineStarts.count, lineStarts[line + 1] <= offset {
          line += 1
          cursor = lineStarts[line]
          column = 1
        }
        // A column is a scalar: a byte that continues none.
        if cursor < offset {
          column += bytes.count(in: cursor..<offset) { $0 & 0xC0 != 0x80 }
          cursor = offset
        }
        result[slot] = (line + 1, column)
      }
    }
    return result
  }
}

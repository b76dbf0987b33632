/// Line starts of a UTF-8 document, to turn a byte offset into the 1-based line and column
/// (Unicode scalars) reports show.
///
/// Lines end at LF, CRLF or CR, as everywhere in darkshare.
///
/// ```swift
/// let index = ByteLineIndex(Array("ab\r\ncé x".utf8))
/// index.position(of: 8)   // (line: 2, column: 4): the `x`, after `c`, `é` (two bytes) and a space
/// ```
///
/// - Complexity: O(*n*) to build; O(log *lines* + *column bytes*) per position.
struct ByteLineIndex {
  private let bytes: [UInt8]
  /// The byte offset where each line starts; line 1 starts at 0.
  private var starts: [Int] = [0]

  init(_ bytes: [UInt8]) {
    self.bytes = bytes
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      if byte == 0x0A || (byte == 0x0D && (index + 1 == bytes.count || bytes[index + 1] != 0x0A)) {
        starts.append(index + 1)
      }
      index += 1
    }
  }

  /// The 1-based line and column (in Unicode scalars) of the byte at `offset`.
  func position(of offset: Int) -> (line: Int, column: Int) {
    var low = 0
    var high = starts.count - 1
    while low < high {
      let middle = (low + high + 1) / 2
      if starts[middle] <= offset { low = middle } else { high = middle - 1 }
    }
    let start = starts[low]
    var column = 1
    for byte in bytes[start..<min(offset, bytes.count)] where byte & 0xC0 != 0x80 { column += 1 }
    return (low + 1, column)
  }
}

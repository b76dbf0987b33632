import DarkshareCore

/// Joins the UTF-16 surrogate-pair character references some SMS Backup & Restore versions
/// write for emoji (`&#55357;&#56832;` for 😀) into the one reference XML allows
/// (`&#128512;`), so libxml2 does not stop at the first emoji (shared/reference/formats.md).
///
/// A lone surrogate becomes `&#65533;` (U+FFFD). Line breaks are untouched, so line numbers
/// stay those of the file; columns are counted in the original bytes by the reader.
enum SurrogatePairRepair {
  /// The repaired document, or nil when it holds no surrogate reference (the common case).
  ///
  /// Only the `&#` of numeric references are looked at: the scan jumps from `&` to `&`, and a
  /// document without a surrogate reference is never copied.
  ///
  /// - Complexity: O(*n*) in the number of bytes.
  static func repaired(_ bytes: [UInt8]) -> [UInt8]? {
    var found = firstSurrogateReference(in: bytes, from: 0)
    guard found != nil else { return nil }
    var output = [UInt8]()
    output.reserveCapacity(bytes.count)
    var copiedUpTo = 0
    while let index = found, let (value, end) = reference(in: bytes, at: index) {
      output += bytes[copiedUpTo..<index]
      var scalar = 0xFFFD
      var next = end
      if value <= 0xDBFF, let (low, lowEnd) = reference(in: bytes, at: end), (0xDC00...0xDFFF).contains(low) {
        scalar = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
        next = lowEnd
      }
      output += Array("&#\(scalar);".utf8)
      copiedUpTo = next
      found = firstSurrogateReference(in: bytes, from: next)
    }
    output += bytes[copiedUpTo...]
    return output
  }

  /// The index of the first numeric character reference at or after `start` whose value is a
  /// UTF-16 surrogate (U+D800–U+DFFF), or nil.
  private static func firstSurrogateReference(in bytes: [UInt8], from start: Int) -> Int? {
    bytes.withUnsafeBufferPointer { buffer in
      var index = start
      // A reference needs at least `&#` plus a digit and `;` after it.
      while index + 3 < buffer.count {
        // Most messages hold no `&` at all: jump to the next one with `memchr`.
        guard let ampersand = buffer.firstIndex(of: UInt8(ascii: "&"), in: index..<(buffer.count - 3)) else { return nil }
        index = ampersand
        guard buffer[index + 1] == UInt8(ascii: "#") else {
          index += 1
          continue
        }
        if let (value, _) = reference(in: buffer, at: index), (0xD800...0xDFFF).contains(value) { return index }
        index += 2  // past `&#`; neither byte can start another reference
      }
      return nil
    }
  }

  /// Repairs a document that arrives in chunks: a chunk's last bytes are held back while they
  /// may be the start of a surrogate pair whose rest is in the next chunk.
  struct Chunked {
    private var held: [UInt8] = []

    init() {}

    /// The repaired bytes of `chunk` that are final; `isLast` flushes what was held back.
    mutating func repair(_ chunk: [UInt8], isLast: Bool) -> [UInt8] {
      var bytes = held.isEmpty ? chunk : held + chunk
      held = []
      if !isLast, let start = Self.unfinishedTail(of: bytes) {
        held = Array(bytes[start...])
        bytes.removeSubrange(start...)
      }
      return SurrogatePairRepair.repaired(bytes) ?? bytes
    }

    /// Where the bytes that may still change with the next chunk begin, or nil: the last `&`
    /// near the end (a reference not finished yet, or a finished one whose low half may
    /// follow), moved back over a complete high-surrogate reference just before it, whose low
    /// half it may be. However short the chunks, a pair is never repaired half at a time.
    private static func unfinishedTail(of bytes: [UInt8]) -> Int? {
      let ampersand = UInt8(ascii: "&")
      guard let last = bytes[max(0, bytes.count - longestReference)...].lastIndex(of: ampersand) else { return nil }
      if let previous = bytes[max(0, last - longestReference)..<last].lastIndex(of: ampersand),
        let (value, end) = SurrogatePairRepair.reference(in: bytes, at: previous), end == last, (0xD800...0xDBFF).contains(value)
      {
        return previous
      }
      return last
    }

    /// The longest reference the repair reads: `&#x`, eight digits and `;`.
    private static let longestReference = 12
  }

  /// The value of a numeric character reference (`&#55357;` or `&#xD83D;`) at `start`, and
  /// the index just past its `;`.
  private static func reference<Bytes: RandomAccessCollection<UInt8>>(in bytes: Bytes, at start: Int) -> (Int, Int)?
  where Bytes.Index == Int {
    guard start + 3 < bytes.count, bytes[start] == UInt8(ascii: "&"), bytes[start + 1] == UInt8(ascii: "#") else { return nil }
    var cursor = start + 2
    let hex = bytes[cursor] == UInt8(ascii: "x") || bytes[cursor] == UInt8(ascii: "X")
    if hex { cursor += 1 }
    var value = 0
    let digitsStart = cursor
    while cursor < bytes.count, cursor - digitsStart < 8 {
      guard let digit = bytes[cursor].hexDigitValue, hex || digit < 10 else { break }
      value = value * (hex ? 16 : 10) + Int(digit)
      cursor += 1
    }
    guard cursor > digitsStart, cursor < bytes.count, bytes[cursor] == UInt8(ascii: ";") else { return nil }
    return (value, cursor + 1)
  }
}

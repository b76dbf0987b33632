/// Reading a document from a ``ByteSource`` a chunk at a time, and the line and column of an
/// offset in it.
///
/// The parser asks for bytes with ``has(_:)`` before it looks at them; a parser over a source
/// reads on when `bytes` hold too few. ``dropConsumed()``, called by the walk between elements,
/// forgets the bytes already parsed, so the window holds the element being parsed plus at most
/// one chunk. Lines end at LF, CRLF or a lone CR, and columns count Unicode scalars from 1, as
/// ``ByteCursor`` counts them.
extension PositionedJSONParser {
  /// Whether `count` bytes from `index` on are in `bytes`, reading on when needed; false only at
  /// the end of the document.
  @inline(__always)
  mutating func has(_ count: Int = 1) -> Bool {
    index + count <= bytes.count || readOn(to: index + count)
  }

  /// Reads chunks until `bytes` holds `end` bytes or the source ends.
  private mutating func readOn(to end: Int) -> Bool {
    guard let source else { return false }
    while bytes.count < end, !isAtEnd {
      do {
        let chunk = try source.read(upTo: chunkSize)
        if chunk.isEmpty { isAtEnd = true } else { bytes += chunk }
      } catch {
        readError = error
        isAtEnd = true
      }
    }
    return bytes.count >= end
  }

  /// Forgets the bytes before `index` (they were parsed), once they are worth moving: the values
  /// parsed so far no longer have their bytes.
  mutating func dropConsumed() {
    guard source != nil, index >= max(chunkSize / 2, 1) else { return }
    _ = position(of: base + index)
    bytes.removeSubrange(0..<index)
    base += index
    index = 0
  }

  /// The 1-based line and column (in Unicode scalars) of the byte at document offset `target`.
  ///
  /// Offsets are asked for in increasing order (a link's, then a later link's or an error's);
  /// one before the last asked for is answered with the last one's position.
  mutating func position(of target: Int) -> (line: Int, column: Int) {
    var window = tracked.offset - base
    let end = min(target - base, bytes.count)
    while window < end {
      let byte = bytes[window]
      if byte == 0x0A || (byte == 0x0D && !isFollowedByLineFeed(window)) {
        tracked.line += 1
        tracked.column = 1
      } else if byte & 0xC0 != 0x80 {
        tracked.column += 1
      }
      window += 1
    }
    tracked.offset = max(tracked.offset, base + window)
    return (tracked.line, tracked.column)
  }

  /// Whether the CR at `window` is the first half of a CRLF (the line then ends at the LF).
  private mutating func isFollowedByLineFeed(_ window: Int) -> Bool {
    if window + 1 >= bytes.count, !readOn(to: window + 2) { return false }
    return bytes[window + 1] == 0x0A
  }
}

/// Splits a ``ByteSource`` into whole lines ending at LF, CRLF or a lone CR (the line breaks
/// chat exports are written with), reading a chunk at a time.
///
/// A line is handed out whole, without its break, so memory follows the longest line plus one
/// chunk. A leading UTF-8 byte order mark is dropped. Unlike ``LineSplitter`` (mbox, LF only,
/// long lines in pieces), a line is never cut, so a header or a URL is never split.
final class ChatLineReader {
  private var chunks: ChunkedBuffer
  private var buffer: [UInt8] { chunks.bytes }
  /// Where the next line starts in `buffer`.
  private var start: Int {
    get { chunks.start }
    set { chunks.start = newValue }
  }
  /// How far from `start` the buffer is known to hold no line break.
  private var scanned = 0
  private var isAtEnd: Bool { chunks.isAtEnd }
  private var isAtStart = true
  /// Why reading stopped early (an I/O error, a corrupt compressed stream), when it did.
  var error: ReaderError? { chunks.error }

  init(_ source: any ByteSource, chunkSize: Int = 1 << 20) {
    chunks = ChunkedBuffer(source, chunkSize: chunkSize)
  }

  /// The next line without its break, or nil at the end of the input.
  func next() -> ArraySlice<UInt8>? {
    if isAtStart { dropByteOrderMark() }
    while true {
      if let lineBreak = buffer[scanned...].firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) {
        // A CR at the end of what was read may be the first half of a CRLF.
        if buffer[lineBreak] == 0x0D, lineBreak + 1 == buffer.count, !isAtEnd {
          scanned = lineBreak
          fill()
          continue
        }
        let line = buffer[start..<lineBreak]
        var next = lineBreak + 1
        if buffer[lineBreak] == 0x0D, next < buffer.count, buffer[next] == 0x0A { next += 1 }
        start = next
        scanned = next
        return line
      }
      scanned = buffer.count
      if isAtEnd {
        guard start < buffer.count else { return nil }
        let line = buffer[start...]
        start = buffer.count
        return line
      }
      fill()
    }
  }

  /// Reads the next chunk, first dropping the lines already handed out.
  private func fill() {
    scanned -= chunks.fill()
  }

  private func dropByteOrderMark() {
    isAtStart = false
    chunks.dropByteOrderMark()
    scanned = start
  }
}

/// Splits a ``ByteSource`` into lines as the MIME parser reads them: at LF, CRLF or a lone CR
/// (``Swift/ArraySlice/lineEnd(from:)``), reading a chunk at a time.
///
/// Memory stays bounded by ``maximumPiece`` plus one chunk: a longer line is handed out in
/// pieces, with ``Piece/startsLine`` telling the first apart. Nothing is dropped (a byte-order
/// mark stays, as the parser of a whole message sees it).
final class MIMELineReader {
  /// A line, or a piece of a line too long to hand out whole.
  struct Piece {
    /// The bytes of the line in this piece, without its line break.
    var content: ArraySlice<UInt8>
    /// The line break ending the line (LF, CRLF or CR); empty when the piece does not end the
    /// line, or the line ends the input without one.
    var lineBreak: ArraySlice<UInt8>
    /// Whether the piece starts its line.
    var startsLine: Bool
    /// Whether the piece ends its line.
    var endsLine: Bool
  }

  /// The most bytes of one line handed out in one piece.
  let maximumPiece: Int
  private var chunks: ChunkedBuffer
  private var buffer: [UInt8] { chunks.bytes }
  /// Where the next piece starts in `buffer`, and how far `buffer` is known to hold no line end.
  private var start: Int {
    get { chunks.start }
    set { chunks.start = newValue }
  }
  private var scanned = 0
  private var isAtEnd: Bool { chunks.isAtEnd }
  private var isInsideLine = false
  /// Why reading stopped early (an I/O error), when it did.
  var error: ReaderError? { chunks.error }

  init(_ source: any ByteSource, chunkSize: Int = 1 << 20, maximumPiece: Int = 1 << 20) {
    chunks = ChunkedBuffer(source, chunkSize: chunkSize)
    self.maximumPiece = max(1, maximumPiece)
  }

  /// The next piece, or nil at the end of the input.
  func next() -> Piece? {
    while true {
      if let lineEnd = firstLineEnd() {
        if lineEnd - start > maximumPiece { return piece(contentEnd: start + maximumPiece, next: start + maximumPiece) }
        // A CR at the end of what is read may start a CRLF.
        if buffer[lineEnd] == 0x0D, lineEnd + 1 == buffer.count, !isAtEnd {
          fill()
          continue
        }
        let next = buffer[lineEnd] == 0x0D && lineEnd + 1 < buffer.count && buffer[lineEnd + 1] == 0x0A ? lineEnd + 2 : lineEnd + 1
        return piece(contentEnd: lineEnd, next: next, endsLine: true)
      }
      if buffer.count - start >= maximumPiece { return piece(contentEnd: start + maximumPiece, next: start + maximumPiece) }
      if isAtEnd {
        return start < buffer.count ? piece(contentEnd: buffer.count, next: buffer.count, endsLine: true) : nil
      }
      fill()
    }
  }

  /// Reads past whole lines that do not start with `prefix` (a body nobody reads, where only a
  /// delimiter line matters), stopping at the start of one that does, or at the end.
  /// - Returns: how many bytes were passed.
  func skipLines(notStartingWith prefix: [UInt8]) -> Int {
    guard !isInsideLine else { return 0 }
    var skipped = 0
    while true {
      // The line at `start` needs its first bytes (or the end of the input) to be judged.
      if buffer.count - start < prefix.count, !isAtEnd {
        fill()
        continue
      }
      if buffer.count - start < prefix.count || buffer[start..<start + prefix.count].elementsEqual(prefix) { return skipped }
      guard let lineEnd = firstLineEnd() else {
        // No line end yet: the line goes on in the next chunk (or ends the input).
        if isAtEnd { return skipped }
        fill()
        continue
      }
      if buffer[lineEnd] == 0x0D, lineEnd + 1 == buffer.count, !isAtEnd {
        fill()
        continue
      }
      let next = buffer[lineEnd] == 0x0D && lineEnd + 1 < buffer.count && buffer[lineEnd + 1] == 0x0A ? lineEnd + 2 : lineEnd + 1
      skipped += next - start
      start = next
      scanned = next
    }
  }

  /// The first LF or CR from `scanned` on.
  private func firstLineEnd() -> Int? {
    let found = chunks.bytes.withUnsafeBufferPointer { bytes -> Int? in
      var index = scanned
      while index < bytes.count {
        let byte = bytes[index]
        if byte == 0x0A || byte == 0x0D { return index }
        index += 1
      }
      return nil
    }
    if found == nil { scanned = buffer.count }
    return found
  }

  private func piece(contentEnd: Int, next: Int, endsLine: Bool = false) -> Piece {
    let piece = Piece(
      content: buffer[start..<contentEnd], lineBreak: buffer[contentEnd..<next], startsLine: !isInsideLine,
      endsLine: endsLine)
    isInsideLine = !endsLine
    start = next
    scanned = start
    return piece
  }

  /// Reads the next chunk, first dropping the bytes already handed out.
  private func fill() {
    scanned -= chunks.fill()
  }
}

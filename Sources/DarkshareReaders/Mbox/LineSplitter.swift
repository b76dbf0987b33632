/// A piece of one line of a ``ByteSource``: the whole line, or part of a line too long to hold.
struct LinePiece {
  /// The bytes, with the line's LF (and CR before it) when the piece ends the line.
  var bytes: ArraySlice<UInt8>
  /// Whether the piece is the start of its line.
  var startsLine: Bool
  /// Whether the piece is the end of its line (at an LF, or at the end of the input).
  var endsLine: Bool

  /// The bytes without the line break (LF or CRLF).
  var content: ArraySlice<UInt8> {
    var content = bytes
    if content.last == 0x0A { content = content.dropLast() }
    if content.last == 0x0D { content = content.dropLast() }
    return content
  }
}

/// Splits a ``ByteSource`` into lines at LF (so CRLF lines end with their CR), reading a
/// chunk at a time.
///
/// Memory stays bounded by ``maximumPiece`` plus one chunk, whatever the input: a line longer
/// than ``maximumPiece`` (a 100 MB line without a newline) is handed out in pieces, with
/// ``LinePiece/startsLine`` telling the first apart. A leading UTF-8 byte order mark is dropped.
final class LineSplitter {
  /// The most bytes of one line handed out in one piece.
  let maximumPiece: Int
  private var chunks: ChunkedBuffer
  private var buffer: [UInt8] { chunks.bytes }
  /// Where the next piece starts in `buffer`.
  private var start: Int {
    get { chunks.start }
    set { chunks.start = newValue }
  }
  /// How far `buffer` is known to hold no LF.
  private var scanned = 0
  private var isAtEnd: Bool { chunks.isAtEnd }
  private var isInsideLine = false
  private var isAtStart = true
  /// Why reading stopped early (an I/O error), when it did.
  var error: ReaderError? { chunks.error }

  init(_ source: any ByteSource, chunkSize: Int = 1 << 20, maximumPiece: Int = 1 << 20) {
    chunks = ChunkedBuffer(source, chunkSize: chunkSize)
    self.maximumPiece = max(1, maximumPiece)
  }

  /// The next piece, or nil at the end of the input.
  func next() -> LinePiece? {
    if isAtStart { dropByteOrderMark() }
    while true {
      if let lineFeed = buffer.withUnsafeBufferPointer({ $0.firstIndex(of: 0x0A, in: scanned..<$0.count) }) {
        if lineFeed - start < maximumPiece { return piece(upTo: lineFeed + 1, endsLine: true) }
        scanned = lineFeed
        return piece(upTo: start + maximumPiece, endsLine: false)
      }
      scanned = buffer.count
      if buffer.count - start >= maximumPiece {
        return piece(upTo: start + maximumPiece, endsLine: false)
      }
      if isAtEnd {
        return start < buffer.count ? piece(upTo: buffer.count, endsLine: true) : nil
      }
      fill()
    }
  }

  private func piece(upTo end: Int, endsLine: Bool) -> LinePiece {
    let piece = LinePiece(bytes: buffer[start..<end], startsLine: !isInsideLine, endsLine: endsLine)
    isInsideLine = !endsLine
    start = end
    scanned = max(scanned, start)
    return piece
  }

  /// Reads the next chunk, first dropping the bytes already handed out.
  private func fill() {
    scanned -= chunks.fill()
  }

  private func dropByteOrderMark() {
    isAtStart = false
    chunks.dropByteOrderMark()
    scanned = start
  }
}

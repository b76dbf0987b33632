/// The bytes of a ``ByteSource`` read so far and not yet handed out, refilled a chunk at a time:
/// what the line and record readers (``LineSplitter``, ``ChatLineReader``, ``MIMELineReader``,
/// the CSV record reader) split.
struct ChunkedBuffer {
  private let source: any ByteSource
  private let chunkSize: Int
  /// The bytes read and kept; those before ``start`` have been handed out.
  private(set) var bytes: [UInt8] = []
  /// Where the bytes not yet handed out start in ``bytes``.
  var start = 0
  /// Whether the source is exhausted (or failed, or reading was stopped).
  private(set) var isAtEnd = false
  /// Why reading stopped early (an I/O error, a corrupt compressed stream), when it did.
  private(set) var error: ReaderError?

  init(_ source: any ByteSource, chunkSize: Int) {
    self.source = source
    self.chunkSize = max(1, chunkSize)
  }

  /// Reads the next chunk, first dropping the bytes before ``start``.
  /// - Returns: how many bytes were dropped, by which positions the caller holds move back.
  @discardableResult
  mutating func fill() -> Int {
    let dropped = start
    if start > 0 {
      bytes.removeSubrange(0..<start)
      start = 0
    }
    do {
      let chunk = try source.read(upTo: chunkSize)
      if chunk.isEmpty { isAtEnd = true } else { bytes += chunk }
    } catch {
      self.error = error
      isAtEnd = true
    }
    return dropped
  }

  /// Skips a UTF-8 byte-order mark at the very start.
  mutating func dropByteOrderMark() {
    let mark: [UInt8] = [0xEF, 0xBB, 0xBF]
    while bytes.count < mark.count, !isAtEnd { fill() }
    if bytes.starts(with: mark) { start = mark.count }
  }

  /// Stops reading: what is held is dropped and the source is not read again.
  mutating func stop() {
    bytes = []
    start = 0
    isAtEnd = true
  }
}

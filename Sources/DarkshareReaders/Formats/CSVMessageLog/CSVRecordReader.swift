/// Splits the UTF-8 text of a CSV file into whole records, reading a chunk at a time.
///
/// A record ends at a line break (LF, CRLF or a lone CR) outside quotes; a field that starts
/// with `"` is quoted up to the lone `"` that closes it (`""` stands for a quote) and may hold
/// commas and line breaks. A quote anywhere else in a field is text. These are the rules
/// ``CSVMessageLogReader/Parser`` splits a record's fields by, so each record handed out is one
/// row for it. The bytes of a record are kept until the next one is asked for, so memory follows
/// the longest record plus one chunk; a record longer than `maximumRecordSize` (a quote that
/// is never closed, in a large file) is an error naming the line it starts on.
///
/// ```swift
/// let records = CSVRecordReader(MemoryByteSource(Array("a,\"b\nc\"\r\nd\n".utf8)))
/// try records.next()   // (bytes: `a,"b\nc"\r\n`, line: 1)
/// try records.next()   // (bytes: `d\n`, line: 3)
/// try records.next()   // nil
/// ```
///
/// - Complexity: O(*n*) in the input's length.
final class CSVRecordReader {
  /// The largest record read by default (bytes): far above any message, far below memory.
  static let defaultMaximumRecordSize = 64 << 20

  private static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr = UInt8(0x0D), lf = UInt8(0x0A)

  let maximumRecordSize: Int
  private var chunks: ChunkedBuffer
  private var buffer: [UInt8] { chunks.bytes }
  /// Where the next record starts in `buffer`.
  private var start: Int {
    get { chunks.start }
    set { chunks.start = newValue }
  }
  private var isAtEnd: Bool { chunks.isAtEnd }
  /// The 1-based line the next record starts on.
  private(set) var line = 1
  /// Why reading stopped early (an I/O error, a corrupt compressed stream), when it did: the
  /// records before it were handed out, the last possibly cut short.
  var error: ReaderError? { chunks.error }

  /// - Parameters:
  ///   - source: UTF-8 text (``LegacyTextDecoder`` turns a file's bytes into it).
  ///   - chunkSize: how many bytes are read at a time.
  ///   - maximumRecordSize: the longest record read, in bytes.
  init(_ source: any ByteSource, chunkSize: Int = 1 << 20, maximumRecordSize: Int = defaultMaximumRecordSize) {
    chunks = ChunkedBuffer(source, chunkSize: chunkSize)
    self.maximumRecordSize = max(1, maximumRecordSize)
  }

  /// The next record's bytes, with the line break that ends it, and the line it starts on; nil
  /// at the end of the input. The bytes are valid until the next call.
  /// - Throws: ``ReaderError`` when the record is longer than ``maximumRecordSize``.
  func next() throws(ReaderError) -> (bytes: ArraySlice<UInt8>, line: Int)? {
    // Offsets from `start`, so they survive the buffer dropping the records before it.
    var offset = 0
    var isAtFieldStart = true
    var isQuoted = false
    var quoteLine = line
    var lines = 0
    while true {
      var index = start + offset
      if index + 1 >= buffer.count, !isAtEnd {
        // One byte of look-ahead: a quote may be doubled, a CR followed by LF.
        guard buffer.count - start <= maximumRecordSize else { throw tooLong(isQuoted: isQuoted, quoteLine: quoteLine) }
        fill()
        continue
      }
      guard index < buffer.count else { break }
      if isQuoted {
        // Inside quotes only a quote or a line break matters.
        guard let found = buffer[index...].firstIndex(where: { $0 == Self.quote || $0 == Self.cr || $0 == Self.lf }) else {
          offset = buffer.count - start
          continue
        }
        index = found
        if index + 1 >= buffer.count, !isAtEnd {
          offset = index - start
          continue
        }
        let next: UInt8? = index + 1 < buffer.count ? buffer[index + 1] : nil
        switch buffer[index] {
        case Self.quote:
          if next == Self.quote {
            index += 2
          } else {
            isQuoted = false
            index += 1
          }
        case Self.cr:
          lines += 1
          index += next == Self.lf ? 2 : 1
        default:
          lines += 1
          index += 1
        }
        offset = index - start
        continue
      }
      let byte = buffer[index]
      switch byte {
      case Self.quote where isAtFieldStart:
        isQuoted = true
        quoteLine = line + lines
        isAtFieldStart = false
      case Self.comma:
        isAtFieldStart = true
      case Self.cr, Self.lf:
        var end = index + 1
        if byte == Self.cr, end < buffer.count, buffer[end] == Self.lf { end += 1 }
        return take(upTo: end, lines: lines + 1)
      default:
        isAtFieldStart = false
      }
      offset += 1
    }
    guard start < buffer.count else { return nil }
    // The last record, with no line break after it (or a quote never closed: the parser says so).
    return take(upTo: buffer.count, lines: lines)
  }

  private func take(upTo end: Int, lines: Int) -> (bytes: ArraySlice<UInt8>, line: Int) {
    defer {
      start = end
      line += lines
    }
    return (buffer[start..<end], line)
  }

  private func tooLong(isQuoted: Bool, quoteLine: Int) -> ReaderError {
    chunks.stop()
    return isQuoted
      ? ReaderError("malformed CSV: the quoted field that starts on line \(quoteLine) is not closed within \(maximumRecordSize) bytes")
      : ReaderError("malformed CSV: the record that starts on line \(line) is longer than \(maximumRecordSize) bytes")
  }

  /// Reads the next chunk, first dropping the records already handed out.
  private func fill() {
    chunks.fill()
  }
}

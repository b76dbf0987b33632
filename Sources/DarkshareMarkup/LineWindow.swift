import DarkshareCore

/// The most recent lines of a document read in chunks, kept so a streaming reader can look at
/// the bytes of the line an element was found on, or read the last few lines again.
///
/// Lines end at LF (a CR before it stays part of the line's bytes and is left out by
/// ``line(_:)``), as libxml2 counts them. Lines are dropped with ``discard(before:)`` once the
/// reader has moved past them, so the window holds only what has not been consumed.
public struct LineWindow: Sendable {
  private var bytes: [UInt8] = []
  /// Absolute offset (in the whole document) of `bytes[0]`.
  private var base = 0
  /// Absolute offsets of the starts of lines `firstLine`, `firstLine + 1`, …
  private var starts: [Int] = [0]
  private var firstStart = 0
  private var firstLine = 1
  private var total = 0

  public init() {}

  /// Adds the next chunk of the document.
  public mutating func append(_ chunk: [UInt8]) {
    // Line feeds found with memchr: a backup has one a message among hundreds of bytes.
    chunk.withUnsafeBufferPointer { buffer in
      var index = 0
      while let lineFeed = buffer.firstIndex(of: 0x0A, in: index..<buffer.count) {
        starts.append(total + lineFeed + 1)
        index = lineFeed + 1
      }
    }
    bytes.append(contentsOf: chunk)
    total += chunk.count
  }

  /// The number of the last line begun so far (1 before anything is read).
  public var lastLine: Int { firstLine + starts.count - 1 - firstStart }

  /// The bytes of 1-based `line` without its line end; nil when it is not (or no longer) held.
  public func line(_ line: Int) -> ArraySlice<UInt8>? {
    let slot = line - firstLine + firstStart
    guard line >= firstLine, slot < starts.count else { return nil }
    var end = slot + 1 < starts.count ? starts[slot + 1] - 1 : total
    if end > starts[slot], end - base <= bytes.count, end - 1 - base >= 0, bytes[end - 1 - base] == 0x0D { end -= 1 }
    return bytes[(starts[slot] - base)..<(max(starts[slot], end) - base)]
  }

  /// The bytes from the start of `first` up to the start of `last` (or to what has been read,
  /// when `last` is not there yet); nil when `first` is no longer held.
  public func bytes(fromLine first: Int, upToLine last: Int) -> ArraySlice<UInt8>? {
    let slot = first - firstLine + firstStart
    guard first >= firstLine, slot < starts.count else { return nil }
    let lastSlot = last - firstLine + firstStart
    let end = lastSlot < starts.count && lastSlot > slot ? starts[lastSlot] : total
    return bytes[(starts[slot] - base)..<(end - base)]
  }

  /// Forgets the lines before `line`. Memory is given back in large steps, so dropping lines
  /// one at a time costs no more than reading them.
  public mutating func discard(before line: Int) {
    let slot = line - firstLine + firstStart
    guard line > firstLine, slot < starts.count else { return }
    firstStart = slot
    firstLine = line
    let dropped = starts[slot] - base
    if dropped > 1 << 20 || (dropped > 4096 && dropped * 2 > bytes.count) {
      bytes.removeFirst(dropped)
      base += dropped
    }
    if firstStart > 4096 && firstStart * 2 > starts.count {
      starts.removeFirst(firstStart)
      firstStart = 0
    }
  }
}

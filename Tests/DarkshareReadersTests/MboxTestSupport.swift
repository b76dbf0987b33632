import DarkshareReaders
import DarkshareTestSupport

/// A generated source: `prefix`, then `count` bytes of `filler` with no line break, then
/// `suffix`; nothing is held but the current chunk.
final class GeneratedByteSource: ByteSource {
  private var pieces: [[UInt8]]
  private var remainingFiller: Int
  private let filler: UInt8
  private let suffix: [UInt8]
  private var state = 0
  /// The most bytes asked for in one read.
  private(set) var largestRead = 0

  init(prefix: String, filler: UInt8 = UInt8(ascii: "A"), count: Int, suffix: String) {
    pieces = [Array(prefix.utf8)]
    remainingFiller = count
    self.filler = filler
    self.suffix = Array(suffix.utf8)
  }

  func read(upTo count: Int) throws(ReaderError) -> [UInt8] {
    largestRead = max(largestRead, count)
    switch state {
    case 0:
      state = 1
      return pieces[0]
    case 1 where remainingFiller > 0:
      let n = min(count, remainingFiller)
      remainingFiller -= n
      return [UInt8](repeating: filler, count: n)
    case 1:
      state = 2
      return suffix
    default:
      return []
    }
  }
}

/// Drains a reader's stream, keeping every batch.
func batches(_ source: any ByteSource, reader: MboxReader = MboxReader(), file: String = "a.mbox") throws
  -> [MessageBatch]
{
  drain(try reader.messages(from: source, file: file))
}

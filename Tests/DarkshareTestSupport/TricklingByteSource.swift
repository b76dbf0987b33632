import DarkshareReaders

/// A source that hands out its bytes a few at a time (1 to 7, in a fixed pattern), to prove a
/// streaming reader's result does not depend on where chunks end.
public final class TricklingByteSource: ByteSource {
  private let bytes: [UInt8]
  private var offset = 0
  private var turn = 0

  public init(_ bytes: [UInt8]) { self.bytes = bytes }

  public func read(upTo count: Int) throws(ReaderError) -> [UInt8] {
    turn += 1
    let end = min(bytes.count, offset + min(max(1, count), 1 + turn % 7))
    defer { offset = end }
    return Array(bytes[offset..<end])
  }
}

/// Every batch of a message stream, in order.
public func drain(_ stream: any MessageStream) -> [MessageBatch] {
  var batches = [MessageBatch]()
  while let batch = stream.next() { batches.append(batch) }
  return batches
}

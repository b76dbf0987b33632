import DarkshareReaders

/// A source that hands out its bytes a few at a time (1 to `maximum`, cycling), to prove a
/// streaming reader's result does not depend on where chunks end.
public final class TrickleByteSource: ByteSource {
  private let bytes: [UInt8]
  private var offset = 0
  private var step = 0
  private let maximum: Int

  public init(_ bytes: [UInt8], maximum: Int = 7) {
    self.bytes = bytes
    self.maximum = maximum
  }

  public func read(upTo count: Int) throws(ReaderError) -> [UInt8] {
    step = step % maximum + 1
    let end = min(bytes.count, offset + min(count, step))
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

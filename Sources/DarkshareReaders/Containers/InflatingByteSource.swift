internal import CZlib

/// The expanded bytes of a gzip file or a zip entry's deflate data, inflated with zlib as they
/// are pulled, so a 1 GB mbox inside a `.gz` or a Takeout zip streams in constant memory.
///
/// The ``ContainerLimits`` are enforced as the bytes come out: the expanded size against
/// ``ContainerLimits/maximumEntryBytes`` (and ``ContainerLimits/maximumTotalBytes``), and the
/// ratio of expanded to compressed bytes consumed so far against
/// ``ContainerLimits/maximumCompressionRatio``. A bomb is therefore stopped after about
/// ``ContainerLimits/ratioGraceBytes`` of output, without ever allocating its expanded size.
///
/// ```swift
/// let text = try InflatingByteSource(FileByteSource(path: "chat.txt.gz"), format: .gzip)
///   .readAll(limit: 64 << 20)   // the bytes of chat.txt
/// ```
///
/// - Complexity: O(1) memory beyond the chunk asked for (at most 1 MiB a read) and zlib's
///   32 KiB window.
public final class InflatingByteSource: ByteSource {
  /// How the compressed bytes are framed.
  public enum Format: Sendable, Hashable {
    /// RFC 1952 gzip, including several members one after another (`gzip -c a b > ab.gz`),
    /// each checked against its CRC-32 and length trailer. Bytes after the last member that do
    /// not start another member are ignored, as `gzip -d` does.
    case gzip
    /// RFC 1951 raw deflate, with no header or trailer: the data of a zip entry (method 8).
    case rawDeflate
  }

  /// Bytes of compressed input that zlib has consumed.
  public private(set) var compressedBytesRead: Int64 = 0
  /// Bytes produced so far.
  public private(set) var expandedBytes: Int64 = 0

  private let source: any ByteSource
  private let format: Format
  private let limits: ContainerLimits
  private let maximumBytes: Int64
  private let budget: ExpansionBudget?
  private let stream: UnsafeMutablePointer<z_stream>
  private var pending: [UInt8] = []
  private var pendingOffset = 0
  private var sourceEnded = false
  private var memberEnded = false
  private var finished = false

  private static let inputChunk = 64 << 10
  private static let largestOutputChunk = 1 << 20

  /// Inflates the bytes of `source`.
  /// - Parameters:
  ///   - source: the compressed bytes, pulled as needed.
  ///   - format: gzip or raw deflate.
  ///   - limits: the size and ratio limits; the smaller of the per-entry and total limits
  ///     bounds this one stream.
  ///   - budget: an archive's budget to charge as bytes come out (a `.gz` inside a zip), or nil.
  /// - Throws: ``ReaderError`` when zlib cannot be set up (out of memory).
  public init(
    _ source: any ByteSource, format: Format, limits: ContainerLimits = .default, budget: ExpansionBudget? = nil
  ) throws(ReaderError) {
    self.source = source
    self.budget = budget
    self.format = format
    self.limits = limits
    maximumBytes = min(limits.maximumEntryBytes, limits.maximumTotalBytes)
    stream = .allocate(capacity: 1)
    stream.initialize(to: z_stream())
    let windowBits: Int32 = format == .gzip ? 15 + 16 : -15
    guard darkshare_inflateInit2(stream, windowBits) == Z_OK else {
      stream.deallocate()
      throw ReaderError("cannot start zlib to read the compressed data (out of memory)")
    }
  }

  deinit {
    inflateEnd(stream)
    stream.deallocate()
  }

  private var dataName: String { format == .gzip ? "gzip data" : "deflate data" }

  public func read(upTo count: Int) throws(ReaderError) -> [UInt8] {
    if finished { return [] }
    var output = [UInt8](repeating: 0, count: min(max(1, count), Self.largestOutputChunk))
    var produced = 0
    while produced < output.count, !finished {
      if pendingOffset == pending.count, !sourceEnded {
        pending = try source.read(upTo: Self.inputChunk)
        pendingOffset = 0
        sourceEnded = pending.isEmpty
      }
      if memberEnded {
        // Another gzip member follows only if the next byte starts a gzip header.
        guard pendingOffset < pending.count, pending[pendingOffset] == 0x1F else {
          finished = true
          break
        }
        inflateReset(stream)
        memberEnded = false
      }
      let (status, consumed, made) = inflateStep(into: &output, at: produced)
      produced += made
      compressedBytesRead += Int64(consumed)
      expandedBytes += Int64(made)
      try checkLimits()
      try budget?.charge(made, name: "the \(dataName)")
      switch status {
      case Z_OK:
        continue
      case Z_STREAM_END:
        if format == .gzip { memberEnded = true } else { finished = true }
      case Z_BUF_ERROR:
        // No progress: zlib needs input that is not there.
        if sourceEnded, pendingOffset == pending.count {
          throw ReaderError(
            compressedBytesRead == 0 && format == .gzip ? "the gzip data is empty" : "the \(dataName) is truncated")
        }
      case Z_NEED_DICT:
        throw ReaderError("corrupt \(dataName): it asks for a preset dictionary")
      case Z_MEM_ERROR:
        throw ReaderError("out of memory while inflating the \(dataName)")
      default:
        let reason = stream.pointee.msg.map { String(cString: $0) } ?? "zlib error \(status)"
        throw ReaderError("corrupt \(dataName): \(reason)")
      }
      // Return what is there rather than wait for more input.
      if produced > 0 { break }
    }
    output.removeLast(output.count - produced)
    return output
  }

  /// One call of `inflate` over the pending input, writing at `offset` of `output`.
  private func inflateStep(into output: inout [UInt8], at offset: Int) -> (status: Int32, consumed: Int, produced: Int) {
    let available = pending.count - pendingOffset
    return pending.withUnsafeMutableBufferPointer { input in
      output.withUnsafeMutableBufferPointer { out in
        stream.pointee.next_in = available > 0 ? input.baseAddress! + pendingOffset : nil
        stream.pointee.avail_in = uInt(available)
        stream.pointee.next_out = out.baseAddress! + offset
        stream.pointee.avail_out = uInt(out.count - offset)
        let status = inflate(stream, Z_NO_FLUSH)
        let consumed = available - Int(stream.pointee.avail_in)
        let produced = out.count - offset - Int(stream.pointee.avail_out)
        stream.pointee.next_in = nil
        stream.pointee.next_out = nil
        pendingOffset += consumed
        return (status, consumed, produced)
      }
    }
  }

  private func checkLimits() throws(ReaderError) {
    if expandedBytes > maximumBytes {
      throw ReaderError(
        "looks like a decompression bomb: it expands past the \(maximumBytes)-byte limit (from \(compressedBytesRead) compressed bytes)")
    }
    if expandedBytes > limits.ratioGraceBytes,
      expandedBytes > limits.maximumCompressionRatio * max(1, compressedBytesRead)
    {
      throw ReaderError(
        "looks like a decompression bomb: \(expandedBytes) bytes expanded from \(compressedBytesRead) (more than \(limits.maximumCompressionRatio):1)")
    }
  }
}

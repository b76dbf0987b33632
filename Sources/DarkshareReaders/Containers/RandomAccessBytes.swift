#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Bytes that can be read at any offset: a zip file on disk (read with `pread`) or a zip in
/// memory (nested in another zip, or read from standard input).
protocol RandomAccessBytes: AnyObject {
  /// The total length, in bytes.
  var size: Int64 { get }
  /// Exactly `count` bytes from `offset`, or fewer only at the end.
  func read(at offset: Int64, count: Int) throws(ReaderError) -> [UInt8]
}

extension RandomAccessBytes {
  /// Exactly `count` bytes from `offset`.
  /// - Throws: ``ReaderError`` "the zip is truncated" when the file ends first.
  func readExactly(at offset: Int64, count: Int, what: String) throws(ReaderError) -> [UInt8] {
    let bytes = offset >= 0 && offset <= size ? try read(at: offset, count: count) : []
    guard bytes.count == count else {
      throw ReaderError("the zip is truncated: \(what) at byte \(offset) runs past the end of the file")
    }
    return bytes
  }
}

/// A file opened for reading at offsets with `pread`, closed when released.
final class RandomAccessFile: RandomAccessBytes {
  private let descriptor: Int32
  let size: Int64

  init(path: String) throws(ReaderError) {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw ReaderError("cannot read the file (\(String(cString: strerror(errno))))") }
    let end = lseek(descriptor, 0, SEEK_END)
    guard end >= 0 else {
      let reason = String(cString: strerror(errno))
      close(descriptor)
      throw ReaderError("cannot read the file (\(reason))")
    }
    self.descriptor = descriptor
    size = Int64(end)
  }

  deinit { close(descriptor) }

  func read(at offset: Int64, count: Int) throws(ReaderError) -> [UInt8] {
    try readBytes(of: descriptor, at: offset, count: count, failure: "cannot read the file")
  }
}

/// Exactly `count` bytes of the open file `descriptor` from `offset` (fewer only at its end),
/// read with `pread(2)`, which leaves the descriptor's own offset alone.
/// - Throws: ``ReaderError`` "`failure` (reason)" when the read fails.
func readBytes(of descriptor: Int32, at offset: Int64, count: Int, failure: String) throws(ReaderError) -> [UInt8] {
  var bytes = [UInt8](repeating: 0, count: max(0, count))
  var filled = 0
  while filled < bytes.count {
    let got = bytes.withUnsafeMutableBytes { buffer in
      pread(descriptor, buffer.baseAddress! + filled, buffer.count - filled, off_t(offset) + off_t(filled))
    }
    if got > 0 {
      filled += got
    } else if got == 0 {
      break
    } else if errno != EINTR {
      throw ReaderError("\(failure) (\(String(cString: strerror(errno))))")
    }
  }
  bytes.removeLast(bytes.count - filled)
  return bytes
}

/// A zip already in memory.
final class RandomAccessMemory: RandomAccessBytes {
  private let bytes: [UInt8]
  var size: Int64 { Int64(bytes.count) }

  init(_ bytes: [UInt8]) { self.bytes = bytes }

  func read(at offset: Int64, count: Int) throws(ReaderError) -> [UInt8] {
    guard offset >= 0, offset < size else { return [] }
    let start = Int(offset)
    return Array(bytes[start..<min(bytes.count, start + max(0, count))])
  }
}

/// `length` bytes of a ``RandomAccessBytes`` from `offset`, read forward as a ``ByteSource``:
/// the stored or compressed data of one zip entry.
final class RandomAccessSlice: ByteSource {
  private let bytes: any RandomAccessBytes
  private var offset: Int64
  private let end: Int64

  init(_ bytes: any RandomAccessBytes, offset: Int64, length: Int64) {
    self.bytes = bytes
    self.offset = offset
    end = offset + length
  }

  func read(upTo count: Int) throws(ReaderError) -> [UInt8] {
    let wanted = Int(min(Int64(max(1, count)), end - offset))
    guard wanted > 0 else { return [] }
    let chunk = try bytes.read(at: offset, count: wanted)
    guard !chunk.isEmpty else { throw ReaderError("the zip is truncated: entry data runs past the end of the file") }
    offset += Int64(chunk.count)
    return chunk
  }
}

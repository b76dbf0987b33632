#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A forward-only supply of an input's bytes: a file, standard input, a decompressor, a zip entry.
///
/// Streaming readers (mbox, SMS backups) pull from a source a chunk at a time, so an archive of
/// gigabytes is never held whole. A source is used by one reader at a time.
public protocol ByteSource: AnyObject {
  /// The next bytes, at most `count` of them; an empty array only at the end of the input.
  /// - Throws: ``ReaderError`` when the bytes cannot be read (an I/O error, a corrupt or
  ///   oversized compressed stream).
  func read(upTo count: Int) throws(ReaderError) -> [UInt8]
}

extension ByteSource {
  /// Everything left in the source.
  /// - Throws: ``ReaderError`` when it is larger than `limit` bytes, or cannot be read.
  public func readAll(limit: Int) throws(ReaderError) -> [UInt8] {
    var bytes = [UInt8]()
    while true {
      let chunk = try read(upTo: 1 << 20)
      if chunk.isEmpty { return bytes }
      bytes += chunk
      if bytes.count > limit {
        throw ReaderError("the input is larger than the \(limit)-byte limit for this format (which is read whole)")
      }
    }
  }
}

/// The bytes of an open file descriptor, read with `read(2)`.
public final class FileByteSource: ByteSource {
  private let descriptor: Int32
  private let ownsDescriptor: Bool

  /// Whether the descriptor is a regular file (not a named pipe or standard input).
  public let isRegularFile: Bool

  /// Opens `path` for reading: a regular file, or a named pipe (FIFO), read as standard input
  /// is. The open never blocks: it is non-blocking (a FIFO without a writer would wait forever
  /// in `open(2)`), and blocking reads are restored once the kind of file is known. Anything
  /// else (a device such as `/dev/zero`, a socket) is refused.
  /// - Throws: ``ReaderError`` naming the system's reason when it cannot be opened, or the kind
  ///   of file refused.
  public init(path: String) throws(ReaderError) {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
    guard descriptor >= 0 else { throw ReaderError("cannot read the file (\(FileKind.reason(errno)))") }
    var status = stat()
    guard fstat(descriptor, &status) == 0 else {
      let reason = FileKind.reason(errno)
      close(descriptor)
      throw ReaderError("cannot read the file (\(reason))")
    }
    let kind = FileKind(mode: status.st_mode)
    guard kind == .regular || kind == .fifo else {
      close(descriptor)
      throw ReaderError("not a regular file but \(kind.description); darkshare reads files, folders, named pipes and standard input")
    }
    _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
    self.descriptor = descriptor
    ownsDescriptor = true
    isRegularFile = kind == .regular
  }

  /// Standard input, left open when the source goes away.
  public init(standardInput: Void = ()) {
    descriptor = STDIN_FILENO
    ownsDescriptor = false
    isRegularFile = false
  }

  deinit {
    if ownsDescriptor { close(descriptor) }
  }

  /// Reads into uninitialised capacity: a caller may ask for megabytes ahead (format sniffing
  /// peeks 4 MiB) of a file of a few kilobytes, and zero-filling that buffer first would touch
  /// every page of it for nothing.
  public func read(upTo count: Int) throws(ReaderError) -> [UInt8] {
    var failure: Int32 = 0
    let bytes = [UInt8](unsafeUninitializedCapacity: max(1, count)) { buffer, initializedCount in
      initializedCount = 0
      while true {
        #if canImport(Glibc)
          let got = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
        #else
          let got = Darwin.read(descriptor, buffer.baseAddress, buffer.count)
        #endif
        if got >= 0 {
          initializedCount = got
          return
        }
        if errno == EINTR { continue }
        failure = errno
        return
      }
    }
    guard failure == 0 else { throw ReaderError("cannot read the file (\(String(cString: strerror(failure))))") }
    return bytes
  }
}

/// Bytes already in memory (a test, a decompressed zip entry), read as a source.
public final class MemoryByteSource: ByteSource {
  private let bytes: [UInt8]
  private var offset = 0

  public init(_ bytes: [UInt8]) { self.bytes = bytes }

  public func read(upTo count: Int) throws(ReaderError) -> [UInt8] {
    let end = min(bytes.count, offset + max(1, count))
    defer { offset = end }
    return Array(bytes[offset..<end])
  }
}

/// The bytes of a source from `start` on, at most `length` of them: a message inside a wrapper
/// (an Apple Mail `.emlx`).
final class ByteSourceRange: ByteSource {
  private let source: any ByteSource
  private var left: Int

  /// Reads past the first `start` bytes of `source` (fewer when it is shorter).
  init(_ source: any ByteSource, start: Int, length: Int) throws(ReaderError) {
    var skipped = 0
    while skipped < start {
      let chunk = try source.read(upTo: min(1 << 20, start - skipped))
      if chunk.isEmpty { break }
      skipped += chunk.count
    }
    self.source = source
    left = max(0, length)
  }

  func read(upTo count: Int) throws(ReaderError) -> [UInt8] {
    guard left > 0 else { return [] }
    let chunk = try source.read(upTo: min(max(1, count), left))
    left -= chunk.count
    return chunk
  }
}

/// A source whose first bytes were already read to sniff its format: they are handed out again
/// before the rest.
public final class PeekedByteSource: ByteSource {
  /// The bytes read ahead, at most the size asked for in ``init(_:peeking:)``.
  public let head: [UInt8]
  private var headOffset = 0
  private let rest: any ByteSource

  /// Reads up to `count` bytes of `source` ahead.
  /// - Throws: ``ReaderError`` when they cannot be read.
  public init(_ source: any ByteSource, peeking count: Int) throws(ReaderError) {
    var head = [UInt8]()
    while head.count < count {
      let chunk = try source.read(upTo: count - head.count)
      if chunk.isEmpty { break }
      head += chunk
    }
    self.head = head
    rest = source
  }

  public func read(upTo count: Int) throws(ReaderError) -> [UInt8] {
    guard headOffset == head.count else {
      let end = min(head.count, headOffset + max(1, count))
      defer { headOffset = end }
      return Array(head[headOffset..<end])
    }
    return try rest.read(upTo: count)
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A document darkshare can read from its start as often as it needs: a regular file, opened
/// again by its path, or any other input (standard input, a `.gz`, a zip entry) copied into an
/// unnamed temporary file as it is first read.
///
/// A message too large to hold is read more than once (``PartedDocumentReader``): first to
/// learn what the whole message shows, then to judge it a part at a time.
public final class RereadableDocument: @unchecked Sendable {
  private enum Storage {
    case file(path: String)
    /// An unlinked temporary file, read with `pread(2)` from offset 0 each time.
    case spool(descriptor: Int32)
  }

  private let storage: Storage
  /// The document's size in bytes.
  public let size: Int

  /// The regular file at `path`, when it is larger than `bytes`; nil when it is not (or cannot
  /// be looked at: opening it will say why).
  public init?(path: String, largerThan bytes: Int) {
    var status = stat()
    guard stat(path, &status) == 0, Int(status.st_size) > bytes else { return nil }
    storage = .file(path: path)
    size = Int(status.st_size)
  }

  /// Copies what is left of `source` into an unnamed temporary file (in `$TMPDIR`, else `/tmp`).
  /// - Throws: ``ReaderError`` when it is larger than `limit` bytes, cannot be read, or the
  ///   temporary file cannot be written (the disk is full).
  public convenience init(spooling source: any ByteSource, limit: Int) throws(ReaderError) {
    let spool = try Spool()
    while true {
      let chunk = try source.read(upTo: 1 << 20)
      if chunk.isEmpty { break }
      if spool.size + chunk.count > limit {
        throw ReaderError("the input is larger than the \(limit)-byte limit for this format")
      }
      try spool.append(chunk[...])
    }
    self.init(spool)
  }

  private init(_ spool: Spool) {
    storage = .spool(descriptor: spool.takeDescriptor())
    size = spool.size
  }

  /// An unnamed temporary file being written, a chunk at a time; ``document()`` makes it a
  /// document to read. Closed (and gone) if dropped unfinished.
  public final class Spool {
    private var descriptor: Int32
    private let directory: String
    /// The bytes written so far.
    public private(set) var size = 0
    /// The file's name while it has one (``init(named:)``): removed with the spool.
    public private(set) var path: String?

    /// A new empty temporary file in `$TMPDIR` (else `/tmp`), only its owner may read; unlinked
    /// at once unless `named`, for a reader that must open it by name (SQLite).
    /// - Throws: ``ReaderError`` when it cannot be made.
    public init(named: Bool = false) throws(ReaderError) {
      directory = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
      var template = Array((directory + "/darkshare-XXXXXX").utf8CString)
      descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
      guard descriptor >= 0 else {
        throw ReaderError("cannot make a temporary copy of the input (\(FileKind.reason(errno)) in \(directory))")
      }
      if named {
        path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
      } else {
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
      }
    }

    deinit {
      if descriptor >= 0 { close(descriptor) }
      removeName()
    }

    /// Unlinks the file's name; whoever has it open reads on.
    public func removeName() {
      if let path { unlink(path) }
      path = nil
    }

    /// Writes `bytes` at the end.
    /// - Throws: ``ReaderError`` when they cannot be written (the disk is full).
    public func append(_ bytes: ArraySlice<UInt8>) throws(ReaderError) {
      var offset = bytes.startIndex
      while offset < bytes.endIndex {
        let count = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        if count < 0 {
          if errno == EINTR { continue }
          throw ReaderError("cannot make a temporary copy of the input (\(FileKind.reason(errno)) in \(directory))")
        }
        offset += count
      }
      size += bytes.count
    }

    /// The bytes written, as a document read from its start as often as needed.
    public func document() -> RereadableDocument { RereadableDocument(self) }

    fileprivate func takeDescriptor() -> Int32 {
      defer { descriptor = -1 }
      return descriptor
    }
  }

  deinit {
    if case .spool(let descriptor) = storage { close(descriptor) }
  }

  /// The document from its start.
  /// - Throws: ``ReaderError`` when the file can no longer be read, or has changed size since.
  public func open() throws(ReaderError) -> any ByteSource {
    switch storage {
    case .file(let path):
      let source = try FileByteSource(path: path)
      var status = stat()
      guard stat(path, &status) == 0, Int(status.st_size) == size else {
        throw ReaderError("the file changed while it was read (it is read twice when it is this large)")
      }
      return source
    case .spool(let descriptor):
      return SpooledBytes(descriptor: descriptor, owner: self)
    }
  }

  /// The document, read at any offset (a compound file's sectors).
  /// - Throws: ``ReaderError`` when the file can no longer be read, or has changed size since.
  func randomAccess() throws(ReaderError) -> any RandomAccessBytes {
    switch storage {
    case .file(let path):
      let file = try RandomAccessFile(path: path)
      guard file.size == Int64(size) else {
        throw ReaderError("the file changed while it was read (it is read twice when it is this large)")
      }
      return file
    case .spool(let descriptor):
      return SpooledRandomAccess(descriptor: descriptor, size: size, owner: self)
    }
  }

  /// The temporary copy, read at offsets with `pread(2)`.
  private final class SpooledRandomAccess: RandomAccessBytes {
    private let descriptor: Int32
    let size: Int64
    /// Keeps the copy (and its descriptor) open while it is read.
    private let owner: RereadableDocument

    init(descriptor: Int32, size: Int, owner: RereadableDocument) {
      self.descriptor = descriptor
      self.size = Int64(size)
      self.owner = owner
    }

    func read(at offset: Int64, count: Int) throws(ReaderError) -> [UInt8] {
      try readBytes(of: descriptor, at: offset, count: count, failure: "cannot read the temporary copy of the input")
    }
  }

  /// The temporary copy, read from its start with its own offset.
  private final class SpooledBytes: ByteSource {
    private let descriptor: Int32
    /// Keeps the copy (and its descriptor) open while it is read.
    private let owner: RereadableDocument
    private var offset = 0

    init(descriptor: Int32, owner: RereadableDocument) {
      self.descriptor = descriptor
      self.owner = owner
    }

    func read(upTo count: Int) throws(ReaderError) -> [UInt8] {
      var bytes = [UInt8](repeating: 0, count: max(1, count))
      while true {
        let got = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, off_t(offset)) }
        if got >= 0 {
          bytes.removeLast(bytes.count - got)
          offset += got
          return bytes
        }
        if errno == EINTR { continue }
        throw ReaderError("cannot read the temporary copy of the input (\(String(cString: strerror(errno))))")
      }
    }
  }
}

/// A reader for documents that are one message (an HTML newsletter) and that it can read a
/// part at a time, so a document too large to hold is read in bounded memory.
///
/// The auditor reads a small document whole (``InputReader``); a large one it reads through
/// ``parted(_:file:)`` several times (``RereadableDocument``): the links of one message are
/// judged together, so it first gathers what the whole message shows, then judges each part.
public protocol PartedDocumentReader: InputReader {
  /// `document`, one message, ready to be read a part at a time as often as needed; nil when
  /// this document can only be read whole (an encoding that is not decoded in chunks). What
  /// reading it needs decided first (its encoding; whether it is refused whole) is decided here,
  /// once. `largestHeld` is the most bytes of one piece of it (a MIME part) the reader may
  /// hold while it reads.
  /// - Throws: ``ReaderError`` when the document is not of this format or is refused whole
  ///   (the same errors ``InputReader/links(in:file:)`` throws).
  func parted(_ document: RereadableDocument, file: String, largestHeld: Int) throws(ReaderError) -> (any PartedDocument)?
}

/// A document a ``PartedDocumentReader`` has looked at, read from its start on each call.
public protocol PartedDocument: AnyObject {
  /// The document's links, handed out a part at a time in document order.
  /// - Throws: ``ReaderError`` when it can no longer be read (the file changed).
  func parts() throws(ReaderError) -> any MessageStream

  /// Whether the document's messages follow one another, the links of each together (a page of
  /// a conversation), so that a message whose links all come in one batch is judged from them
  /// alone and only the facts of messages that go on from batch to batch are kept while it is
  /// read. False by default: a mail's attached message comes between the mail's own parts.
  var messagesFollowOneAnother: Bool { get }
}

extension PartedDocument {
  public var messagesFollowOneAnother: Bool { false }
}

import DarkshareCore

/// The links of one or more whole messages of an input, as a streaming reader hands them over.
public struct MessageBatch: Sendable {
  /// The links found in the messages, in input order.
  public var links: [Link]
  /// How many messages were read for this batch (messages without links count too).
  public var messages: Int
  /// Something wrong met while reading these messages (a malformed message that was skipped;
  /// a file that breaks off). Reading goes on after it unless the stream then ends.
  public var problem: ReaderError?

  public init(links: [Link], messages: Int, problem: ReaderError? = nil) {
    self.links = links
    self.messages = messages
    self.problem = problem
  }
}

/// An input read one batch of messages at a time, so memory follows the largest message,
/// not the input. Used by one task at a time.
public protocol MessageStream: AnyObject {
  /// The next batch, or nil when the input is exhausted.
  func next() -> MessageBatch?
}

/// A reader for archives that can be read message by message (mbox, SMS backups).
///
/// The auditor hands it the input's bytes as a ``ByteSource`` instead of an array. Its
/// ``InputReader`` requirements (whole-array reads, used by tests and for small inputs) are
/// implemented by draining a stream over the array.
public protocol StreamingInputReader: InputReader {
  /// A stream over the messages of `source`, an input shown to the user as `file`.
  /// - Throws: ``ReaderError`` when the input is not of this format at all.
  func messages(from source: any ByteSource, file: String) throws(ReaderError) -> any MessageStream
}

extension StreamingInputReader {
  public func read(_ bytes: [UInt8], file: String) throws(ReaderError) -> (links: [Link], problem: ReaderError?) {
    let stream = try messages(from: MemoryByteSource(bytes), file: file)
    var links = [Link]()
    var messages = 0
    var problems = [String]()
    while let batch = stream.next() {
      links += batch.links
      messages += batch.messages
      if let problem = batch.problem { problems.append(problem.message) }
    }
    let problem = problems.isEmpty ? nil : ReaderError(problems.joined(separator: "; "))
    // Nothing read at all: the input is not of this format.
    if let problem, messages == 0, links.isEmpty { throw problem }
    return (links, problem)
  }

  public func links(in bytes: [UInt8], file: String) throws(ReaderError) -> [Link] {
    let read = try self.read(bytes, file: file)
    if let problem = read.problem { throw problem }
    return read.links
  }
}

/// The stream of a reader that reads its input whole (HTML, a single `.eml`, a chat export):
/// one batch with every link.
public final class WholeInputMessages: MessageStream {
  private let reader: any InputReader
  private let source: any ByteSource
  private let file: String
  private let limit: Int
  private var done = false

  /// Whether a ``PeekedByteSource``'s head is sniffed for binary data before the rest is read.
  private let sniffsFirst: Bool

  /// - Parameters:
  ///   - limit: the largest input read, in bytes; a larger one is the batch's problem.
  ///   - sniffsFirst: refuse binary data from the head of a ``PeekedByteSource`` before reading
  ///     on (inputs of unbounded length: standard input, a pipe). Entries of an archive, bounded
  ///     by its expansion limits, may pass false so a bomb is reported as one.
  public init(reader: any InputReader, source: any ByteSource, file: String, limit: Int, sniffsFirst: Bool = true) {
    self.sniffsFirst = sniffsFirst
    self.reader = reader
    self.source = source
    self.file = file
    self.limit = limit
  }

  public func next() -> MessageBatch? {
    guard !done else { return nil }
    done = true
    do throws(ReaderError) {
      // Sniffed before the input is read whole: `/dev/zero` or endless standard input shows its
      // NULs in the first bytes, and is refused there instead of after the size limit.
      if sniffsFirst, !(reader is any BinaryInputReader), let head = (source as? PeekedByteSource)?.head,
        let problem = BinarySniffer.problem(in: head, expected: "a document darkshare reads as \(type(of: reader).format)")
      {
        throw ReaderError(problem + "; nothing more was read")
      }
      let read = try reader.read(try source.readAll(limit: limit), file: file)
      // A mail input counts the messages its links were found in (a forward attached as
      // message/rfc822 is a second message); anything else that was read is one document.
      let messages = Set(read.links.compactMap { $0.message?.index }).count
      return MessageBatch(links: read.links, messages: read.problem == nil ? max(1, messages) : messages, problem: read.problem)
    } catch {
      return MessageBatch(links: [], messages: 0, problem: error)
    }
  }
}

import DarkshareCore

extension GoogleVoiceReader: PartedDocumentReader {
  /// The size of the chunks a large page is read in.
  static let chunkSize = 1 << 20

  /// A large Takeout page, read a chunk at a time (``GoogleVoiceParts``) with the links,
  /// contexts, positions and errors of ``links(in:file:)``. It is refused here as it is refused
  /// whole: binary data, or no `hChatLog`/`haudio` marker anywhere in it (read through until one
  /// shows, which is in its first chunk unless it is no Takeout page).
  public func parted(_ document: RereadableDocument, file: String, largestHeld: Int) throws(ReaderError) -> (any PartedDocument)? {
    let head = try PeekedByteSource(document.open(), peeking: BinarySniffer.sniffedBytes).head
    if let problem = BinarySniffer.problem(in: head, expected: "a Google Voice page") { throw ReaderError(problem) }
    guard try Self.hasMarker(document) else { throw Self.notAPage }
    return PartedGoogleVoicePage(document: document, file: file, largestHeld: largestHeld)
  }

  /// Whether a marker is anywhere in `document`, searched a chunk at a time together with the end
  /// of the chunk before (a marker may be split between two).
  private static func hasMarker(_ document: RereadableDocument) throws(ReaderError) -> Bool {
    let source = try document.open()
    let overlap = markers.map(\.count).max()! - 1
    var window = [UInt8]()
    while case let chunk = try source.read(upTo: chunkSize), !chunk.isEmpty {
      window = Array(window.suffix(overlap)) + chunk
      if markers.contains(where: { window.firstIndex(ofBytes: $0) != nil }) { return true }
    }
    return false
  }
}

/// A large Takeout page, read from its start on each call.
private final class PartedGoogleVoicePage: PartedDocument {
  private let document: RereadableDocument
  private let file: String
  private let largestHeld: Int

  init(document: RereadableDocument, file: String, largestHeld: Int) {
    self.document = document
    self.file = file
    self.largestHeld = largestHeld
  }

  func parts() throws(ReaderError) -> any MessageStream {
    GoogleVoiceParts(source: try document.open(), file: file, largestHeld: largestHeld)
  }

  /// Messages follow one another: a page of a million messages keeps the facts of those cut
  /// between batches only.
  var messagesFollowOneAnother: Bool { true }
}

/// The links of a large Takeout page, read a chunk at a time and handed out a run of messages
/// at a time.
///
/// The page is cut where ``GoogleVoiceReader/links(in:file:)`` cuts it, at each
/// `<div class="message"`, and each message is read by the same code once its end is held, with
/// the line and column counted on from the message before: links, contexts and positions are
/// those of reading the page whole. Only the message being read is held. Of a message larger than
/// `largestHeld` (one quote of a million links), once its time, sender and `<q>` are held, only
/// the rest of its quote is held, from the last place the quote can be cut without changing its
/// links (``GoogleVoiceQuote/leadingPart(_:from:to:)``); a message that cannot be cut so (no
/// whitespace, a `<` whose `>` is not held, its time or sender not held first) is held whole.
final class GoogleVoiceParts: MessageStream {
  /// A batch is closed once it holds this many links (a chunk of a page can hold ten thousand).
  static let linksPerBatch = 1000

  /// What the bytes held start with.
  private enum Place {
    /// Bytes between messages: before the first, or past the quote of the last.
    case between
    /// The start of message `index`.
    case message(index: Int)
    /// The rest of the quote of a message too large to hold, the links before it handed out.
    case quote(MessageContext)
  }

  private var buffer: ChunkedBuffer
  private let file: String
  private let largestHeld: Int
  /// How long a part of a quote too long to hold is, in bytes: about a batch of links.
  private let partLength: Int
  /// How many bytes of a message are held before it is cut: `largestHeld`, or, after a message
  /// could not be cut, twice what was then held (so it is looked at a bounded number of times
  /// per byte).
  private var holdLimit: Int
  private var place = Place.between
  /// The line and column of the first byte held (`buffer.bytes[buffer.start]`).
  private var position = (line: 1, column: 1)
  /// Where the search for the next message start goes on: none starts between the first byte
  /// held and here.
  private var searched = 0
  /// How many messages have started.
  private var begun = 0
  /// How many messages have links, as a page read whole counts them, and the last one counted.
  private var counted = (messages: 0, last: -1)
  private var isDone = false

  /// - Parameters:
  ///   - chunkSize: how many bytes are read at a time (tests make it small).
  ///   - partLength: how many bytes of a quote too long to hold are read at a time, at least.
  init(
    source: any ByteSource, file: String, largestHeld: Int, chunkSize: Int = GoogleVoiceReader.chunkSize,
    partLength: Int = 64 << 10
  ) {
    buffer = ChunkedBuffer(source, chunkSize: chunkSize)
    self.file = file
    self.largestHeld = largestHeld
    self.partLength = partLength
    holdLimit = largestHeld
  }

  func next() -> MessageBatch? {
    guard !isDone else { return nil }
    var batch = MessageBatch(links: [], messages: 0)
    while batch.links.count < Self.linksPerBatch, !isDone {
      if readOn(into: &batch) { continue }
      if buffer.isAtEnd {
        isDone = true
      } else {
        searched -= buffer.fill()
      }
    }
    if isDone {
      if let error = buffer.error {
        batch.problem = ReaderError("the document breaks off: \(error.message)")
      } else if counted.messages == 0 {
        // As read whole: a page without links counts as one message.
        batch.messages = 1
      }
    }
    return batch
  }

  /// Reads on in the bytes held: to the next message, through a whole message, or through a part
  /// of a quote too long to hold. False when it needs more bytes.
  private func readOn(into batch: inout MessageBatch) -> Bool {
    let bytes = buffer.bytes
    let start = buffer.start
    let pattern = GoogleVoiceReader.messageStart
    let nextMessage = bytes.firstIndex(ofBytes: pattern, from: searched)
    if nextMessage == nil { searched = max(searched, bytes.count - pattern.count + 1) }
    let end = nextMessage ?? (buffer.isAtEnd ? bytes.count : nil)
    let isTooLarge = bytes.count - start > holdLimit
    switch place {
    case .between:
      guard let nextMessage else {
        move(to: searched)
        return false
      }
      move(to: nextMessage)
      searched = nextMessage + pattern.count
      place = .message(index: begun)
      begun += 1
    case .message(let index):
      if let end {
        handOut(upTo: end, into: &batch) { cursor in
          GoogleVoiceReader.links(ofMessage: index, in: bytes, from: start, to: end, file: file, cursor: &cursor)
        }
        place = .between
      } else if isTooLarge, GoogleVoiceReader.knowsContext(in: bytes, from: start, to: bytes.count),
        let text = GoogleVoiceReader.quoteStart(in: bytes, from: start, to: bytes.count)
      {
        place = .quote(GoogleVoiceReader.context(ofMessage: index, in: bytes, from: start, to: bytes.count))
        move(to: text)
      } else {
        return cannotCut(isTooLarge)
      }
    case .quote(let context):
      guard end != nil || isTooLarge else { return false }
      // Its `</q>` held (and before the message's end) or the message's end: the quote is whole.
      if let quoteEnd = GoogleVoiceReader.quoteClose(in: bytes, from: start, to: end ?? bytes.count) ?? end {
        let quote = GoogleVoiceQuote(bytes, from: start, to: quoteEnd)
        handOut(upTo: quoteEnd, into: &batch) { cursor in
          GoogleVoiceReader.links(in: quote, context: context, file: file, cursor: &cursor)
        }
        place = .between
      } else if isTooLarge, let part = GoogleVoiceQuote.leadingPart(bytes, from: start, to: bytes.count, length: partLength) {
        handOut(upTo: part.end, into: &batch) { cursor in
          GoogleVoiceReader.links(in: part.quote, context: context, file: file, cursor: &cursor)
        }
      } else {
        return cannotCut(isTooLarge)
      }
    }
    holdLimit = largestHeld
    return true
  }

  /// Waits for more bytes; a message too large that could not be cut is looked at again once it
  /// has doubled.
  private func cannotCut(_ isTooLarge: Bool) -> Bool {
    if isTooLarge { holdLimit = 2 * (buffer.bytes.count - buffer.start) }
    return false
  }

  /// Hands out the links `read` finds with a cursor at the first byte held, and drops the bytes
  /// up to `end`.
  private func handOut(upTo end: Int, into batch: inout MessageBatch, _ read: (inout ByteCursor) -> [Link] = { _ in [] }) {
    var cursor = ByteCursor(buffer.bytes, at: buffer.start, line: position.line, column: position.column)
    let links = read(&cursor)
    position = cursor.position(of: end)
    buffer.start = end
    searched = max(searched, end)
    if let index = links.first?.message?.index, index != counted.last {
      counted = (counted.messages + 1, index)
      batch.messages += 1
    }
    batch.links += links
  }

  /// Drops the bytes up to `end`, which hold no link.
  private func move(to end: Int) {
    var batch = MessageBatch(links: [], messages: 0)
    handOut(upTo: end, into: &batch)
  }
}

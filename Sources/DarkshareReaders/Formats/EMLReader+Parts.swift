import DarkshareCore
import DarkshareMarkup

extension EMLReader: PartedDocumentReader {
  /// A large message, read a line at a time (``StreamedMIMEWalk``) with the links, positions,
  /// message contexts and problems of ``read(_:file:)``. Parts of up to `largestHeld` bytes are
  /// held and read as in a whole message; a larger HTML or text part is decoded here, once, into
  /// a temporary copy (transfer encoding undone, charset converted as ``MIMEText`` does), which
  /// is then read a chunk at a time as a large HTML or text file is. A larger transfer-encoded
  /// attached message is decoded into a copy the same way, which is then read as a large message
  /// of its own. Never nil: a message is always read this way when it is large.
  public func parted(_ document: RereadableDocument, file: String, largestHeld: Int) throws(ReaderError) -> (any PartedDocument)? {
    try Self.checkStart(of: document.open())
    let message = PartedMessage(document: document, file: file)
    try message.copyLargeParts(largerThan: max(0, largestHeld))
    return message
  }
}

extension EMLReader {
  /// Refuses a message whose first bytes show binary data, or that is empty, as
  /// ``read(_:file:)`` does.
  static func checkStart(of message: any ByteSource) throws(ReaderError) {
    let head = try PeekedByteSource(message, peeking: BinarySniffer.sniffedBytes).head
    if let problem = BinarySniffer.problem(in: head, expected: "an e-mail message") { throw ReaderError(problem) }
    if head.isEmpty { throw ReaderError("not an e-mail message: the file is empty") }
  }
}

/// A large message whose large text parts (and transfer-encoded attached messages) have been
/// decoded into copies of their own.
final class PartedMessage: PartedDocument {
  /// How a part too large to hold is read, by the offset where its body starts.
  enum LargePart {
    case html(any PartedDocument)
    case htmlRefused(MarkupBudget.Violation)
    case text(RereadableDocument)
    /// A transfer-encoded attached message, decoded: a large message of its own.
    case message(PartedMessage)
  }

  let document: RereadableDocument
  let file: String
  /// Where the message is in the document (its bytes from `start`, `length` of them); nil when
  /// it is the whole document.
  private let region: (start: Int, length: Int)?
  /// What is wrong with the document around the message (said after the message's own problems).
  let problem: String?
  /// How deep the message is: 0, or more for an attached message's decoded copy.
  private let depth: Int
  private(set) var largeParts: [Int: LargePart] = [:]

  init(
    document: RereadableDocument, file: String, region: (start: Int, length: Int)? = nil, problem: String? = nil,
    depth: Int = 0
  ) {
    self.document = document
    self.file = file
    self.region = region
    self.problem = problem
    self.depth = depth
  }

  func parts() throws(ReaderError) -> any MessageStream {
    try messageParts(firstIndex: 0)
  }

  /// The links of the message read from its start, its first message getting index `firstIndex`.
  fileprivate func messageParts(firstIndex: Int) throws(ReaderError) -> MessageParts {
    MessageParts(message: self, walk: StreamedMIMEWalk(try open(), firstIndex: firstIndex, depth: depth))
  }

  /// The message's bytes, from its start.
  private func open() throws(ReaderError) -> any ByteSource {
    guard let region else { return try document.open() }
    return try ByteSourceRange(document.open(), start: region.start, length: region.length)
  }

  /// Reads the message through once, decoding each HTML or text part (or transfer-encoded
  /// attached message) of more than `largest` bytes into a temporary copy.
  func copyLargeParts(largerThan largest: Int) throws(ReaderError) {
    let walk = StreamedMIMEWalk(try open(), depth: depth)
    var current: (part: StreamedPart, held: [UInt8], copy: DecodedCopy?)?
    while let event = walk.next() {
      switch event {
      case .partStart(let part):
        current = (part, [], nil)
      case .bytes(let bytes):
        guard var reading = current else { continue }
        current = nil
        if let copy = reading.copy {
          try copy.append(bytes)
        } else {
          reading.held += bytes
          if reading.held.count > largest {
            let copy = try DecodedCopy(encoding: reading.part.entity.transferEncoding)
            try copy.append(reading.held[...])
            reading.held = []
            reading.copy = copy
          }
        }
        current = reading
      case .partEnd:
        if let reading = current, let copy = reading.copy {
          largeParts[reading.part.bodyStart] = try largePart(reading.part, copy.finish(), largest: largest)
        }
        current = nil
      case .partWithdrawn:
        current = nil
      case .problem:
        continue
      }
    }
    if let error = walk.error { throw error }
  }

  /// How the part `part`, decoded into `decoded`, is read: its charset converted as
  /// ``MessageWalk`` converts a part held whole; an attached message with its own large parts
  /// (more than `largest` bytes) copied in turn.
  private func largePart(
    _ part: StreamedPart, _ decoded: (copy: RereadableDocument, isValidUTF8: Bool), largest: Int
  ) throws(ReaderError) -> LargePart {
    let charset = part.entity.contentType.charset
    switch part.kind {
    case .encodedMessage:
      // Its bytes as they are: the message inside says its parts' charsets.
      let message = PartedMessage(document: decoded.copy, file: file, depth: part.depth + 1)
      try message.copyLargeParts(largerThan: largest)
      return .message(message)
    case .html:
      // The MIME charset wins over a <meta> in the part: converted, and said so with a BOM.
      let text = charset == nil ? decoded.copy : try Self.utf8Copy(of: decoded, charset: charset, byteOrderMark: true)
      switch try HTMLReader.largeDocument(text, file: file) {
      case .parts(let parts): return .html(parts)
      case .refused(let violation): return .htmlRefused(violation)
      }
    case .plain:
      return .text(try Self.utf8Copy(of: decoded, charset: charset, byteOrderMark: false))
    }
  }

  /// `decoded` as UTF-8, as ``MIMEText/utf8(_:charset:)`` converts it: a declared charset
  /// through iconv; otherwise UTF-8 if valid, else windows-1252.
  private static func utf8Copy(
    of decoded: (copy: RereadableDocument, isValidUTF8: Bool), charset label: String?, byteOrderMark: Bool
  ) throws(ReaderError) -> RereadableDocument {
    var converter: Transcoder.Stream?
    if let label = label.map(MIMEText.canonical), label != "utf-8", label != "us-ascii" {
      converter = Transcoder.Stream(charset: label.uppercased())
    }
    if converter == nil, decoded.isValidUTF8, !byteOrderMark { return decoded.copy }
    let copy = try RereadableDocument.Spool()
    if byteOrderMark { try copy.append([0xEF, 0xBB, 0xBF]) }
    let source = try decoded.copy.open()
    while true {
      let chunk = try source.read(upTo: 1 << 20)
      let converted: [UInt8] =
        if let converter {
          converter.convert(chunk, isLast: chunk.isEmpty)
        } else if decoded.isValidUTF8 {
          chunk
        } else {
          Transcoder.utf8(from: chunk, charset: "WINDOWS-1252") ?? chunk
        }
      try copy.append(converted[...])
      if chunk.isEmpty { break }
    }
    return copy.document()
  }
}

/// A part's body with its transfer encoding undone, written to a temporary copy as it is read.
private final class DecodedCopy {
  private var decoder: TransferDecoder
  private let spool: RereadableDocument.Spool
  private var validation = UTF8Validation()

  init(encoding: String) throws(ReaderError) {
    decoder = TransferDecoder(encoding: encoding)
    spool = try RereadableDocument.Spool()
  }

  func append(_ bytes: ArraySlice<UInt8>) throws(ReaderError) {
    let decoded = decoder.decode(bytes, isLast: false)
    validation.feed(decoded)
    try spool.append(decoded[...])
  }

  func finish() throws(ReaderError) -> (copy: RereadableDocument, isValidUTF8: Bool) {
    let decoded = decoder.decode([], isLast: true)
    validation.feed(decoded)
    try spool.append(decoded[...])
    return (spool.document(), validation.finish())
  }
}

/// The links of one large message, read from its start: parts held whole as ``MessageWalk``
/// reads them, large ones from their decoded copies, in message order.
private final class MessageParts: MessageStream {
  static let linksPerBatch = 1000

  /// A large part being read from its decoded copy.
  private enum Copied {
    /// An HTML or text part of the message `part` belongs to.
    case body(any MessageStream, StreamedPart)
    /// An attached message, whose links carry their own messages.
    case message(MessageParts)
  }

  private let message: PartedMessage
  private let walk: StreamedMIMEWalk
  /// The part being read: its body held, or (nil body) read from its copy.
  private var current: (part: StreamedPart, held: [UInt8]?)?
  private var copied: Copied?
  private var found: [Link] = []
  private var problems: [String] = []
  /// The messages links have been found in.
  private var messagesWithLinks = Set<Int>()
  private var isDone = false
  private var isFinished = false

  init(message: PartedMessage, walk: StreamedMIMEWalk) {
    self.message = message
    self.walk = walk
  }

  func next() -> MessageBatch? {
    while !isDone {
      if let copied {
        // Links found before the large part go first.
        if !found.isEmpty { return batch() }
        if readNext(of: copied) { continue }
        self.copied = nil
      }
      if found.count >= Self.linksPerBatch { return batch() }
      guard let event = walk.next() else {
        isDone = true
        break
      }
      read(event)
    }
    if !found.isEmpty { return batch() }
    guard !isFinished else { return nil }
    isFinished = true
    if let error = walk.error { problems.append("the message breaks off: \(error.message)") }
    if let problem = message.problem { problems.append(problem) }
    let problem = problems.isEmpty ? nil : ReaderError(problems.joined(separator: "; "))
    // A message read without a problem counts once, links or not (as read whole).
    return MessageBatch(links: [], messages: messagesWithLinks.isEmpty && problem == nil ? 1 : 0, problem: problem)
  }

  /// Takes the next links of the large part being read into `found`; false once it has been read.
  private func readNext(of copied: Copied) -> Bool {
    switch copied {
    case .body(let stream, let part):
      guard let next = stream.next() else { return false }
      found = next.links.map { link in
        var link = MessageWalk.marked(link, unsubscribe: part.unsubscribe)
        link.message = part.context
        link.urlEnd = nil
        return link
      }
      if let problem = next.problem { problems.append("message \(part.context.index): \(problem.message)") }
      return true
    case .message(let inner):
      guard let next = inner.next() else {
        // The messages after it are numbered after the ones inside.
        walk.nextIndex = inner.walk.nextIndex
        return false
      }
      // Its messages are counted here, by the links that show them.
      found = next.links
      if let problem = next.problem { problems.append(problem.message) }
      return true
    }
  }

  private func read(_ event: StreamedMIMEWalk.Event) {
    switch event {
    case .partStart(let part):
      switch message.largeParts[part.bodyStart] {
      case .html(let parts):
        start(copied: parts, part)
      case .message(let inner):
        do throws(ReaderError) {
          copied = .message(try inner.messageParts(firstIndex: walk.nextIndex))
        } catch {
          problems.append("message \(part.context.index): an attached message could not be read again: \(error.message)")
        }
      case .text(let copy):
        do throws(ReaderError) {
          copied = .body(PlainTextParts(source: try copy.open(), decoder: LegacyText.ChunkDecoder(.utf8), file: message.file), part)
        } catch {
          problems.append("message \(part.context.index): a text part could not be read again: \(error.message)")
        }
      case .htmlRefused(let violation):
        problems.append(MessageWalk.htmlNotRead(violation, in: part.context))
      case nil:
        current = (part, [])
        return
      }
      current = (part, nil)
    case .bytes(let bytes):
      if case (let part, var held?)? = current {
        current = nil
        held += bytes
        current = (part, held)
      }
    case .partEnd:
      if case (let part, let held?)? = current { readHeld(part, body: held) }
      current = nil
    case .partWithdrawn:
      current = nil
    case .problem(let problem):
      problems.append(problem)
    }
  }

  private func start(copied parts: any PartedDocument, _ part: StreamedPart) {
    do throws(ReaderError) {
      copied = .body(try parts.parts(), part)
    } catch {
      problems.append("message \(part.context.index): an HTML part could not be read again: \(error.message)")
    }
  }

  /// Reads a part held whole, as ``MessageWalk`` reads it in a whole message.
  private func readHeld(_ part: StreamedPart, body: [UInt8]) {
    var entity = part.entity
    entity.body = body[...]
    var walk = MessageWalk(file: message.file, firstIndex: self.walk.nextIndex)
    if part.kind == .encodedMessage {
      walk.message(MIMEEntity.parse(entity.decodedBody[...], defaultType: .textPlain, depth: part.depth + 1))
      self.walk.nextIndex = walk.nextIndex
    } else {
      walk.part(entity, context: part.context, unsubscribe: part.unsubscribe)
    }
    found += walk.links
    problems += walk.problems
  }

  /// The links found so far (at most ``linksPerBatch``), with the messages they are the first of.
  private func batch() -> MessageBatch {
    let end = min(found.count, Self.linksPerBatch)
    let links = Array(found[..<end])
    found.removeFirst(end)
    var messages = 0
    for link in links {
      if let index = link.message?.index, messagesWithLinks.insert(index).inserted { messages += 1 }
    }
    return MessageBatch(links: links, messages: messages)
  }
}

import DarkshareCore

/// A text part met by a ``StreamedMIMEWalk``, whose body follows as ``StreamedMIMEWalk/Event/bytes(_:)``.
struct StreamedPart {
  enum Kind: Equatable {
    case html
    case plain
    /// A `message/rfc822` part whose body is transfer-encoded: decoded, then read as a message
    /// of its own.
    case encodedMessage
  }

  var kind: Kind
  /// The part as ``MIMEEntity`` would hold it, with an empty body.
  var entity: MIMEEntity
  /// The offset of the first byte of its body in the input: the same on every reading.
  var bodyStart: Int
  /// The message the part belongs to.
  var context: MessageContext
  var unsubscribe: Set<String>
  /// How deep the part is (``MIMEEntity/maximumDepth`` applies to an encoded message's inside).
  var depth: Int
}

/// Reads a message from a ``ByteSource`` a line at a time, as ``MIMEEntity/parse(_:defaultType:depth:)``
/// and ``MessageWalk`` read it whole, without ever holding it: each text part is announced,
/// its transfer-encoded body handed on in pieces, and its end told.
///
/// Parts are found with a stack of the open entities: a line is a delimiter of the outermost
/// open `multipart` whose boundary it shows (as the whole parse splits the outer body first),
/// and ends every entity inside it; the line break before a delimiter belongs to the delimiter.
/// A `multipart` whose boundary has not occurred yet is read as text meanwhile (a part started
/// like any other): that text is taken back (``Event/partWithdrawn``) once a delimiter shows, as the whole parse
/// reads such a body as text only when its boundary never occurs.
///
/// Memory holds one line (or a megabyte of a longer one) and each open entity's header block.
/// One difference from the whole parse, on hostile input only: a delimiter line longer than a
/// megabyte (a boundary followed by a megabyte of blanks) is read as text.
final class StreamedMIMEWalk {
  enum Event {
    /// A text part starts (also the body of a `multipart` read as text until its boundary
    /// shows, which ``partWithdrawn`` may take back).
    case partStart(StreamedPart)
    /// The next bytes of the body of the part started last, still transfer-encoded.
    case bytes(ArraySlice<UInt8>)
    /// The part started last has ended.
    case partEnd
    /// The tentative part started last is not a part after all: forget it.
    case partWithdrawn
    /// Something not read (a part nested too deep, a header block cut short).
    case problem(String)
  }

  /// The most bytes of one entity's header block that are kept; the fields after are reported.
  static let largestHeaderBlock = 4 << 20
  /// The most bytes of one header line that are read (a field name is never near this long).
  static let largestHeaderLine = 1 << 20

  private enum MultipartState {
    /// No delimiter yet: the body is read as text, tentatively.
    case unsplit
    /// A close delimiter came first: the body is text for good.
    case unsplitForGood
    case split
    /// After the close delimiter: the epilogue is not read.
    case closed
  }

  private enum Phase {
    /// Reading the header block; `line` holds the pieces of a long header line.
    case headers(block: MIMEHeaders.Block, line: [UInt8], size: Int)
    /// A single part; `emits` when its body is handed on.
    case single(emits: Bool)
    case multipart(delimiter: [UInt8], childDefault: ContentType, state: MultipartState, emits: Bool)
    /// Deeper than ``MIMEEntity/maximumDepth``, or a part nobody reads: lines pass by.
    case ignored
  }

  private struct Frame {
    var depth: Int
    var defaultType: ContentType
    /// Whether the entity is a message (the input, or inside `message/rfc822`).
    var isMessage: Bool
    var context: MessageContext?
    var unsubscribe: Set<String>
    var phase: Phase
    /// Where the entity's body starts (set when the header block ends).
    var bodyStart = 0
    /// The line break after the last body line handed on: it belongs to the body only if
    /// another body line follows, or the input ends.
    var pendingBreak: [UInt8] = []

    /// Whether its body lines are handed on to no one (an attachment, an epilogue, a part too
    /// deep): then only a delimiter line of an enclosing multipart matters.
    var isPassedOver: Bool {
      switch phase {
      case .headers, .single(emits: true), .multipart(_, _, _, emits: true): false
      case .single(emits: false), .multipart(_, _, _, emits: false), .ignored: true
      }
    }
  }

  private let lines: MIMELineReader
  private var frames: [Frame]
  private var events: [Event] = []
  private var eventStart = 0
  /// The offset of the next piece in the input.
  private var offset = 0
  private var isDone = false
  /// The ``MessageContext/index`` the next message gets; a reader of an encoded message moves
  /// it past the messages inside.
  var nextIndex = 0
  /// Why reading stopped early (an I/O error), when it did.
  var error: ReaderError? { lines.error }

  /// A walk of the message in `source`, whose first message gets index `firstIndex`; `depth`
  /// is how deep the message itself is (more than 0 for the decoded body of an attached message).
  init(_ source: any ByteSource, firstIndex: Int = 0, depth: Int = 0) {
    lines = MIMELineReader(source)
    nextIndex = firstIndex
    frames = [Frame(depth: depth, defaultType: .textPlain, isMessage: true, context: nil, unsubscribe: [], phase: Self.headerPhase)]
  }

  private static let headerPhase = Phase.headers(block: MIMEHeaders.Block(), line: [], size: 0)

  /// The next event, or nil once the input has been read.
  func next() -> Event? {
    while eventStart == events.count {
      events.removeAll(keepingCapacity: true)
      eventStart = 0
      if isDone { return nil }
      // In a body nobody reads, only a delimiter line matters: pass the others by unread.
      if let top = frames.last, top.isPassedOver { offset += lines.skipLines(notStartingWith: [0x2D, 0x2D]) }
      guard let piece = lines.next() else {
        while !frames.isEmpty { end(frames.count - 1, atTheEnd: true) }
        isDone = true
        continue
      }
      let start = offset
      offset += piece.content.count + piece.lineBreak.count
      handle(piece, at: start)
    }
    defer { eventStart += 1 }
    return events[eventStart]
  }

  private func handle(_ piece: MIMELineReader.Piece, at start: Int) {
    if piece.startsLine, piece.endsLine, let (frame, isClose) = delimiter(in: piece.content) {
      while frames.count - 1 > frame { end(frames.count - 1, atTheEnd: false) }
      split(frame, isClose: isClose, piece: piece, at: start)
      return
    }
    deliver(piece, at: start)
  }

  /// The outermost open multipart whose delimiter `line` is, and whether it is the close.
  private func delimiter(in line: ArraySlice<UInt8>) -> (Int, Bool)? {
    guard line.count >= 2, line[line.startIndex] == 0x2D, line[line.startIndex + 1] == 0x2D else { return nil }
    for (index, frame) in frames.enumerated() {
      guard case .multipart(let delimiter, _, let state, _) = frame.phase else { continue }
      guard state == .unsplit || state == .split, line.starts(with: delimiter) else { continue }
      var rest = line.dropFirst(delimiter.count)
      while let last = rest.last, last == 0x20 || last == 0x09 { rest = rest.dropLast() }
      if rest.isEmpty { return (index, false) }
      if rest.elementsEqual([0x2D, 0x2D]) { return (index, true) }
    }
    return nil
  }

  /// A delimiter of the multipart `index`, now the innermost frame.
  private func split(_ index: Int, isClose: Bool, piece: MIMELineReader.Piece, at start: Int) {
    guard case .multipart(let delimiter, let childDefault, let state, let emits) = frames[index].phase else { return }
    switch (state, isClose) {
    case (.unsplit, true):
      // No part yet: the body is text, the close line and all after it included.
      frames[index].phase = .multipart(delimiter: delimiter, childDefault: childDefault, state: .unsplitForGood, emits: emits)
      deliver(piece, at: start)
      return
    case (.unsplit, false):
      if emits { events.append(.partWithdrawn) }
    default:
      break
    }
    frames[index].phase = .multipart(
      delimiter: delimiter, childDefault: childDefault, state: isClose ? .closed : .split, emits: false)
    guard !isClose else { return }
    let parent = frames[index]
    frames.append(
      Frame(
        depth: parent.depth + 1, defaultType: childDefault, isMessage: false, context: parent.context,
        unsubscribe: parent.unsubscribe, phase: Self.headerPhase, bodyStart: start + piece.content.count + piece.lineBreak.count))
  }

  /// Gives a line (or piece) that is no delimiter to the innermost entity.
  private func deliver(_ piece: MIMELineReader.Piece, at start: Int) {
    let top = frames.count - 1
    switch frames[top].phase {
    case .headers(var block, var line, var size):
      line += piece.content.prefix(max(0, Self.largestHeaderLine - line.count))
      let before = size
      size += piece.content.count + piece.lineBreak.count
      if before <= Self.largestHeaderBlock, size > Self.largestHeaderBlock {
        events.append(.problem("a header block longer than \(Self.largestHeaderBlock) bytes: the fields after that were not read"))
      }
      guard piece.endsLine else {
        frames[top].phase = .headers(block: block, line: line, size: size)
        return
      }
      let lineStart = start + piece.content.count - line.count
      switch block.add(line: line[...], storing: size <= Self.largestHeaderBlock) {
      case .more:
        frames[top].phase = .headers(block: block, line: [], size: size)
      case .endsAfterThisLine:
        frames[top].bodyStart = start + piece.content.count + piece.lineBreak.count
        headersEnded(top, block.headers)
      case .endsBeforeThisLine:
        // The line is the body's first: read again by the entity it now belongs to.
        frames[top].bodyStart = lineStart
        headersEnded(top, block.headers)
        handle(MIMELineReader.Piece(content: line[...], lineBreak: piece.lineBreak, startsLine: true, endsLine: true), at: lineStart)
      }
    case .single(emits: true), .multipart(_, _, .unsplit, emits: true), .multipart(_, _, .unsplitForGood, emits: true):
      if piece.startsLine, !frames[top].pendingBreak.isEmpty {
        events.append(.bytes(frames[top].pendingBreak[...]))
        frames[top].pendingBreak = []
      }
      if !piece.content.isEmpty { events.append(.bytes(piece.content)) }
      if piece.endsLine { frames[top].pendingBreak = Array(piece.lineBreak) }
    default:
      break
    }
  }

  /// The header block of the innermost entity has ended: what it is decides how its body is read.
  private func headersEnded(_ index: Int, _ headers: MIMEHeaders) {
    var frame = frames[index]
    if frame.isMessage {
      let context = MessageWalk.context(of: headers, index: nextIndex)
      nextIndex += 1
      frame.context = context
      frame.unsubscribe = MessageWalk.unsubscribeURLs(of: headers)
    }
    let context = frame.context ?? MessageWalk.context(of: headers, index: 0)
    var entity = MIMEEntity(
      headers: headers, contentType: headers["Content-Type"].flatMap(ContentType.init) ?? frame.defaultType, body: [],
      content: .single)
    let type = entity.contentType
    func part(_ kind: StreamedPart.Kind) -> StreamedPart {
      StreamedPart(
        kind: kind, entity: entity, bodyStart: frame.bodyStart, context: context, unsubscribe: frame.unsubscribe,
        depth: frame.depth)
    }
    frame.phase = .single(emits: false)
    if (type.type == "multipart" || type.type == "message") && frame.depth >= MIMEEntity.maximumDepth {
      events.append(.problem(MessageWalk.tooDeep(in: context)))
      frame.phase = .ignored
    } else if type.type == "multipart" {
      entity.contentType = ContentType(type: "text", subtype: "plain", parameters: type.parameters)
      let reads = MessageWalk.TextPart(entity) != nil
      if reads { events.append(.partStart(part(.plain))) }
      if let boundary = type.parameters["boundary"] {
        frame.phase = .multipart(
          delimiter: Array(("--" + boundary).utf8), childDefault: type.subtype == "digest" ? .messageRFC822 : .textPlain,
          state: .unsplit, emits: reads)
      } else {
        // No boundary: the body is text, as Python's email reads it.
        frame.phase = .single(emits: reads)
      }
    } else if type.type == "message" && (type.subtype == "rfc822" || type.subtype == "global") {
      if entity.transferEncoding == "quoted-printable" || entity.transferEncoding == "base64" {
        events.append(.partStart(part(.encodedMessage)))
        frame.phase = .single(emits: true)
      } else {
        // The body is the enclosed message, read on as an entity of its own.
        frame = Frame(
          depth: frame.depth + 1, defaultType: .textPlain, isMessage: true, context: nil, unsubscribe: [],
          phase: Self.headerPhase, bodyStart: frame.bodyStart)
      }
    } else if let kind = MessageWalk.TextPart(entity) {
      events.append(.partStart(part(kind == .html ? .html : .plain)))
      frame.phase = .single(emits: true)
    }
    frames[index] = frame
  }

  /// Ends the innermost entity: at a delimiter of an enclosing multipart (its last line break
  /// is the delimiter's), or at the end of the input (the break is the body's).
  private func end(_ index: Int, atTheEnd: Bool) {
    // A header block cut short: the entity has an empty body (an enclosed message, one more).
    while case .headers(let block, _, _) = frames[index].phase {
      frames[index].bodyStart = offset
      headersEnded(index, block.headers)
    }
    switch frames[index].phase {
    case .single(emits: true), .multipart(_, _, .unsplit, emits: true), .multipart(_, _, .unsplitForGood, emits: true):
      if atTheEnd, !frames[index].pendingBreak.isEmpty { events.append(.bytes(frames[index].pendingBreak[...])) }
      events.append(.partEnd)
    default:
      break
    }
    frames.removeLast()
  }
}

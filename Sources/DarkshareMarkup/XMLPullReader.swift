internal import CLibXML2

/// Streams the element start tags of an XML document pulled a chunk at a time, with libxml2's
/// `xmlTextReader` over an I/O callback, so a backup of gigabytes is read in constant memory.
///
/// The parse options are ``XMLStreamReader``'s: no network, no DTD, no entity substitution,
/// nothing printed. Nothing of libxml2 leaves this type: elements are ``XMLElementEvent`` values.
///
/// libxml2's reader parses ahead and, when it meets an error, drops the elements it parsed but
/// had not handed over. So the reader keeps the lines from the last element it delivered on
/// (``LineWindow``), and after an error at line *L* parses those lines up to *L* again on their
/// own and delivers the elements it had not; only elements on line *L* itself are lost.
public final class XMLPullReader {
  /// Supplies the document's next bytes, at most the count asked for: an empty array at the end,
  /// nil when the bytes cannot be read (the supplier keeps the reason).
  public typealias Supply = (Int) -> [UInt8]?

  private let input: Input
  private let attributes: XMLAttributeSelection
  private let errors = XMLStreamReader.ErrorSink()
  private var reader: OpaquePointer?
  /// Elements recovered after an error, still to be handed over.
  private var recovered: [XMLElementEvent] = []
  private var lastLine = 1
  private var deliveredOnLastLine = 0
  private var finished = false
  /// Whether the root element has ended (anything after it is extra content, not truncation).
  private var rootClosed = false

  /// Why the document stopped being read, once ``next()`` has returned nil; nil for a
  /// document read to its end.
  public private(set) var error: XMLStreamError?

  /// - Parameters:
  ///   - attributes: the attributes copied into Swift.
  ///   - supply: the document's bytes, pulled as the parse needs them.
  public init(attributes: XMLAttributeSelection = .all, supply: @escaping Supply) {
    _ = libXML2Initialized
    input = Input(supply: supply)
    self.attributes = attributes
    let context = Unmanaged.passUnretained(input).toOpaque()
    reader = xmlReaderForIO(
      { context, buffer, length in
        guard let context, let buffer else { return -1 }
        return Unmanaged<Input>.fromOpaque(context).takeUnretainedValue().fill(buffer, Int(length))
      }, nil, context, nil, nil, XMLParseOptions.safe.rawValue)
    if let reader { errors.capture(reader) }
  }

  deinit {
    if let reader { xmlFreeTextReader(reader) }
  }

  /// The next element start, or nil at the end of the document or after an error (then
  /// ``error`` says why).
  public func next() -> XMLElementEvent? {
    if !recovered.isEmpty { return recovered.removeFirst() }
    guard !finished else { return nil }
    guard let reader else {
      finish(XMLStreamError(message: "libxml2 cannot create a reader", line: 1))
      return nil
    }
    while true {
      let status = xmlTextReaderRead(reader)
      if status != 1 {
        if status == 0, errors.first == nil, !input.failed {
          finish(input.isEmptyDocument ? XMLStreamError(message: "the document is empty", line: 1) : nil)
          return nil
        }
        var failure =
          input.failed
          ? XMLStreamError(message: "the document could not be read to its end", line: input.window.lastLine)
          : errors.first
            ?? XMLStreamError(message: "the document is not well-formed XML", line: Int(xmlTextReaderGetParserLineNumber(reader)))
        // libxml2 words a file cut off inside its root element as "Extra content at the end of
        // the document"; say what happened.
        if input.ended, !rootClosed, failure.line >= input.window.lastLine {
          failure.message = "the document ends before its root element is closed (truncated?)"
        }
        recover(before: failure.line)
        finish(failure)
        return recovered.isEmpty ? nil : recovered.removeFirst()
      }
      if xmlTextReaderDepth(reader) == 0 {
        let type = xmlTextReaderNodeType(reader)
        if type == Int32(XML_READER_TYPE_END_ELEMENT.rawValue)
          || (type == Int32(XML_READER_TYPE_ELEMENT.rawValue) && xmlTextReaderIsEmptyElement(reader) == 1)
        {
          rootClosed = true
        }
      }
      guard let event = XMLStreamReader.element(at: reader, attributes: attributes) else { continue }
      if event.line != lastLine {
        input.window.discard(before: event.line)
        lastLine = event.line
        deliveredOnLastLine = 0
      }
      deliveredOnLastLine += 1
      return event
    }
  }

  private func finish(_ error: XMLStreamError?) {
    self.error = error
    finished = true
    if let reader { xmlFreeTextReader(reader) }
    reader = nil
  }

  /// Parses the lines from the last delivered element up to `line` again, under a stand-in
  /// root, and keeps the elements that were not delivered.
  private func recover(before line: Int) {
    guard line > lastLine, let lines = input.window.bytes(fromLine: lastLine, upToLine: line) else { return }
    // Nothing delivered yet: the lines are the document's start, prolog included.
    let standIn = lastLine == 1 && deliveredOnLastLine == 0 ? [] : Array("<darkshare-recovery>".utf8)
    var skip = deliveredOnLastLine + (standIn.isEmpty ? 0 : 1)
    let offset = lastLine - 1
    var delivered = 0
    _ = XMLStreamReader.stream((standIn + lines)[...], attributes: attributes, skip: 0, delivered: &delivered) { event in
      if skip > 0 {
        skip -= 1
        return
      }
      var event = event
      event.line += offset
      recovered.append(event)
    }
  }

  /// The document's bytes as libxml2 pulls them, with the lines not yet consumed.
  private final class Input {
    let supply: Supply
    var pending: [UInt8] = []
    var pendingOffset = 0
    var window = LineWindow()
    var failed = false
    var ended = false
    var bytesRead = 0

    init(supply: @escaping Supply) { self.supply = supply }

    var isEmptyDocument: Bool { bytesRead == 0 }

    /// Copies up to `length` bytes into libxml2's `buffer`; 0 at the end, -1 on a read error.
    func fill(_ buffer: UnsafeMutablePointer<CChar>, _ length: Int) -> Int32 {
      if pendingOffset == pending.count {
        guard !ended, !failed else { return failed ? -1 : 0 }
        guard let chunk = supply(max(length, 64 * 1024)) else {
          failed = true
          return -1
        }
        if chunk.isEmpty {
          ended = true
          return 0
        }
        pending = chunk
        pendingOffset = 0
        window.append(chunk)
        bytesRead += chunk.count
      }
      let count = min(length, pending.count - pendingOffset)
      pending.withUnsafeBufferPointer { source in
        UnsafeMutableRawPointer(buffer).copyMemory(from: source.baseAddress! + pendingOffset, byteCount: count)
      }
      pendingOffset += count
      return Int32(count)
    }
  }
}

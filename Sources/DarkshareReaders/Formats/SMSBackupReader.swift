import DarkshareCore
import DarkshareMarkup

/// Reads an "SMS Backup & Restore" XML backup (root `<smses>`; also the same format written by
/// Silence/SMSSecure and converters).
///
/// Each `<sms>` and `<mms>` is a message, a ``MessageContext`` with `index` counting them in
/// document order from 0, `from` the `contact_name` (or the `address` when the name is missing,
/// `null` or `(Unknown)`), `date` the `date` attribute (Java epoch milliseconds) in ISO 8601,
/// UTC (`2026-03-14T09:26:53+00:00`: the backup does not record the phone's time zone, and
/// `readable_date` is spelt in the phone's locale), or `readable_date` as written when `date`
/// is missing or not a number (see ``MessageDate``). Links are found with
/// ``PlainTextLinkDetector`` in an sms `body` and in the `text` of an mms `<part ct="text/plain">`
/// (SMIL layout parts and base64 `data` are not message text; only the attributes read are copied
/// out of libxml2). The channel is ``Channel/sms``.
///
/// Position: the line is the element's line in the file (where its start tag ends; backups write
/// one element a line). The column is that of the URL in the raw line, found by searching the line
/// for the URL as XML-escaped (`&` → `&amp;`), forward from the previous link of the same line; a
/// URL written with other character references cannot be found and gets column 1.
///
/// The XML is streamed by ``XMLPullReader`` (no network, no DTD, no entity substitution) and
/// handed over a few hundred messages at a time, so memory does not grow with the backup. The
/// surrogate-pair character references some Android writers emit for emoji are joined on the way
/// (``SurrogatePairRepair``). A document that is still not well-formed (truncated, say) yields
/// the links read before the error and a problem naming libxml2's message and line. A backup
/// written in UTF-16 (with a byte-order mark) is decoded to UTF-8 on the way. Each chunk
/// is checked against ``MarkupBudget/xml`` (1,000 attributes on an element, 256 levels, 10 MB
/// in a value) before libxml2 sees it; past a limit, reading stops with a problem naming the
/// line, and the links before it are kept.
public struct SMSBackupReader: StreamingInputReader {
  public static let format = "sms-backup"

  public init() {}

  /// Claims an `.xml` file, or an input named without an extension (standard input), with an
  /// `<smses` root in its first KiB.
  public static func accepts(path: String, head: ArraySlice<UInt8>) -> Bool {
    guard InputName.hasExtension(path, ".xml") || InputName.hasNoExtension(path) else { return false }
    let marker = Array("<smses".utf8)
    // A UTF-16 backup (with its byte-order mark) is looked at as UTF-8.
    var window = Array(head.prefix(1024))
    if let isBigEndian = UTF16Decoder.byteOrder(of: window) {
      var decoder = UTF16Decoder(isBigEndian: isBigEndian)
      window = decoder.decode(Array(window.dropFirst(2)), isLast: true)
    }
    guard window.count >= marker.count else { return false }
    return (0...(window.count - marker.count)).contains { window[$0..<$0 + marker.count].elementsEqual(marker) }
  }

  public func messages(from source: any ByteSource, file: String) throws(ReaderError) -> any MessageStream {
    let peeked = try PeekedByteSource(source, peeking: 8192)
    if peeked.head.isEmpty { throw ReaderError("not an SMS backup: the file is empty") }
    if let problem = BinarySniffer.problem(in: peeked.head, expected: "an SMS backup") { throw ReaderError(problem) }
    return SMSBackupMessages(source: peeked, file: file)
  }

  /// A message's context from its attributes; `null` (the format's missing value) counts as absent.
  fileprivate static func context(_ attributes: XMLAttributes, index: Int) -> MessageContext {
    func value(_ key: String) -> String? {
      guard let value = attributes[key], !value.isEmpty, value != "null" else { return nil }
      return value
    }
    let name = value("contact_name").flatMap { $0 == "(Unknown)" ? nil : $0 }
    let date = value("date").flatMap(MessageDate.fromEpochMilliseconds) ?? value("readable_date") ?? value("date")
    return MessageContext(index: index, date: date, from: name ?? value("address"))
  }
}

/// The messages of one SMS backup, pulled from libxml2's reader a batch at a time.
private final class SMSBackupMessages: MessageStream {
  /// The attributes the reader uses; the others (a dozen per message, base64 media in `data`)
  /// are never copied out of libxml2.
  private static let attributes = XMLAttributeSelection.only(["body", "address", "contact_name", "date", "readable_date", "ct", "text"])
  /// A batch is handed over once it holds this many messages.
  private static let messagesPerBatch = 256

  private let file: String
  private let feed: Feed
  private let xml: XMLPullReader
  private var mms: MessageContext?
  private var nextIndex = 0
  private var sawRoot = false
  private var finished = false
  /// A message start read while the batch was already full: it opens the next batch.
  private var held: XMLElementEvent?
  /// Where the previous link of the same line was found (byte offset from the line's start
  /// and 1-based column), so the links of one line are found in order.
  private var searchFrom: (line: Int, offset: Int, column: Int) = (0, 0, 1)

  init(source: any ByteSource, file: String) {
    self.file = file
    let feed = Feed(source: source)
    self.feed = feed
    xml = XMLPullReader(attributes: Self.attributes) { count in feed.next(count) }
  }

  func next() -> MessageBatch? {
    guard !finished else { return nil }
    var batch = MessageBatch(links: [], messages: 0)
    while true {
      guard let element = held ?? xml.next() else {
        finished = true
        batch.problem = problem()
        return batch
      }
      held = nil
      feed.window.discard(before: element.line)
      let startsMessage = element.name == "sms" || element.name == "mms"
      if startsMessage, batch.messages >= Self.messagesPerBatch {
        held = element
        return batch
      }
      if !sawRoot {
        guard element.name == "smses" else {
          finished = true
          return MessageBatch(links: [], messages: 0, problem: ReaderError("not an SMS backup: the root element is <\(element.name)>, not <smses>"))
        }
        sawRoot = true
        continue
      }
      let attributes = element.attributes
      switch element.name {
      case "sms":
        let context = SMSBackupReader.context(attributes, index: nextIndex)
        nextIndex += 1
        batch.messages += 1
        mms = nil
        if let body = attributes["body"] { batch.links += links(in: body, line: element.line, context: context) }
      case "mms":
        mms = SMSBackupReader.context(attributes, index: nextIndex)
        nextIndex += 1
        batch.messages += 1
      case "part":
        guard let context = mms, attributes["ct"]?.lowercased() == "text/plain", let text = attributes["text"] else { continue }
        batch.links += links(in: text, line: element.line, context: context)
      default:
        continue
      }
    }
  }

  /// Why the backup stopped being read, once the XML reader is done.
  private func problem() -> ReaderError? {
    if let failure = feed.failure { return failure }
    guard let error = xml.error else {
      return sawRoot ? nil : ReaderError("not an SMS backup: no <smses> root element")
    }
    if !sawRoot { return ReaderError("not a valid SMS backup: the XML cannot be parsed (\(error))") }
    return ReaderError("the SMS backup is not well-formed XML; read up to the error at \(error)")
  }

  private func links(in text: String, line: Int, context: MessageContext) -> [Link] {
    PlainTextLinkDetector.links(in: text).map { found in
      Link(
        url: found.url, location: SourceLocation(file: file, line: line, column: column(of: found.url, line: line)),
        text: nil, element: "text", channel: .sms, message: context)
    }
  }

  /// The column of `url` in the raw line: the line is searched for the URL as XML-escaped,
  /// forward from the previous link of the same line; 1 when it cannot be found.
  private func column(of url: String, line: Int) -> Int {
    guard let bytes = feed.window.line(line) else { return 1 }
    if searchFrom.line != line { searchFrom = (line, 0, 1) }
    let start = bytes.startIndex + searchFrom.offset
    guard let hit = bytes.firstIndex(ofBytes: Self.escaped(url), from: start) else { return 1 }
    let column = searchFrom.column + bytes[start..<hit].reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
    searchFrom = (line, hit - bytes.startIndex, column)
    return column
  }

  /// The URL's bytes as the backup writes them in an attribute (`&`, `<`, `"` escaped).
  private static func escaped(_ url: String) -> [UInt8] {
    // Most URLs hold none of the three: their bytes are copied as they are.
    guard url.containsUTF8Byte(where: { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: "\"") })
    else { return Array(url.utf8) }
    var bytes = [UInt8]()
    bytes.reserveCapacity(url.utf8.count + 16)
    for byte in url.utf8 {
      switch byte {
      case UInt8(ascii: "&"): bytes.append(contentsOf: ampersand)
      case UInt8(ascii: "<"): bytes.append(contentsOf: lessThan)
      case UInt8(ascii: "\""): bytes.append(contentsOf: quote)
      default: bytes.append(byte)
      }
    }
    return bytes
  }

  private static let ampersand = Array("&amp;".utf8)
  private static let lessThan = Array("&lt;".utf8)
  private static let quote = Array("&quot;".utf8)

  /// The backup's bytes on their way to libxml2: the raw lines are kept for columns, and emoji
  /// surrogate-pair references are joined (line breaks untouched, so lines are the file's).
  private final class Feed {
    let source: any ByteSource
    var window = LineWindow()
    var repair = SurrogatePairRepair.Chunked()
    /// The markup limits, checked on each chunk before libxml2 sees it.
    var budget = MarkupBudgetScanner(budget: .xml, dialect: .xml)
    var failure: ReaderError?
    private var ended = false

    /// For a UTF-16 backup: the decoder to UTF-8, and whether the first chunk is still to come.
    private var utf16: UTF16Decoder?
    private var isFirst = true

    init(source: any ByteSource) {
      self.source = source
      if let head = (source as? PeekedByteSource)?.head, let isBigEndian = UTF16Decoder.byteOrder(of: head) {
        utf16 = UTF16Decoder(isBigEndian: isBigEndian)
      }
    }

    func next(_ count: Int) -> [UInt8]? {
      while !ended {
        do {
          var chunk = try source.read(upTo: count)
          ended = chunk.isEmpty
          if var decoder = utf16 {
            // UTF-16 is read as UTF-8 from here on: columns, repairs, the budget and libxml2
            // all see UTF-8, and the declaration says so.
            if isFirst { chunk = Array(chunk.dropFirst(2)) }
            chunk = decoder.decode(chunk, isLast: ended)
            if isFirst { chunk = UTF16Decoder.relabelledDeclaration(chunk) }
            utf16 = decoder
          }
          isFirst = false
          window.append(chunk)
          let repaired = repair.repair(chunk, isLast: ended)
          if let violation = budget.feed(repaired) {
            failure = ReaderError("the SMS backup is not read past \(violation)")
            return nil
          }
          if !repaired.isEmpty { return repaired }
        } catch {
          failure = error
          return nil
        }
      }
      return []
    }
  }
}

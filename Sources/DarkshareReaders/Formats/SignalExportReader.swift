import DarkshareCore

/// Reads a Signal Desktop conversation exported by carderne/signal-export (`sigexport`): the
/// `chat.md` it writes in each conversation's folder.
///
/// A message starts with a header line, `[2021-08-15 12:34:56] Alice: text` (older versions:
/// `[2019-12-24, 12:23] Jane Doe: text`, see ``SignalMessageHeader``); lines that are no header
/// continue it (multi-line messages, `(- Bob: 👍 -)` reactions). A reply is written as the
/// header with no text, a blank line, the quoted message as `> ` lines, a blank line and the
/// reply:
///
/// ```
/// [2021-08-15 12:40:00] Bob: 
///
/// > see https://shop.example/sale
///
/// thanks!
/// ```
///
/// The quoted lines are a copy of an earlier message, whose links count where that message is;
/// they are not read again (a quote of a message older than the export is therefore not read).
/// Markdown links (``SignalMarkdownLink``) to files of the export (`![photo.jpg](./media/…)`,
/// stickers) are attachments, not links; one with a URL target (`[the sale](https://…)`) is a
/// link with its text. Other links are found with ``PlainTextLinkDetector``, line by line.
///
/// Each message is a ``MessageContext``: `index` counts messages from 0, `from` is the sender
/// (`Me` for the exporting user), `date` the header's local date and time as written (the export
/// has no zone). A link's line and column are 1-based, in Unicode scalars, in the file. The
/// channel is ``Channel/chat``. The `data.json` and `index.html` `sigexport` writes beside
/// `chat.md` hold the same messages and are not read.
///
/// - Complexity: O(*n*) in the file's length; read a line at a time (``ChatLineReader``), so
///   memory follows the longest line and a batch of messages, not the export.
public struct SignalExportReader: StreamingInputReader {
  public static let format = "signal"

  public init() {}

  /// Claims a file whose first non-blank line is a message header and which is named `chat.md`
  /// (any folder) or, renamed, shows in its head what only `sigexport` writes: a reaction line
  /// `(- Name: 👍 -)` or an attachment link into `./media/` or `../exported_stickers/`. A header
  /// alone is not enough: a WhatsApp export in a locale that writes ISO dates looks the same.
  public static func accepts(path: String, head: ArraySlice<UInt8>) -> Bool {
    var start = head.startIndex
    if head[start...].starts(with: [0xEF, 0xBB, 0xBF]) { start += 3 }
    while start < head.endIndex, head[start] == 0x0A || head[start] == 0x0D { start += 1 }
    let end = head[start...].firstIndex { $0 == 0x0A || $0 == 0x0D } ?? head.endIndex
    guard SignalMessageHeader.parse(head[start..<end]) != nil else { return false }
    // The header first: it is cheap and fails for almost every input sniffed.
    let name = path.split(separator: "/").last.map { $0.lowercased() } ?? ""
    return name == "chat.md" || hasExportMarker(head)
  }

  /// Whether `head` holds a line only `sigexport` writes: a reaction `(- Name: x -)` or a
  /// Markdown link to an exported attachment or sticker.
  private static func hasExportMarker(_ head: ArraySlice<UInt8>) -> Bool {
    if head.firstRange(of: Array("](./media/".utf8)) != nil || head.firstRange(of: Array("](../exported_stickers/".utf8)) != nil {
      return true
    }
    return head.split(omittingEmptySubsequences: true) { $0 == 0x0A || $0 == 0x0D }.contains { line in
      line.starts(with: Array("(- ".utf8)) && line.reversed().drop { $0 == 0x20 }.starts(with: Array(")- ".utf8))
    }
  }

  public func messages(from source: any ByteSource, file: String) throws(ReaderError) -> any MessageStream {
    let peeked = try PeekedByteSource(source, peeking: BinarySniffer.sniffedBytes)
    if let problem = BinarySniffer.problem(in: peeked.head, expected: "a Signal export") { throw ReaderError(problem) }
    return SignalMessages(lines: ChatLineReader(peeked), file: file)
  }

  /// Where a reply's quote stands while its lines are read.
  fileprivate enum QuoteState {
    /// Not in a quote.
    case none
    /// After a header with no text: a blank line may follow, then the quote.
    case gapBefore
    /// After that blank line: `> ` lines are the quote.
    case quoteNext
    /// Inside the quote; the blank line after it ends it.
    case inQuote
  }

  /// The links in `body`, the text of one line from its message's text on.
  fileprivate static func links(
    in body: ArraySlice<UInt8>, lineStart: Int, bytes: [UInt8], lineNumber: Int, file: String, message: MessageContext
  ) -> [Link] {
    // Columns are counted by decoding the text between ASCII positions (the body's start, a
    // target's parentheses) in order, so a line of many links is decoded once.
    var counted = lineStart
    var scalars = 0
    func column(_ index: Int) -> Int {
      scalars += String(decoding: bytes[counted..<index], as: UTF8.self).unicodeScalars.count
      counted = index
      return scalars + 1
    }
    func link(_ url: String, text: String?, column: Int, endColumn: Int) -> Link {
      Link(
        url: url, location: SourceLocation(file: file, line: lineNumber, column: column), text: text, element: "text",
        channel: .chat, urlEnd: TextPosition(line: lineNumber, column: endColumn), message: message)
    }
    var found = [Link]()
    let offset = column(body.startIndex) - 1
    let markdown = SignalMarkdownLink.all(in: body)
    for each in markdown where SignalMarkdownLink.isOutbound(bytes[each.target]) {
      let url = String(decoding: bytes[each.target], as: UTF8.self)
      found.append(
        link(url, text: String(decoding: bytes[each.text], as: UTF8.self), column: column(each.target.lowerBound),
          endColumn: column(each.target.upperBound)))
    }
    // The rest of the text, with every Markdown link blanked out one space per scalar, so
    // columns stay where they are and an attachment's file name is never taken for a domain.
    var text = [UInt8]()
    if markdown.isEmpty {
      text = Array(body)
    } else {
      text.reserveCapacity(body.count)
      var blanked = markdown.makeIterator()
      var current = blanked.next()
      for index in body.indices {
        while let span = current?.span, index >= span.upperBound { current = blanked.next() }
        if let span = current?.span, span.contains(index) {
          if bytes[index] & 0xC0 != 0x80 { text.append(UInt8(ascii: " ")) }
        } else {
          text.append(bytes[index])
        }
      }
    }
    for each in PlainTextLinkDetector.links(in: String(decoding: text, as: UTF8.self)) {
      found.append(link(each.url, text: nil, column: offset + each.column, endColumn: offset + each.endColumn))
    }
    return found.sorted { $0.location.column < $1.location.column }
  }
}

/// The messages of one Signal export, read a line at a time and handed over in batches of whole
/// messages.
private final class SignalMessages: MessageStream {
  /// A batch is handed over once it holds this many messages.
  private static let messagesPerBatch = 256

  private let lines: ChatLineReader
  private let file: String
  private var context: MessageContext?
  private var quote = SignalExportReader.QuoteState.none
  private var lineNumber = 0
  /// A header line read that starts the next batch, with its header.
  private var heldLine: (bytes: [UInt8], header: SignalMessageHeader)?
  private var isDone = false

  init(lines: ChatLineReader, file: String) {
    self.lines = lines
    self.file = file
  }

  func next() -> MessageBatch? {
    guard !isDone else { return nil }
    var links = [Link]()
    var messages = 0
    if let held = heldLine {
      heldLine = nil
      messages += 1
      read(held.bytes, header: held.header, into: &links)
    }
    while let slice = lines.next() {
      lineNumber += 1
      let line = Array(slice)
      if let header = SignalMessageHeader.parse(line[...]) {
        if messages >= Self.messagesPerBatch {
          // The line number stays counted: the held line keeps it when it is taken up.
          heldLine = (line, header)
          return MessageBatch(links: links, messages: messages)
        }
        messages += 1
        read(line, header: header, into: &links)
        continue
      }
      let isBlank = line.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
      guard context != nil else {
        if isBlank { continue }
        isDone = true
        let problem = "not a Signal export: line \(lineNumber) comes before any message header `[YYYY-MM-DD HH:MM:SS] Name: text`"
        return MessageBatch(links: links, messages: messages, problem: ReaderError(problem))
      }
      switch quote {
      case .gapBefore: quote = isBlank ? .quoteNext : .none
      case .quoteNext, .inQuote: quote = line.first == UInt8(ascii: ">") ? .inQuote : .none
      case .none: break
      }
      if quote == .none { scan(line, bodyStart: 0, into: &links) }
    }
    isDone = true
    var problem = lines.error.map { ReaderError("the export breaks off after line \(lineNumber): \($0.message)") }
    if context == nil, problem == nil { problem = ReaderError("not a Signal export: the file holds no message") }
    if links.isEmpty, messages == 0, problem == nil { return nil }
    return MessageBatch(links: links, messages: messages, problem: problem)
  }

  /// Starts the message `header` opens, and reads the text on its line.
  private func read(_ line: [UInt8], header: SignalMessageHeader, into links: inout [Link]) {
    context = MessageContext(index: (context?.index ?? -1) + 1, date: header.date, from: header.from)
    let isEmpty = line[header.bodyStart...].allSatisfy { $0 == UInt8(ascii: " ") }
    quote = isEmpty ? .gapBefore : .none
    scan(line, bodyStart: header.bodyStart, into: &links)
  }

  /// The links of `line` from `bodyStart` on, in the current message.
  private func scan(_ line: [UInt8], bodyStart: Int, into links: inout [Link]) {
    guard let message = context, line[bodyStart...].contains(UInt8(ascii: ".")) || line[bodyStart...].contains(UInt8(ascii: ":"))
    else { return }
    links += SignalExportReader.links(
      in: line[bodyStart...], lineStart: 0, bytes: line, lineNumber: lineNumber, file: file, message: message)
  }
}

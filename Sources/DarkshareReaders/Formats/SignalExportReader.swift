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
/// - Complexity: O(*n*) in the file's length; only one line is held as a `String` at a time.
public struct SignalExportReader: InputReader {
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

  public func links(in bytes: [UInt8], file: String) throws(ReaderError) -> [Link] {
    if let problem = BinarySniffer.problem(in: bytes, expected: "a Signal export") { throw ReaderError(problem) }
    var links = [Link]()
    var context: MessageContext? = nil
    var quote = QuoteState.none
    var lineNumber = 0
    var position = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    while position < bytes.count {
      var end = position
      while end < bytes.count, bytes[end] != 0x0A, bytes[end] != 0x0D { end += 1 }
      lineNumber += 1
      let line = bytes[position..<end]
      var next = end
      if next < bytes.count {
        next += (bytes[next] == 0x0D && next + 1 < bytes.count && bytes[next + 1] == 0x0A) ? 2 : 1
      }
      position = next
      var bodyStart = line.startIndex
      if let header = SignalMessageHeader.parse(line) {
        context = MessageContext(index: (context?.index ?? -1) + 1, date: header.date, from: header.from)
        bodyStart = header.bodyStart
        let isEmpty = line[bodyStart...].allSatisfy { $0 == UInt8(ascii: " ") }
        quote = isEmpty ? .gapBefore : .none
      } else if context == nil {
        if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) { continue }
        throw ReaderError("not a Signal export: line \(lineNumber) comes before any message header `[YYYY-MM-DD HH:MM:SS] Name: text`")
      } else {
        let isBlank = line.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        let isQuoted = line.first == UInt8(ascii: ">")
        switch quote {
        case .gapBefore: quote = isBlank ? .quoteNext : .none
        case .quoteNext, .inQuote: quote = isQuoted ? .inQuote : .none
        case .none: break
        }
        if quote != .none { continue }
      }
      guard let message = context, line[bodyStart...].contains(UInt8(ascii: ".")) || line[bodyStart...].contains(UInt8(ascii: ":"))
      else { continue }
      links += Self.links(in: line[bodyStart...], lineStart: line.startIndex, bytes: bytes, lineNumber: lineNumber, file: file, message: message)
    }
    guard context != nil else { throw ReaderError("not a Signal export: the file holds no message") }
    return links
  }

  /// Where a reply's quote stands while its lines are read.
  private enum QuoteState {
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
  private static func links(
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

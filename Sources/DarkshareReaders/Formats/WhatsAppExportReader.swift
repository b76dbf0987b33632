import DarkshareCore

/// Reads a WhatsApp "Export chat" text file, Android and iOS layouts.
///
/// A message starts with a header line, in the phone's locale:
/// Android `12/31/24, 9:41 PM - Name: text` (also `31.12.24, 21:41 - …`, `2019/01/01, 11:25 - …`,
/// `a. m.`/`p. m.`), iOS `[31/12/2024, 21:41:05] Name: text`. Lines that are no header continue
/// the previous message. A header without `Name:` is a system line (encryption notice, group
/// changes); its links still count, with no sender. The U+200E/U+200F marks iOS puts before system
/// lines, attachments and inside them, the BOM, and the narrow/no-break spaces before AM/PM are
/// ignored when matching headers; U+200E/U+200F are read as spaces by link detection, so a mark
/// glued to a URL does not become part of it. Media placeholders (`<Media omitted>`, `image
/// omitted`, `<attached: …>`) are ordinary text with no link in them.
///
/// Each message is a ``MessageContext``: `index` counts messages from 0, `from` is the sender,
/// `date` the header's date and time as written (`12/31/24, 9:41 PM`; the locale decides what
/// they mean, so they are not parsed). Links are found line by line with
/// ``PlainTextLinkDetector`` (URLs never span lines), at their 1-based line and column (Unicode
/// scalars) in the file. The channel is ``Channel/chat``.
///
/// The file is streamed: messages are handed out in batches as they are read, so memory follows
/// the longest line, not the file.
///
/// - Complexity: O(*n*) in the file's length; only one line is held as a `String` at a time.
public struct WhatsAppExportReader: StreamingInputReader {
  public static let format = "whatsapp"

  public init() {}

  public static func accepts(path: String, head: ArraySlice<UInt8>) -> Bool {
    let lowered = path.lowercased()
    for other in [".html", ".htm", ".eml", ".json", ".csv"] where lowered.hasSuffix(other) { return false }
    // The first non-blank line must be a message header.
    var start = head.startIndex
    if head[start...].starts(with: [0xEF, 0xBB, 0xBF]) { start += 3 }
    while start < head.endIndex, head[start] == 0x0A || head[start] == 0x0D { start += 1 }
    let end = head[start...].firstIndex { $0 == 0x0A || $0 == 0x0D } ?? head.endIndex
    let line = Array(String(decoding: head[start..<end], as: UTF8.self).unicodeScalars)
    return header(in: line) != nil
  }

  public func messages(from source: any ByteSource, file: String) throws(ReaderError) -> any MessageStream {
    let peeked = try PeekedByteSource(source, peeking: BinarySniffer.sniffedBytes)
    if let problem = BinarySniffer.problem(in: peeked.head, expected: "a WhatsApp chat export") { throw ReaderError(problem) }
    return WhatsAppMessages(lines: ChatLineReader(peeked), file: file)
  }

  /// A parsed message header: the date as written, the sender (nil for a system line) and the
  /// scalar offset where the message text starts.
  struct Header: Equatable {
    var date: String
    var from: String?
    var bodyStart: Int
  }

  private static func isMark(_ s: Unicode.Scalar) -> Bool {
    s == "\u{200E}" || s == "\u{200F}" || s == "\u{FEFF}"
  }

  private static func isSpace(_ s: Unicode.Scalar) -> Bool {
    s == " " || s == "\u{00A0}" || s == "\u{202F}" || s == "\u{2009}" || s == "\t"
  }

  private static func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 0x30 && s.value <= 0x39 }

  /// The header at the start of `line`, or nil when the line continues a message.
  static func header(in line: [Unicode.Scalar]) -> Header? {
    var i = 0
    let n = line.count
    while i < n, isMark(line[i]) { i += 1 }
    var bracketed = false
    if i < n, line[i] == "[" { bracketed = true; i += 1 }
    let dateStart = i
    func digits(_ minimum: Int, _ maximum: Int) -> Bool {
      var count = 0
      while i < n, isDigit(line[i]), count < maximum { i += 1; count += 1 }
      return count >= minimum && !(i < n && isDigit(line[i]))
    }
    // Date: three numbers separated by `/`, `.` or `-` (spaces allowed after a dot: `13. 6. 2018.`).
    guard digits(1, 4) else { return nil }
    for _ in 0..<2 {
      guard i < n, line[i] == "/" || line[i] == "." || line[i] == "-" else { return nil }
      i += 1
      while i < n, isSpace(line[i]) { i += 1 }
      guard digits(1, 4) else { return nil }
    }
    if i < n, line[i] == "." { i += 1 }
    if i < n, line[i] == "," { i += 1 }
    while i < n, isSpace(line[i]) { i += 1 }
    // Time: H:MM or H:MM:SS, optionally the Finnish `klo` before it.
    if i + 3 < n, line[i] == "k", line[i + 1] == "l", line[i + 2] == "o", isSpace(line[i + 3]) { i += 4 }
    guard digits(1, 2), i < n, line[i] == ":" || line[i] == "." else { return nil }
    i += 1
    guard digits(2, 2) else { return nil }
    if i < n, line[i] == ":" || line[i] == "." , i + 1 < n, isDigit(line[i + 1]) {
      i += 1
      guard digits(2, 2) else { return nil }
    }
    var timeEnd = i
    // AM/PM marker: letters and dots, possibly with spaces (`a. m.`, `p.m.`, `PM`).
    var j = i
    while j < n, isSpace(line[j]) { j += 1 }
    var markerEnd = j
    var k = j
    while k < n, line[k].properties.isAlphabetic || line[k] == "." || (line[k] == " " && k > j && line[k - 1] == ".") {
      k += 1
      if line[k - 1] != " " { markerEnd = k }
    }
    let marker = String(String.UnicodeScalarView(line[j..<markerEnd])).lowercased().filter { $0 != "." && $0 != " " }
    if ["am", "pm", "vorm", "nachm", "de", "du", "μμ", "πμ"].contains(marker) {
      i = markerEnd
      timeEnd = markerEnd
    }
    let date = String(String.UnicodeScalarView(line[dateStart..<timeEnd]))
    if bracketed {
      guard i < n, line[i] == "]" else { return nil }
      i += 1
      while i < n, isSpace(line[i]) || isMark(line[i]) { i += 1 }
    } else {
      while i < n, isSpace(line[i]) { i += 1 }
      guard i < n, line[i] == "-" || line[i] == "\u{2013}" else { return nil }
      i += 1
      while i < n, isSpace(line[i]) || isMark(line[i]) { i += 1 }
    }
    // `Name: text`; no colon means a system line. Names may hold spaces, `+`, emoji.
    guard let colon = line[i...].firstIndex(of: ":"), !(colon + 2 < n && line[colon + 1] == "/" && line[colon + 2] == "/")
    else {
      return Header(date: date, from: nil, bodyStart: i)
    }
    let name = String(String.UnicodeScalarView(line[i..<colon].filter { !isMark($0) }))
    var body = colon + 1
    if body < n, line[body] == " " { body += 1 }
    return Header(date: date, from: name, bodyStart: body)
  }
}

/// The messages of one WhatsApp export, read line by line and handed out a batch at a time.
/// A batch ends only where a header starts the next message, so a message is never split.
private final class WhatsAppMessages: MessageStream {
  /// A batch is handed over once it holds this many messages.
  private static let messagesPerBatch = 256

  private let lines: ChatLineReader
  private let file: String
  private var context: MessageContext? = nil
  private var nextIndex = 0
  private var lineNumber = 0
  /// A header line read that starts the next batch.
  private var heldLine: (bytes: ArraySlice<UInt8>, header: WhatsAppExportReader.Header)?
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
      startMessage(held.header)
      messages += 1
      scan(held.bytes, bodyStart: held.header.bodyStart, into: &links)
    }
    while let lineBytes = lines.next() {
      lineNumber += 1
      // A line with no dot holds no link and cannot be a header only if it has no digit; cheap skip.
      let mayHoldLink = lineBytes.contains(0x2E)
      let mayBeHeader = lineBytes.first.map { $0 == UInt8(ascii: "[") || ($0 >= 0x30 && $0 <= 0x39) || $0 >= 0x80 } ?? false
      guard mayHoldLink || mayBeHeader else { continue }
      var bodyStart = 0
      if mayBeHeader, let found = WhatsAppExportReader.header(in: Self.headerScalars(of: lineBytes)) {
        if messages >= Self.messagesPerBatch {
          // The line number stays counted: the held line keeps it when it is taken up.
          heldLine = (lineBytes, found)
          return MessageBatch(links: links, messages: messages)
        }
        startMessage(found)
        messages += 1
        bodyStart = found.bodyStart
      } else if context == nil, mayHoldLink {
        // Text before the first header: a message of its own, with no sender.
        context = MessageContext(index: nextIndex)
        nextIndex += 1
        messages += 1
      }
      if mayHoldLink { scan(lineBytes, bodyStart: bodyStart, into: &links) }
    }
    isDone = true
    let problem = lines.error.map { ReaderError("the export breaks off after line \(lineNumber): \($0.message)") }
    if links.isEmpty, messages == 0, problem == nil { return nil }
    return MessageBatch(links: links, messages: messages, problem: problem)
  }

  /// The scalars a header is looked for in: a line's first ``headerBytes`` bytes. A header
  /// (date, time, name and colon) is a few dozen characters; a line of megabytes is not copied
  /// into scalars, four bytes each, to find it.
  private static func headerScalars(of lineBytes: ArraySlice<UInt8>) -> [Unicode.Scalar] {
    Array(String(decoding: lineBytes.prefix(headerBytes), as: UTF8.self).unicodeScalars)
  }

  /// How many bytes at the start of a line a header is looked for in.
  private static let headerBytes = 4096

  /// The line's text from scalar `bodyStart` on, as `String(decoding:)` reads the line: copied
  /// once from the bytes when they are well-formed UTF-8 (a scalar starts at each byte that is
  /// not a continuation byte), else from the repaired whole line.
  private static func body(of lineBytes: ArraySlice<UInt8>, from bodyStart: Int) -> String {
    var offset = lineBytes.startIndex
    var scalars = 0
    while offset < lineBytes.endIndex, scalars < bodyStart || lineBytes[offset] & 0xC0 == 0x80 {
      if lineBytes[offset] & 0xC0 != 0x80 { scalars += 1 }
      offset += 1
    }
    if scalars == bodyStart, String(validating: lineBytes[..<offset], as: UTF8.self) != nil,
      let body = String(validating: lineBytes[offset...], as: UTF8.self)
    {
      return body
    }
    let line = String(decoding: lineBytes, as: UTF8.self)
    let start = line.unicodeScalars.index(line.startIndex, offsetBy: bodyStart, limitedBy: line.endIndex) ?? line.endIndex
    return String(line[start...])
  }

  private func startMessage(_ header: WhatsAppExportReader.Header) {
    context = MessageContext(index: nextIndex, date: header.date, from: header.from)
    nextIndex += 1
  }

  /// Finds the links of one line's text from scalar `bodyStart` on. The left-to-right and
  /// right-to-left marks WhatsApp writes around names and numbers read as spaces (one scalar for
  /// one, so columns stay).
  private func scan(_ lineBytes: ArraySlice<UInt8>, bodyStart: Int, into links: inout [Link]) {
    var body = Self.body(of: lineBytes, from: bodyStart)
    if body.utf8.contains(0xE2), body.unicodeScalars.contains(where: { $0 == "\u{200E}" || $0 == "\u{200F}" }) {
      body = String(String.UnicodeScalarView(body.unicodeScalars.map { $0 == "\u{200E}" || $0 == "\u{200F}" ? " " : $0 }))
    }
    for found in PlainTextLinkDetector.links(in: body) {
      links.append(
        Link(
          url: found.url,
          location: SourceLocation(file: file, line: lineNumber, column: bodyStart + found.column),
          text: nil, element: "text", channel: .chat,
          urlEnd: TextPosition(line: lineNumber, column: bodyStart + found.endColumn), message: context))
    }
  }
}

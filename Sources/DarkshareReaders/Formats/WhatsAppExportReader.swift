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
/// - Complexity: O(*n*) in the file's length; only one line is held as a `String` at a time.
public struct WhatsAppExportReader: InputReader {
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

  public func links(in bytes: [UInt8], file: String) throws(ReaderError) -> [Link] {
    if let problem = BinarySniffer.problem(in: bytes, expected: "a WhatsApp chat export") { throw ReaderError(problem) }
    var links = [Link]()
    var context: MessageContext? = nil
    var nextIndex = 0
    var lineNumber = 0
    var position = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    while position < bytes.count {
      var end = position
      while end < bytes.count, bytes[end] != 0x0A, bytes[end] != 0x0D { end += 1 }
      lineNumber += 1
      let lineBytes = bytes[position..<end]
      // Advance past the line end (LF, CRLF or CR).
      var next = end
      if next < bytes.count {
        next += (bytes[next] == 0x0D && next + 1 < bytes.count && bytes[next + 1] == 0x0A) ? 2 : 1
      }
      // A line with no dot holds no link and cannot be a header only if it has no digit; cheap skip.
      let mayHoldLink = lineBytes.contains(0x2E)
      let mayBeHeader = lineBytes.first.map { $0 == UInt8(ascii: "[") || ($0 >= 0x30 && $0 <= 0x39) || $0 >= 0x80 } ?? false
      if mayHoldLink || mayBeHeader {
        var scalars = Array(String(decoding: lineBytes, as: UTF8.self).unicodeScalars)
        var bodyStart = 0
        if mayBeHeader, let found = Self.header(in: scalars) {
          context = MessageContext(index: nextIndex, date: found.date, from: found.from)
          nextIndex += 1
          bodyStart = found.bodyStart
        } else if context == nil, mayHoldLink {
          // Text before the first header: a message of its own, with no sender.
          context = MessageContext(index: nextIndex)
          nextIndex += 1
        }
        if mayHoldLink {
          for index in scalars.indices where scalars[index] == "\u{200E}" || scalars[index] == "\u{200F}" {
            scalars[index] = " "
          }
          let body = String(String.UnicodeScalarView(scalars[bodyStart...]))
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
      position = next
    }
    return links
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

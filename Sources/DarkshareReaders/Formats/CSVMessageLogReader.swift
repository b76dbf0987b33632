import DarkshareCore

/// Reads a CSV message log (an SMS gateway's export such as Twilio's, a phone backup turned into a
/// spreadsheet): one message a row, RFC 4180 quoting (quoted fields may hold commas, doubled
/// quotes and line breaks), a header row naming the columns in any order.
///
/// Columns are found by header name, case-insensitively: the body in `body`, `message`, `text`
/// or `content` (required); the sender in `from`, `sender`, `address` or `author`; the date in
/// `date`, `date sent`, `date created`, `sent`, `timestamp` or `time` (epoch seconds or
/// milliseconds, and ISO 8601 with an offset, come out as ISO 8601 with offset; anything else as
/// written, see ``MessageDate``); a message id in `id`,
/// `sid`, `sms message sid` or `message sid`. The channel is ``Channel/sms`` unless a `channel`
/// or `type` column names another (`email`/`mail`, `chat`/`whatsapp`/`telegram`, `web`).
///
/// Each row is a ``MessageContext`` (index 0 for the first data row). Links are found in the
/// body with ``PlainTextLinkDetector`` and placed at the file's 1-based line and column
/// (Unicode scalars) of the URL's first character, so doubled quotes and line breaks inside a
/// quoted body are accounted for. A quote left open at the end of the file is an error that
/// names the line where the field started.
public struct CSVMessageLogReader: InputReader {
  public static let format = "csv"

  public init() {}

  public static func accepts(path: String, head: ArraySlice<UInt8>) -> Bool {
    path.lowercased().hasSuffix(".csv")
  }

  static let bodyNames: Set<String> = ["body", "message", "text", "content", "message body", "sms body"]
  static let fromNames: Set<String> = ["from", "sender", "address", "author", "phone", "number"]
  static let dateNames: Set<String> = ["date", "date sent", "date created", "sent", "timestamp", "time", "datetime"]
  static let idNames: Set<String> = ["id", "sid", "sms message sid", "message sid", "message id"]
  static let channelNames: Set<String> = ["channel", "type"]

  /// One field: its text, and the file position (line, column) of each of its scalars.
  struct Field {
    var text = [Unicode.Scalar]()
    var positions = [(line: Int, column: Int)]()
  }

  public func links(in bytes: [UInt8], file: String) throws(ReaderError) -> [Link] {
    if let problem = BinarySniffer.problem(in: bytes, expected: "a CSV message log") { throw ReaderError(problem) }
    var text = String(decoding: bytes, as: UTF8.self)
    if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
    var parser = Parser(scalars: Array(text.unicodeScalars))
    guard let header = try parser.nextRow() else { throw ReaderError("not a CSV message log: the file is empty") }
    let names = header.map { String(String.UnicodeScalarView($0.text)).trimmingASCIIWhitespace().lowercased() }
    func column(_ wanted: Set<String>) -> Int? { names.firstIndex { wanted.contains($0) } }
    guard let bodyColumn = column(Self.bodyNames) else {
      throw ReaderError("not a CSV message log: no body column (a header named Body, Message or Text)")
    }
    let fromColumn = column(Self.fromNames)
    let dateColumn = column(Self.dateNames)
    let idColumn = column(Self.idNames)
    let channelColumn = column(Self.channelNames)
    var links = [Link]()
    var index = 0
    while let row = try parser.nextRow() {
      func value(_ column: Int?) -> String? {
        guard let column, column < row.count else { return nil }
        let string = String(String.UnicodeScalarView(row[column].text)).trimmingASCIIWhitespace()
        return string.isEmpty ? nil : string
      }
      if row.count == 1, row[0].text.isEmpty { continue }  // a blank line
      let date = value(dateColumn).map { MessageDate.fromEpoch($0) ?? MessageDate.fromISO8601($0) ?? $0 }
      let context = MessageContext(index: index, id: value(idColumn), date: date, from: value(fromColumn))
      index += 1
      let channel = value(channelColumn).flatMap(Self.channel) ?? .sms
      guard bodyColumn < row.count else { continue }
      let body = row[bodyColumn]
      // Map the detector's line/column within the body back to a scalar offset, then to the file.
      var lineStarts = [0]
      for (offset, scalar) in body.text.enumerated() where scalar == "\n" || scalar == "\r" {
        if scalar == "\r", offset + 1 < body.text.count, body.text[offset + 1] == "\n" { continue }
        lineStarts.append(offset + 1)
      }
      for found in PlainTextLinkDetector.links(in: String(String.UnicodeScalarView(body.text))) {
        let offset = lineStarts[found.line - 1] + found.column - 1
        let position = body.positions[offset]
        links.append(
          Link(
            url: found.url, location: SourceLocation(file: file, line: position.line, column: position.column),
            text: nil, element: "text", channel: channel, message: context))
      }
    }
    return links
  }

  static func channel(_ value: String) -> Channel? {
    switch value.lowercased() {
    case "sms", "mms", "text", "rcs": .sms
    case "email", "e-mail", "mail": .email
    case "chat", "whatsapp", "telegram", "signal", "messenger", "im": .chat
    case "web": .web
    default: nil
    }
  }

  /// An RFC 4180 parser over Unicode scalars that records where each field's scalars are.
  struct Parser {
    let scalars: [Unicode.Scalar]
    var index = 0
    var line = 1
    var lineStart = 0

    init(scalars: [Unicode.Scalar]) { self.scalars = scalars }

    /// Consumes a line end at `index` if there is one.
    private mutating func lineEnd() -> Bool {
      guard index < scalars.count else { return false }
      if scalars[index] == "\r" {
        index += 1
        if index < scalars.count, scalars[index] == "\n" { index += 1 }
      } else if scalars[index] == "\n" {
        index += 1
      } else {
        return false
      }
      line += 1
      lineStart = index
      return true
    }

    mutating func nextRow() throws(ReaderError) -> [Field]? {
      guard index < scalars.count else { return nil }
      var row = [Field]()
      var field = Field()
      while true {
        if index >= scalars.count { row.append(field); return row }
        let c = scalars[index]
        if c == "\"" && field.text.isEmpty {
          let startLine = line
          index += 1
          while true {
            guard index < scalars.count else {
              throw ReaderError("malformed CSV: the quoted field that starts on line \(startLine) is never closed")
            }
            let q = scalars[index]
            if q == "\"" {
              if index + 1 < scalars.count, scalars[index + 1] == "\"" {
                field.text.append("\"")
                field.positions.append((line, index - lineStart + 1))
                index += 2
                continue
              }
              index += 1
              break
            }
            let position = (line, index - lineStart + 1)
            if q == "\n" || q == "\r" {
              field.text.append(q)
              field.positions.append(position)
              if q == "\r", index + 1 < scalars.count, scalars[index + 1] == "\n" {
                field.text.append("\n")
                field.positions.append((line, index - lineStart + 2))
              }
              _ = lineEnd()
              continue
            }
            field.text.append(q)
            field.positions.append(position)
            index += 1
          }
          continue
        }
        if c == "," {
          row.append(field)
          field = Field()
          index += 1
          continue
        }
        if c == "\n" || c == "\r" {
          _ = lineEnd()
          row.append(field)
          return row
        }
        field.text.append(c)
        field.positions.append((line, index - lineStart + 1))
        index += 1
      }
    }
  }
}

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

  /// Claims a `.csv` file, or an input named without an extension (standard input) whose first
  /// line is a header row naming a body column and one more column this reader knows (sender,
  /// date, id or channel): a line of prose that happens to start with "Text," is no header.
  public static func accepts(path: String, head: ArraySlice<UInt8>) -> Bool {
    if path.lowercased().hasSuffix(".csv") { return true }
    guard InputName.hasNoExtension(path), BinarySniffer.problem(in: Array(head)) == nil,
      let lineEnd = head.firstIndex(where: { $0 == 0x0A || $0 == 0x0D })
    else { return false }
    var parser = Parser(utf8: LegacyText.utf8(Array(head[head.startIndex..<lineEnd])))
    guard let fields = try? parser.nextRow() else { return false }
    let names = Set(fields.map { parser.text(of: $0).trimmingASCIIWhitespace().lowercased() })
    let others = [fromNames, dateNames, idNames, channelNames].reduce(into: Set<String>()) { $0.formUnion($1) }
    return !names.isDisjoint(with: bodyNames) && !names.isDisjoint(with: others)
  }

  static let bodyNames: Set<String> = ["body", "message", "text", "content", "message body", "sms body"]
  static let fromNames: Set<String> = ["from", "sender", "address", "author", "phone", "number"]
  static let dateNames: Set<String> = ["date", "date sent", "date created", "sent", "timestamp", "time", "datetime"]
  static let idNames: Set<String> = ["id", "sid", "sms message sid", "message sid", "message id"]
  static let channelNames: Set<String> = ["channel", "type"]

  public func links(in bytes: [UInt8], file: String) throws(ReaderError) -> [Link] {
    if let problem = BinarySniffer.problem(in: bytes, expected: "a CSV message log") { throw ReaderError(problem) }
    // UTF-8 as the other text readers decode it (legacy windows-1252 too), without a BOM.
    var parser = Parser(utf8: LegacyText.utf8(bytes))
    guard let header = try parser.nextRow() else { throw ReaderError("not a CSV message log: the file is empty") }
    let names = header.map { parser.text(of: $0).trimmingASCIIWhitespace().lowercased() }
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
        let string = parser.text(of: row[column]).trimmingASCIIWhitespace()
        return string.isEmpty ? nil : string
      }
      if row.count == 1, row[0].isEmpty { continue }  // a blank line
      let date = value(dateColumn).map { MessageDate.fromEpoch($0) ?? MessageDate.fromISO8601($0) ?? $0 }
      let context = MessageContext(index: index, id: value(idColumn), date: date, from: value(fromColumn))
      index += 1
      let channel = value(channelColumn).flatMap(Self.channel) ?? .sms
      guard bodyColumn < row.count else { continue }
      let body = parser.text(of: row[bodyColumn])
      let found = PlainTextLinkDetector.links(in: body)
      guard !found.isEmpty else { continue }
      // Map the detector's line/column within the body to a scalar offset, then to the file.
      var lineStarts = [0]
      var pendingCR: Int?
      for (offset, scalar) in body.unicodeScalars.enumerated() {
        if let cr = pendingCR, scalar != "\n" { lineStarts.append(cr + 1) }
        pendingCR = scalar == "\r" ? offset : nil
        if scalar == "\n" { lineStarts.append(offset + 1) }
      }
      if let cr = pendingCR { lineStarts.append(cr + 1) }
      let offsets = found.map { lineStarts[$0.line - 1] + $0.column - 1 }
      let positions = parser.positions(of: row[bodyColumn], scalarOffsets: offsets)
      for (link, position) in zip(found, positions) {
        links.append(
          Link(
            url: link.url, location: SourceLocation(file: file, line: position.line, column: position.column),
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

  /// An RFC 4180 parser over UTF-8 bytes (quotes, commas and line breaks are ASCII, so never
  /// part of another character). A field is a range of the bytes: its text is built only when a
  /// column is read, and the file positions of its characters only for the links found in it,
  /// so memory stays a small multiple of the file whatever the size of a field.
  struct Parser {
    /// One field: where its content lies in the bytes, whether it was quoted (its `""` stand
    /// for `"`), and the file line and column (Unicode scalars, 1-based) of its first byte.
    struct Field {
      var start: Int
      var end: Int
      var isQuoted: Bool
      var line: Int
      var column: Int

      var isEmpty: Bool { start == end }
    }

    let bytes: [UInt8]
    var index = 0
    var line = 1
    /// Scalars on the current line before `index`, maintained lazily from `lineStart`.
    var lineStart = 0

    init(utf8 bytes: [UInt8]) { self.bytes = bytes }

    private static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr = UInt8(0x0D), lf = UInt8(0x0A)

    /// The 1-based column of byte `offset` on the current line.
    private func column(at offset: Int) -> Int {
      var column = 1
      var cursor = lineStart
      while cursor < offset {
        if bytes[cursor] & 0xC0 != 0x80 { column += 1 }
        cursor += 1
      }
      return column
    }

    /// Consumes a line end at `index` if there is one.
    private mutating func lineEnd() {
      if bytes[index] == Self.cr {
        index += 1
        if index < bytes.count, bytes[index] == Self.lf { index += 1 }
      } else {
        index += 1
      }
      line += 1
      lineStart = index
    }

    mutating func nextRow() throws(ReaderError) -> [Field]? {
      guard index < bytes.count else { return nil }
      var row = [Field]()
      var fieldStart = index
      var fieldLine = line
      var fieldColumn = column(at: index)
      var quoted: Field?
      while true {
        if index >= bytes.count {
          row.append(quoted ?? Field(start: fieldStart, end: index, isQuoted: false, line: fieldLine, column: fieldColumn))
          return row
        }
        let byte = bytes[index]
        if byte == Self.quote, index == fieldStart, quoted == nil {
          let startLine = line
          index += 1
          let contentStart = index
          let contentColumn = column(at: index)
          while true {
            guard index < bytes.count else {
              throw ReaderError("malformed CSV: the quoted field that starts on line \(startLine) is never closed")
            }
            let q = bytes[index]
            if q == Self.quote {
              if index + 1 < bytes.count, bytes[index + 1] == Self.quote {
                index += 2
                continue
              }
              break
            }
            if q == Self.cr || q == Self.lf {
              lineEnd()
              continue
            }
            index += 1
          }
          quoted = Field(start: contentStart, end: index, isQuoted: true, line: startLine, column: contentColumn)
          index += 1
          continue
        }
        if byte == Self.comma || byte == Self.cr || byte == Self.lf {
          row.append(quoted ?? Field(start: fieldStart, end: index, isQuoted: false, line: fieldLine, column: fieldColumn))
          quoted = nil
          if byte == Self.comma {
            index += 1
            fieldStart = index
            fieldLine = line
            fieldColumn = column(at: index)
            continue
          }
          lineEnd()
          return row
        }
        // Text after a closing quote (`"a"b`) is dropped, as before; plain text is the field.
        index += 1
      }
    }

    /// The field's text (`""` unescaped in a quoted field).
    func text(of field: Field) -> String {
      let slice = bytes[field.start..<field.end]
      guard field.isQuoted, slice.contains(Self.quote) else { return String(decoding: slice, as: UTF8.self) }
      var unescaped = [UInt8]()
      unescaped.reserveCapacity(slice.count)
      var cursor = field.start
      while cursor < field.end {
        unescaped.append(bytes[cursor])
        cursor += bytes[cursor] == Self.quote ? 2 : 1
      }
      return String(decoding: unescaped, as: UTF8.self)
    }

    /// The file line and column of the text's scalars at `scalarOffsets` (ascending), found by
    /// going over the field's bytes once.
    func positions(of field: Field, scalarOffsets: [Int]) -> [(line: Int, column: Int)] {
      var positions = [(line: Int, column: Int)]()
      var wanted = scalarOffsets.makeIterator()
      var next = wanted.next()
      var line = field.line
      var column = field.column
      var scalar = 0
      var cursor = field.start
      while let target = next, cursor < field.end {
        let byte = bytes[cursor]
        guard byte & 0xC0 != 0x80 else {
          cursor += 1
          continue
        }
        if scalar == target {
          positions.append((line, column))
          next = wanted.next()
          continue
        }
        scalar += 1
        if field.isQuoted, byte == Self.quote {
          cursor += 2
          column += 2
        } else if byte == Self.cr || byte == Self.lf {
          // CR LF is two scalars of the text but one line break of the file.
          cursor += 1
          if byte == Self.lf || cursor >= field.end || bytes[cursor] != Self.lf {
            line += 1
            column = 1
          } else {
            column += 1
          }
        } else {
          cursor += 1
          column += 1
        }
      }
      while next != nil {
        positions.append((line, column))
        next = wanted.next()
      }
      return positions
    }
  }
}

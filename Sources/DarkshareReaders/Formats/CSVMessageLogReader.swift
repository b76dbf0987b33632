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
///
/// The file is streamed: records are read a chunk at a time (``CSVRecordReader``) and their
/// links handed over a few hundred rows at a time, so memory follows the longest record, not
/// the file. A record may be at most 64 MiB long: a quote never closed in a large file is an
/// error naming its line once that much has been read, not a file read whole. A file that
/// breaks off keeps the links of the rows before the break.
///
/// - Complexity: O(*n*) in the file's length.
public struct CSVMessageLogReader: StreamingInputReader {
  public static let format = "csv"

  /// The longest record read, in bytes (a quote never closed would otherwise take the file).
  let maximumRecordSize: Int

  public init() { maximumRecordSize = CSVRecordReader.defaultMaximumRecordSize }

  /// A reader that refuses records longer than `maximumRecordSize` bytes (tests).
  init(maximumRecordSize: Int) { self.maximumRecordSize = maximumRecordSize }

  /// Claims a `.csv` file, or an input named without an extension (standard input) whose first
  /// line is a header row naming a body column and one more column this reader knows (sender,
  /// date, id or channel): a line of prose that happens to start with "Text," is no header.
  public static func accepts(path: String, head: ArraySlice<UInt8>) -> Bool {
    if InputName.hasExtension(path, ".csv") { return true }
    guard InputName.hasNoExtension(path), BinarySniffer.problem(in: Array(head)) == nil,
      let lineEnd = head.firstIndex(where: { $0 == 0x0A || $0 == 0x0D })
    else { return false }
    var parser = Parser(utf8: LegacyText.utf8(Array(head[head.startIndex..<lineEnd]))[...])
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

  public func messages(from source: any ByteSource, file: String) throws(ReaderError) -> any MessageStream {
    let peeked = try PeekedByteSource(source, peeking: BinarySniffer.sniffedBytes)
    if let problem = BinarySniffer.problem(in: peeked.head, expected: "a CSV message log") { throw ReaderError(problem) }
    // UTF-8 as the other text readers decode it (legacy windows-1252 too), without a BOM.
    let records = CSVRecordReader(LegacyTextDecoder(peeked), maximumRecordSize: maximumRecordSize)
    guard let header = try records.next() else {
      throw records.error ?? ReaderError("not a CSV message log: the file is empty")
    }
    var parser = Parser(utf8: header.bytes, line: header.line)
    let names = (try parser.nextRow() ?? []).map { parser.text(of: $0).trimmingASCIIWhitespace().lowercased() }
    func column(_ wanted: Set<String>) -> Int? { names.firstIndex { wanted.contains($0) } }
    guard let body = column(Self.bodyNames) else {
      throw ReaderError("not a CSV message log: no body column (a header named Body, Message or Text)")
    }
    let columns = Columns(
      body: body, from: column(Self.fromNames), date: column(Self.dateNames), id: column(Self.idNames),
      channel: column(Self.channelNames))
    return CSVMessages(records: records, columns: columns, file: file)
  }

  /// Where the header row put the columns read (0-based).
  struct Columns {
    var body: Int
    var from: Int?
    var date: Int?
    var id: Int?
    var channel: Int?
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
}

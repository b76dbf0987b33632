import DarkshareCore

/// The rows of one CSV message log after its header, read a record at a time and handed out a
/// batch at a time.
final class CSVMessages: MessageStream {
  /// A batch is handed over once it holds this many messages.
  private static let messagesPerBatch = 256

  private let records: CSVRecordReader
  private let columns: CSVMessageLogReader.Columns
  private let file: String
  /// The index of the next message (data rows, blank lines not counted).
  private var index = 0
  private var isDone = false

  init(records: CSVRecordReader, columns: CSVMessageLogReader.Columns, file: String) {
    self.records = records
    self.columns = columns
    self.file = file
  }

  func next() -> MessageBatch? {
    guard !isDone else { return nil }
    var batch = MessageBatch(links: [], messages: 0)
    do throws(ReaderError) {
      while batch.messages < Self.messagesPerBatch {
        guard let record = try records.next() else {
          isDone = true
          break
        }
        var parser = CSVMessageLogReader.Parser(utf8: record.bytes, line: record.line)
        guard let row = try parser.nextRow() else { continue }
        if row.count == 1, row[0].isEmpty { continue }  // a blank line
        batch.messages += 1
        read(row, of: parser, into: &batch.links)
      }
    } catch {
      isDone = true
      batch.problem = error
    }
    if isDone, batch.problem == nil, let error = records.error {
      batch.problem = ReaderError("the CSV message log breaks off on line \(records.line): \(error.message)")
    }
    if isDone, batch.links.isEmpty, batch.messages == 0, batch.problem == nil { return nil }
    return batch
  }

  /// The links of one data row.
  private func read(_ row: [CSVMessageLogReader.Parser.Field], of parser: CSVMessageLogReader.Parser, into links: inout [Link]) {
    func value(_ column: Int?) -> String? {
      guard let column, column < row.count else { return nil }
      let string = parser.text(of: row[column]).trimmingASCIIWhitespace()
      return string.isEmpty ? nil : string
    }
    let date = value(columns.date).map { MessageDate.fromEpoch($0) ?? MessageDate.fromISO8601($0) ?? $0 }
    let context = MessageContext(index: index, id: value(columns.id), date: date, from: value(columns.from))
    index += 1
    let channel = value(columns.channel).flatMap(CSVMessageLogReader.channel) ?? .sms
    guard columns.body < row.count else { return }
    let body = parser.text(of: row[columns.body])
    let found = PlainTextLinkDetector.links(in: body)
    guard !found.isEmpty else { return }
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
    let positions = parser.positions(of: row[columns.body], scalarOffsets: offsets)
    for (link, position) in zip(found, positions) {
      links.append(
        Link(
          url: link.url, location: SourceLocation(file: file, line: position.line, column: position.column),
          text: nil, element: "text", channel: channel, message: context))
    }
  }
}

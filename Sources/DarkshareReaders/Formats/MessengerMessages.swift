import DarkshareCore

/// The messages of one Messenger or Instagram export, parsed a batch at a time.
final class MessengerMessages: MessageStream {
  /// A batch is handed over once it holds this many messages.
  private static let messagesPerBatch = 256

  private let source: any ByteSource
  private let file: String
  private var parser: PositionedJSONParser?
  private var index = 0
  private var finished = false

  init(source: any ByteSource, file: String) {
    self.source = source
    self.file = file
  }

  func next() -> MessageBatch? {
    guard !finished else { return nil }
    do throws(ReaderError) {
      if parser == nil { try open() }
      // Taken out while it works, so its window is not shared (and copied when it grows).
      guard !finished, var parser = self.parser.take() else { return nil }
      defer { self.parser = parser }
      var batch = MessageBatch(links: [], messages: 0)
      do {
        while batch.messages < Self.messagesPerBatch {
          guard let message = try parser.nextElement() else {
            try parser.finishDocument()
            finished = true
            break
          }
          batch.links += MessengerExportReader.links(in: message, index: index, parser: &parser, file: file)
          batch.messages += 1
          index += 1
        }
      } catch {
        finished = true
        batch.problem = problem(error, parser: &parser, after: index)
      }
      return batch
    } catch {
      finished = true
      return MessageBatch(links: [], messages: 0, problem: error)
    }
  }

  /// Reads the top of the file's object, up to the `messages` array.
  private func open() throws(ReaderError) {
    var parser = PositionedJSONParser(source: source)
    let top: PositionedJSONParser.TopLevel
    do {
      top = try parser.openArray(named: "messages")
    } catch {
      throw problem(error, parser: &parser, after: 0)
    }
    switch top {
    case .found: self.parser = parser
    case .noArray: throw ReaderError("not a Messenger or Instagram export: no 'messages' list")
    case .notAnObject: throw ReaderError("not a Messenger or Instagram export: the JSON is not an object")
    }
  }

  /// A syntax error as the file's problem, with its line and column (and the read error that
  /// cut the file short, if one did).
  private func problem(_ error: PositionedJSON.SyntaxError, parser: inout PositionedJSONParser, after messages: Int) -> ReaderError {
    let position = parser.position(of: error.offset)
    let read = messages > 0 ? "; the \(messages) messages before it were read" : ""
    let cut = parser.readError.map { " (\($0.message))" } ?? ""
    return ReaderError(
      "the Messenger or Instagram export is not valid JSON: line \(position.line), column \(position.column): \(error.message)\(cut)\(read)")
  }
}

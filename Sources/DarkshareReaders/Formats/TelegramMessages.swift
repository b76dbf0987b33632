import DarkshareCore

/// The messages of one Telegram export, parsed a message at a time and handed out a batch at a
/// time, in either layout: a single chat (`{"name", …, "messages": […]}`) or a full export
/// (`{"chats": {"list": [{…, "messages": […]}]}, "left_chats": {"list": […]}}`).
///
/// The walk keeps a stack of where it is in the document, so it can stop after any message and
/// go on from there. Everything else in the document is parsed (to check it) and dropped.
final class TelegramMessages: MessageStream {
  /// A batch is handed over once it holds this many messages.
  private static let messagesPerBatch = 256

  /// Where the walk is: each open object or array it reads into, outermost first.
  private enum Level {
    /// The document's object.
    case top
    /// `chats` or `left_chats`: an object holding `list`.
    case group(isChats: Bool)
    /// A `list` of chats.
    case list
    /// One chat's object.
    case chat
    /// A chat's `messages`.
    case messages
  }

  private let source: any ByteSource
  private let file: String
  private var parser: PositionedJSONParser?
  private var levels = [Level]()
  private var index = 0
  /// Whether a chat was found (a `messages` list at the top, or an object in a `list`).
  private var hasChat = false
  /// Whether `chats.list` is a list (an export with no chats at all is still one).
  private var hasChatList = false
  private var isDone = false

  init(source: any ByteSource, file: String) {
    self.source = source
    self.file = file
  }

  func next() -> MessageBatch? {
    guard !isDone else { return nil }
    if parser == nil {
      var parser = PositionedJSONParser(source: source)
      parser.allowsHexEscapes = true
      self.parser = parser
      if let problem = open() {
        isDone = true
        return MessageBatch(links: [], messages: 0, problem: problem)
      }
    }
    // Taken out while it works, so its window is not shared (and copied when it grows).
    guard var parser = self.parser.take() else { return nil }
    defer { self.parser = parser }
    var batch = MessageBatch(links: [], messages: 0)
    do {
      while batch.messages < Self.messagesPerBatch, !isDone {
        try step(&parser, into: &batch)
      }
    } catch {
      isDone = true
      batch.problem = problem(error, parser: &parser)
    }
    if isDone, batch.problem == nil, !hasChat, !hasChatList {
      batch.problem = ReaderError("not a Telegram export: no 'messages' list or 'chats.list'")
    }
    if isDone, batch.links.isEmpty, batch.messages == 0, batch.problem == nil { return nil }
    return batch
  }

  /// Opens the document's object; the problem when it is none.
  private func open() -> ReaderError? {
    // Taken out while it works, so its window is not shared (and copied when it grows).
    guard var parser = self.parser.take() else { return nil }
    defer { self.parser = parser }
    do {
      parser.skipByteOrderMark()
      if try parser.open(UInt8(ascii: "{")) {
        levels = [.top]
        return nil
      }
      // Valid JSON of another kind, or no JSON at all.
      _ = try parser.value()
      try parser.finishTrailing()
      return ReaderError("not a Telegram export: the JSON is not an object")
    } catch {
      return problem(error, parser: &parser)
    }
  }

  /// Reads one member, element or message at the level the walk is at.
  private func step(_ parser: inout PositionedJSONParser, into batch: inout MessageBatch) throws(PositionedJSON.SyntaxError) {
    guard let level = levels.last else {
      try parser.finishTrailing()
      isDone = true
      return
    }
    switch level {
    case .messages:
      guard try parser.toNextElement() else {
        levels.removeLast()
        return
      }
      let message = try parser.value()
      // An element that is no object is no message, and not counted.
      guard case .object = message else { return }
      batch.links += TelegramExportReader.links(in: message, index: index, parser: &parser, file: file)
      batch.messages += 1
      index += 1
    case .list:
      guard try parser.toNextElement() else {
        levels.removeLast()
        return
      }
      if try parser.open(UInt8(ascii: "{")) {
        levels.append(.chat)
        hasChat = true
      } else {
        _ = try parser.value()
      }
    case .top, .group, .chat:
      guard let key = try parser.nextKey() else {
        levels.removeLast()
        return
      }
      let array = UInt8(ascii: "["), object = UInt8(ascii: "{")
      let inner: (level: Level, opening: UInt8)? =
        switch (level, key) {
        case (.top, "messages"), (.chat, "messages"): (.messages, array)
        case (.top, "chats"): (.group(isChats: true), object)
        case (.top, "left_chats"): (.group(isChats: false), object)
        case (.group, "list"): (.list, array)
        default: nil
        }
      // A member of another kind (`"messages": "see locales/"`) is read past.
      guard let inner, try parser.open(inner.opening) else {
        _ = try parser.value()
        return
      }
      levels.append(inner.level)
      if case .top = level, case .messages = inner.level { hasChat = true }
      if case .group(isChats: true) = level { hasChatList = true }
    }
  }

  /// A syntax error as the file's problem, with its line and column: nothing read yet, the file
  /// is no Telegram export.
  private func problem(_ error: PositionedJSON.SyntaxError, parser: inout PositionedJSONParser) -> ReaderError {
    let position = parser.position(of: error.offset)
    let cut = parser.readError.map { " (\($0.message))" } ?? ""
    let place = "line \(position.line), column \(position.column): \(error.message)\(cut)"
    guard index > 0 else { return ReaderError("not a valid Telegram export: the JSON cannot be parsed (\(place))") }
    return ReaderError("the Telegram export is not valid JSON: \(place); the \(index) messages before it were read")
  }
}

import DarkshareCore

/// The messages of an mbox, parsed one at a time as the bytes arrive.
///
/// A message runs from its From_ line (not part of the message) to the next From_ line, or to
/// the end of the input. A From_ line with a date (or Netscape's `From -`) separates wherever it
/// is; one with only an address must follow a blank line (see ``MboxFromLine/Kind``). Body lines quoted as `>From `, `>>From `, …
/// lose one `>` (mboxrd; for mboxo files this also unquotes the lines that were quoted). Each
/// ``next()`` returns one message's batch: its links and those of the messages attached to it.
///
/// Memory holds one message at most: a message larger than the cap is dropped as it is read
/// and its batch carries a problem naming it; reading goes on at the next From_ line.
final class MboxMessageStream: MessageStream {
  private let lines: LineSplitter
  private let file: String
  private let maximumMessageSize: Int
  /// The 1-based line of the From_ line that starts the next message; nil when none is left.
  private var nextStart: Int?
  /// The 1-based number of the line last read.
  private var lineNumber = 0
  /// The ``MessageContext/index`` of the next message.
  private var nextIndex = 0

  /// Reads up to the first From_ line (blank lines may come before it).
  /// - Throws: ``ReaderError`` when the input is empty or does not start with a From_ line.
  init(lines: LineSplitter, file: String, maximumMessageSize: Int) throws(ReaderError) {
    self.lines = lines
    self.file = file
    self.maximumMessageSize = maximumMessageSize
    while let piece = lines.next() {
      if piece.startsLine { lineNumber += 1 }
      let content = piece.content
      if piece.startsLine, piece.endsLine, content.isEmpty { continue }
      guard piece.startsLine, piece.endsLine, MboxFromLine.isSeparator(content) else {
        let shown = String(decoding: content.prefix(60), as: UTF8.self)
        throw ReaderError("not an mbox: line \(lineNumber) ('\(shown)') is not a From_ line ('From ' + sender + date)")
      }
      nextStart = lineNumber
      return
    }
    if let error = lines.error { throw error }
    throw ReaderError("not an mbox: the file is empty")
  }

  func next() -> MessageBatch? {
    guard let start = nextStart else { return nil }
    nextStart = nil
    var message = [UInt8]()
    var isTooLarge = false
    var previousLineWasBlank = false
    while let piece = lines.next() {
      if piece.startsLine { lineNumber += 1 }
      let isWholeLine = piece.startsLine && piece.endsLine
      if isWholeLine, piece.content.starts(with: "From ".utf8),
        case let kind = MboxFromLine.kind(of: piece.content), kind == .strong || (kind == .weak && previousLineWasBlank)
      {
        nextStart = lineNumber
        break
      }
      previousLineWasBlank = isWholeLine && piece.content.isEmpty
      if isTooLarge { continue }
      message += piece.startsLine ? Self.unquoted(piece.bytes) : piece.bytes
      if message.count > maximumMessageSize {
        isTooLarge = true
        message = []
      }
    }
    let index = nextIndex
    var problems = [String]()
    let links: [Link]
    if isTooLarge {
      problems.append(
        "message \(index) (From_ line at line \(start)) is larger than the \(maximumMessageSize)-byte limit and was skipped")
      nextIndex += 1
      links = []
    } else {
      var walk = MessageWalk(file: file, firstIndex: index)
      walk.message(MIMEEntity.message(message))
      nextIndex = walk.nextIndex
      links = walk.links
      problems += walk.problems.map { "From_ line at line \(start): \($0)" }
    }
    if nextStart == nil, let error = lines.error {
      problems.append("reading stopped at line \(lineNumber): \(error.message)")
    }
    return MessageBatch(
      links: links, messages: isTooLarge ? 0 : nextIndex - index,
      problem: problems.isEmpty ? nil : ReaderError(problems.joined(separator: "; ")))
  }

  /// `line` with one `>` removed when it matches `^>+From ` (mboxrd quoting).
  static func unquoted(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
    guard line.first == UInt8(ascii: ">") else { return line }
    let rest = line.drop { $0 == UInt8(ascii: ">") }
    return rest.starts(with: "From ".utf8) ? line.dropFirst() : line
  }
}

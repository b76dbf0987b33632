import DarkshareCore

extension PlainTextReader: PartedDocumentReader {
  /// A large text file, read a paragraph run at a time with the links, lead-ins and positions
  /// of ``links(in:file:)``. The file is read through once here to decide its encoding as a
  /// whole (``LegacyText``); a UTF-16 one is first converted into a temporary UTF-8 copy.
  public func parted(_ document: RereadableDocument, file: String, largestHeld: Int) throws(ReaderError) -> (any PartedDocument)? {
    let head = try PeekedByteSource(document.open(), peeking: BinarySniffer.sniffedBytes).head
    if let problem = BinarySniffer.problem(in: head, expected: "a text file") { throw ReaderError(problem) }
    var byteOrderMarks = 0
    while head[byteOrderMarks...].starts(with: [0xEF, 0xBB, 0xBF]) { byteOrderMarks += 3 }
    for (mark, charset) in [([UInt8]([0xFF, 0xFE]), "UTF-16LE"), ([0xFE, 0xFF], "UTF-16BE")] where head[byteOrderMarks...].starts(with: mark) {
      // Converted as ``LegacyText`` converts the whole text: a U+FEFF after the mark is text.
      let copy = try document.utf8Copy(from: charset, dropping: byteOrderMarks + 2)
      return PartedTextDocument(document: copy, byteOrderMarks: 0, decoding: .utf8, file: file)
    }
    let text = PartedTextDocument(document: document, byteOrderMarks: byteOrderMarks, decoding: .utf8, file: file)
    var survey = LegacyText.Survey()
    let surveyed = try text.open()
    while case let chunk = try surveyed.read(upTo: HTMLReader.chunkSize), !chunk.isEmpty { survey.feed(chunk) }
    text.decoding = survey.finish()
    return text
  }
}

/// A large text file whose encoding is decided.
private final class PartedTextDocument: PartedDocument {
  private let document: RereadableDocument
  /// How many bytes of byte-order marks start the file.
  private let byteOrderMarks: Int
  fileprivate var decoding: LegacyText.Decoding
  private let file: String

  init(document: RereadableDocument, byteOrderMarks: Int, decoding: LegacyText.Decoding, file: String) {
    self.document = document
    self.byteOrderMarks = byteOrderMarks
    self.decoding = decoding
    self.file = file
  }

  func parts() throws(ReaderError) -> any MessageStream {
    PlainTextParts(source: try open(), decoder: LegacyText.ChunkDecoder(decoding), file: file)
  }

  /// The file from its start, its byte-order marks read past.
  fileprivate func open() throws(ReaderError) -> any ByteSource {
    let source = try document.open()
    var skipped = 0
    while skipped < byteOrderMarks {
      let chunk = try source.read(upTo: byteOrderMarks - skipped)
      if chunk.isEmpty { break }
      skipped += chunk.count
    }
    return source
  }
}

/// The links of one large text file, found a run of whole paragraphs at a time.
///
/// The text is cut only after a blank line, where a link's lead-in (``PlainTextLeadIn``) stops
/// anyway, so each part gives what the whole text gives; a paragraph longer than
/// ``largestPart`` is cut after a line instead, and a longer line before a space, a tab, a `<`,
/// a quote or another scalar that ends every URL (no URL spans it and the detector does not look
/// back across it, ``PlainTextLinkDetector/lastCutPosition(in:from:)``; the lead-in of the first
/// link after such a cut may lose the words before it); a line with none of them (one long URL,
/// or links joined by `)` or `,`) is kept whole.
final class PlainTextParts: MessageStream {
  static let largestPart = 1 << 20

  private let source: any ByteSource
  private var decoder: LegacyText.ChunkDecoder
  private let file: String
  /// Decoded text not yet searched for links.
  private var text: [UInt8] = []
  /// How many bytes at the start of `text` are known to hold no blank line, and (once `text`
  /// is longer than ``largestPart``) no line end, space or tab either: each byte is searched
  /// once while a line of megabytes waits for its end.
  private var searched = (blankLine: 0, anyCut: 0)
  /// How many lines come before `text`, and how many characters of its first line.
  private var linesBefore = 0
  private var columnsBefore = 0
  private var found: [Link] = []
  private var foundStart = 0
  private var isFirst = true
  private var isDone = false
  private var problem: ReaderError?

  init(source: any ByteSource, decoder: LegacyText.ChunkDecoder, file: String) {
    self.source = source
    self.decoder = decoder
    self.file = file
  }

  func next() -> MessageBatch? {
    while foundStart == found.count, !isDone {
      found = []
      foundStart = 0
      do throws(ReaderError) {
        let chunk = try source.read(upTo: HTMLReader.chunkSize)
        if chunk.isEmpty { isDone = true }
        text += decoder.decode(chunk, isLast: chunk.isEmpty)
      } catch {
        problem = ReaderError("the file breaks off: \(error.message)")
        isDone = true
      }
      let cut = isDone ? text.count : cutPoint()
      if cut > 0 {
        found = links(in: Array(text[..<cut]))
        text.removeFirst(cut)
        searched = (0, 0)
      }
    }
    guard foundStart < found.count || problem != nil || isFirst else { return nil }
    let end = min(found.count, foundStart + 1000)
    let batch = Array(found[foundStart..<end])
    foundStart = end
    defer {
      isFirst = false
      problem = nil
    }
    // The file is one message, counted with its first part.
    return MessageBatch(links: batch, messages: isFirst ? 1 : 0, problem: problem)
  }

  /// Where `text` may be cut: after its last blank line (a line of spaces, tabs and CRs), else,
  /// when it is too long, after its last line; 0 when it must wait for more. Only what was not
  /// searched before is searched (a blank line's spaces before it are looked at again).
  private func cutPoint() -> Int {
    var index = text.count - 1
    while index > max(0, searched.blankLine - 1) {
      if text[index] == 0x0A {
        var before = index - 1
        while before >= 0, text[before] == 0x20 || text[before] == 0x09 || text[before] == 0x0D { before -= 1 }
        if before >= 0, text[before] == 0x0A { return index + 1 }
        index = before
      } else {
        index -= 1
      }
    }
    searched.blankLine = text.count
    guard text.count > Self.largestPart else { return 0 }
    // The last byte may be a CR starting a CRLF: searched again with what follows.
    let unsearched = text[max(0, searched.anyCut - 1)...]
    // A scalar of several bytes may have been cut off at the end of the last search.
    let unsearchedScalars = max(0, searched.anyCut - 3)
    searched.anyCut = text.count
    if let lastLine = unsearched.lastIndex(of: 0x0A) { return lastLine + 1 }
    // Lines ended by CR alone: after a CR known not to start a CRLF.
    if let lastLine = unsearched.dropLast().lastIndex(of: 0x0D) { return lastLine + 1 }
    // One line of megabytes: before its last space, tab, `<`, quote or other scalar that ends
    // every URL (which starts the next part).
    return text.withUnsafeBufferPointer { PlainTextLinkDetector.lastCutPosition(in: $0, from: unsearchedScalars) } ?? 0
  }

  /// The links of `part`, whole lines of the text, at their lines in the file.
  private func links(in part: [UInt8]) -> [Link] {
    let string = String(decoding: part, as: UTF8.self)
    let found = PlainTextLinkDetector.links(in: string)
    let links = zip(found, PlainTextLeadIn.leadIns(of: found, in: string)).map { found, leadIn in
      // The part's first line goes on from where the part before left it.
      let before = found.line == 1 ? columnsBefore : 0
      return Link(
        url: found.url, location: SourceLocation(file: file, line: linesBefore + found.line, column: before + found.column),
        text: nil, element: "text", channel: .email,
        urlEnd: TextPosition(line: linesBefore + found.line, column: before + found.endColumn), leadIn: leadIn)
    }
    var index = 0
    while index < part.count {
      if part[index] == 0x0A {
        linesBefore += 1
        columnsBefore = 0
      } else if part[index] == 0x0D {
        linesBefore += 1
        columnsBefore = 0
        if index + 1 < part.count, part[index + 1] == 0x0A { index += 1 }
      } else if part[index] & 0xC0 != 0x80 {
        columnsBefore += 1
      }
      index += 1
    }
    return links
  }
}

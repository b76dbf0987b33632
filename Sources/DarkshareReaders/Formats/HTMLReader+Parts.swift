import DarkshareCore
import DarkshareMarkup

extension HTMLReader: PartedDocumentReader {
  /// The size of the chunks a large document is read in.
  static let chunkSize = 1 << 20

  /// A large HTML document, read a chunk at a time (``HTMLLinkStream``) with the links, texts,
  /// positions and errors of ``links(in:file:)``. It is read through once here to choose its
  /// encoding (an undeclared one is UTF-8 only if all of it is valid; UTF-16 and declared
  /// legacy encodings other than windows-1252 are first converted into a temporary UTF-8 copy)
  /// and to check its markup budget, so a document over budget is refused whole, as when it is
  /// read whole.
  public func parted(_ document: RereadableDocument, file: String, largestHeld: Int) throws(ReaderError) -> (any PartedDocument)? {
    try Self.parted(document, file: file, dialect: .html, expected: "an HTML document")
  }

  /// `document` in `dialect` read in parts as ``parted(_:file:largestHeld:)`` says: refused as
  /// binary when its first bytes are not `expected`.
  static func parted(
    _ document: RereadableDocument, file: String, dialect: MarkupDialect, expected: String
  ) throws(ReaderError) -> (any PartedDocument)? {
    let head = try PeekedByteSource(document.open(), peeking: BinarySniffer.sniffedBytes).head
    if let problem = BinarySniffer.problem(in: head, expected: expected) { throw ReaderError(problem) }
    switch try Self.largeDocument(document, file: file, dialect: dialect) {
    case .parts(let parts): return parts
    case .refused(let violation): throw ReaderError("not read: \(violation)")
    }
  }

  /// How a large HTML document (a file, or a decoded MIME part) is read.
  enum LargeDocument {
    /// A part at a time.
    case parts(any PartedDocument)
    /// Not at all: it exceeds its markup budget.
    case refused(MarkupBudget.Violation)
  }

  /// Decides how `document`, written in `dialect`, is read: its encoding, and whether its
  /// markup is within budget.
  static func largeDocument(
    _ document: RereadableDocument, file: String, dialect: MarkupDialect = .html
  ) throws(ReaderError) -> LargeDocument {
    let head = try PeekedByteSource(document.open(), peeking: BinarySniffer.sniffedBytes).head
    var encoding = HTMLLinkStream.Encoding.utf8
    switch HTMLLinkStream.encodingChoice(head: head) {
    case .converted(let charset, let dropping):
      // Read as UTF-8 whatever its `<meta>` says, as the whole scan reads the converted text.
      let copy = try document.utf8Copy(from: charset, dropping: dropping, prefix: [0xEF, 0xBB, 0xBF])
      return try largeDocument(copy, file: file, dialect: dialect)
    case .known(let known):
      encoding = known
    case .utf8IfValid:
      var validation = UTF8Validation()
      let source = try document.open()
      while case let chunk = try source.read(upTo: Self.chunkSize), !chunk.isEmpty { validation.feed(chunk) }
      if !validation.finish() { encoding = .windows1252 }
    }
    var budget = HTMLLinkStream.BudgetCheck(encoding: encoding, dialect: dialect)
    let source = try document.open()
    var isLast = false
    while !isLast {
      let chunk = try source.read(upTo: Self.chunkSize)
      isLast = chunk.isEmpty
      if let violation = budget.feed(chunk, isLast: isLast) { return .refused(violation) }
    }
    return .parts(PartedHTMLDocument(document: document, encoding: encoding, dialect: dialect, file: file))
  }
}

/// A large HTML document (or template or MJML source) whose encoding is known and whose
/// markup is within budget.
private final class PartedHTMLDocument: PartedDocument {
  private let document: RereadableDocument
  private let encoding: HTMLLinkStream.Encoding
  private let dialect: MarkupDialect
  private let file: String

  init(document: RereadableDocument, encoding: HTMLLinkStream.Encoding, dialect: MarkupDialect, file: String) {
    self.document = document
    self.encoding = encoding
    self.dialect = dialect
    self.file = file
  }

  func parts() throws(ReaderError) -> any MessageStream {
    HTMLDocumentParts(source: try document.open(), links: HTMLLinkStream(encoding: encoding, dialect: dialect), file: file)
  }
}

/// The links of one large HTML document, a chunk of the file at a time, handed out at most
/// ``linksPerBatch`` at once (a megabyte of markup can hold ten thousand links).
private final class HTMLDocumentParts: MessageStream {
  static let linksPerBatch = 1000

  private let source: any ByteSource
  private let links: HTMLLinkStream
  private let file: String
  /// Links found and not yet handed out.
  private var found: [MarkupLink] = []
  private var foundStart = 0
  private var isFirst = true
  private var isDone = false

  init(source: any ByteSource, links: HTMLLinkStream, file: String) {
    self.source = source
    self.links = links
    self.file = file
  }

  func next() -> MessageBatch? {
    var problem: ReaderError?
    while foundStart == found.count, !isDone {
      found = []
      foundStart = 0
      do throws(ReaderError) {
        let chunk = try source.read(upTo: HTMLReader.chunkSize)
        if chunk.isEmpty {
          found = links.finish()
          isDone = true
        } else {
          found = links.feed(chunk)
        }
      } catch {
        found = links.finish()
        problem = ReaderError("the document breaks off: \(error.message)")
        isDone = true
      }
    }
    guard foundStart < found.count || problem != nil || isFirst else { return nil }
    let end = min(found.count, foundStart + Self.linksPerBatch)
    let batch = Array(found[foundStart..<end])
    foundStart = end
    // The document is one message, counted with its first part.
    defer { isFirst = false }
    return MessageBatch(links: HTMLReader.links(in: batch, file: file), messages: isFirst ? 1 : 0, problem: problem)
  }
}

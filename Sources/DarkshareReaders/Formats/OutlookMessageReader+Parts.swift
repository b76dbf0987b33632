import DarkshareCore
import DarkshareMarkup

extension OutlookMessageReader: PartedDocumentReader {
  /// A large `.msg`, read in bounded memory with the links, texts, positions, message context,
  /// service-link flags and errors of ``read(_:file:)``.
  ///
  /// The compound file is read at offsets (``CompoundFile``: only its FAT and directory are
  /// held), the body is chosen as the whole read chooses it, and the chosen body is written, a
  /// chunk at a time, decoded to UTF-8 into a temporary file (a body that cannot be read is the
  /// file's error, and the next body is written instead). That copy is then read in parts as a
  /// large HTML document (``HTMLReader/largeDocument(_:file:dialect:)``) or text file
  /// (``PlainTextParts``) is.
  /// - Throws: ``ReaderError`` when the file is not an Outlook message, its compound file is
  ///   damaged, no body can be read, or its HTML body exceeds its markup budget.
  public func parted(_ document: RereadableDocument, file: String, largestHeld: Int) throws(ReaderError) -> (any PartedDocument)? {
    let bytes = try document.randomAccess()
    guard CompoundFile.hasSignature(try bytes.read(at: 0, count: CompoundFile.signature.count)) else {
      throw Self.notACompoundFile
    }
    let message = try OutlookMessage(try CompoundFile(bytes))
    let context = try Self.context(of: message)
    let serviceLinks = try Self.serviceLinks(of: message)
    var problems = [String]()
    for choice in OutlookBody.Choice.allCases {
      let copy = try RereadableDocument.Spool()
      let kind: OutlookBody.Kind?
      do throws(ReaderError) {
        kind = try OutlookBody.write(choice, of: message, to: { (chunk) throws(ReaderError) in try copy.append(chunk[...]) })
      } catch {
        problems.append(error.message)
        continue
      }
      guard let kind else { continue }
      let problem = problems.isEmpty ? nil : ReaderError(problems.joined(separator: "; "))
      return PartedOutlookMessage(
        body: try Self.partedBody(copy.document(), kind: kind, file: file), context: context, serviceLinks: serviceLinks,
        problem: problem)
    }
    if !problems.isEmpty { throw ReaderError(problems.joined(separator: "; ")) }
    return PartedOutlookMessage(body: nil, context: context, serviceLinks: serviceLinks, problem: nil)
  }

  /// The body written to `copy`, read in parts.
  private static func partedBody(_ copy: RereadableDocument, kind: OutlookBody.Kind, file: String) throws(ReaderError) -> any PartedDocument {
    switch kind {
    case .html:
      switch try HTMLReader.largeDocument(copy, file: file) {
      case .parts(let parts): return parts
      case .refused(let violation): throw OutlookBody.refusal(violation)
      }
    case .text:
      return PartedOutlookText(copy, file: file)
    }
  }
}

/// A large `.msg` whose body is chosen and copied out as UTF-8.
private final class PartedOutlookMessage: PartedDocument {
  /// The body's parts; nil when the message has no body.
  private let body: (any PartedDocument)?
  private let context: MessageContext
  private let serviceLinks: Set<String>
  /// Why a preferred body could not be read.
  private let problem: ReaderError?

  init(body: (any PartedDocument)?, context: MessageContext, serviceLinks: Set<String>, problem: ReaderError?) {
    self.body = body
    self.context = context
    self.serviceLinks = serviceLinks
    self.problem = problem
  }

  func parts() throws(ReaderError) -> any MessageStream {
    OutlookMessageParts(body: try body?.parts(), context: context, serviceLinks: serviceLinks, problem: problem)
  }
}

/// The links of a large `.msg`'s body, a batch at a time, made what the whole read makes them:
/// e-mail links in the message's context, service links flagged, and no end to rewrite (a `.msg`
/// is never rewritten in place).
private final class OutlookMessageParts: MessageStream {
  private let body: (any MessageStream)?
  private let context: MessageContext
  private let serviceLinks: Set<String>
  /// The problem the first batch carries.
  private var problem: ReaderError?
  private var isFirst = true
  /// Whether the message was counted: at once when every body was read as preferred, else
  /// with its first link (the whole read counts a message read with a problem only when it has
  /// links).
  private var isCounted = false

  init(body: (any MessageStream)?, context: MessageContext, serviceLinks: Set<String>, problem: ReaderError?) {
    self.body = body
    self.context = context
    self.serviceLinks = serviceLinks
    self.problem = problem
  }

  func next() -> MessageBatch? {
    guard var batch = body?.next() ?? (isFirst ? MessageBatch(links: [], messages: 0) : nil) else { return nil }
    for index in batch.links.indices {
      batch.links[index].message = context
      batch.links[index].isDeclaredServiceLink = serviceLinks.contains(batch.links[index].url)
      batch.links[index].urlEnd = nil
    }
    let counts = !isCounted && (problem == nil || !batch.links.isEmpty)
    batch.messages = counts ? 1 : 0
    isCounted = isCounted || counts
    if isFirst, let problem {
      batch.problem = batch.problem.map { ReaderError(problem.message + "; " + $0.message) } ?? problem
    }
    isFirst = false
    return batch
  }
}

/// The text body of a large `.msg`, copied out as UTF-8.
private final class PartedOutlookText: PartedDocument {
  private let document: RereadableDocument
  private let file: String

  init(_ document: RereadableDocument, file: String) {
    self.document = document
    self.file = file
  }

  func parts() throws(ReaderError) -> any MessageStream {
    PlainTextParts(source: try document.open(), decoder: LegacyText.ChunkDecoder(.utf8), file: file)
  }
}

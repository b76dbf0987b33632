import DarkshareCore
import DarkshareJudgement
import DarkshareReaders

/// One input being audited, handed out a part at a time: each part holds the links of whole
/// messages, judged and checked by the rules, so memory follows the part, not the input.
///
/// An input read whole (an HTML newsletter, an `.eml`) is one part, or, with thousands of links,
/// slices judged with what all of them show; a document over 2 MiB is read in parts
/// (``InputDocuments/DocumentParts``). A streamed archive (mbox, SMS backup) is cut into parts
/// of about ``linksPerPart`` links. An input that cannot be read
/// is one part carrying the error. A zip gives the parts of each document it holds in turn
/// (``InputDocuments``), each document opened by its first part and closed by its last.
///
/// Reading happens on the task that calls ``next()``, one call at a time (``AuditSession`` hands
/// an input from task to task but never shares it); only judgement runs on other tasks, and it
/// touches nothing of the reading state.
public final class InputAudit: @unchecked Sendable {
  /// A part is closed once it holds this many links. It ends on a message boundary, except in a
  /// document read in parts or a batch judged in slices, whose parts are judged with what the
  /// whole shows (``DocumentFacts``).
  static let linksPerPart = 2000
  /// …or this many messages.
  static let messagesPerPart = 1000

  private let auditor: Auditor
  private let resolver: RedirectResolver?
  private let documents: InputDocuments
  private var state: State = .between
  /// Parts read and being judged, in order: while the oldest is awaited, the next ones are judged
  /// on other cores, so a single large input keeps every core busy.
  private var judging: [Task<FileResult, Never>] = []
  private var isExhausted = false
  /// How many parts of one input are judged at once.
  static let partsInFlight = 3

  private enum State {
    /// Between two documents of the input (or before the first).
    case between
    /// `facts`: what the whole document shows, for a document read in parts.
    case reading(file: String, stream: any MessageStream, isFirstPart: Bool, facts: DocumentFacts?)
    /// A batch too large to judge at once (a document read whole with many links), judged a
    /// slice at a time with what the whole batch shows; then `stream` is read on.
    case slicing(Slicing)
  }

  private struct Slicing {
    var file: String
    var read: MessageBatch
    var start = 0
    var facts: DocumentFacts
    /// Where the rest of the document comes from; nil when it has ended.
    var stream: (any MessageStream)?
    var isFirstPart: Bool
  }

  /// The messages of one part, as read, before judgement.
  private struct ReadPart: Sendable {
    var batch: MessageBatch
    var file: String
    var isFirst: Bool
    var isLast: Bool
    var facts: DocumentFacts?
  }

  /// Told of the input's bytes and links as they are read, when the run shows progress.
  private let meter: ProgressMeter?
  private let size: Int

  /// Set for an input that was only sniffed: see ``Auditor/parts(of:format:resolver:meter:passOver:)``.
  private let passOver: PassOverLog?
  /// Whether any part of the input has been read yet.
  private var hasRead = false
  /// Whether the input was passed over: it gives no parts at all.
  private var isPassedOver = false

  init(
    input: ResolvedInput, format: (any InputReader.Type)?, auditor: Auditor, resolver: RedirectResolver?,
    meter: ProgressMeter?, passOver: PassOverLog? = nil
  ) {
    self.passOver = passOver
    self.auditor = auditor
    self.resolver = resolver
    self.meter = meter
    size = meter == nil ? 0 : input.size ?? 0
    documents = InputDocuments(input, format: format, meter: meter, largestWholeDocument: auditor.largestWholeDocument)
  }

  /// The next part of the input, with redirects followed when there is a resolver; nil once
  /// the input is done. Calls must not overlap, nor be mixed with ``nextPart()`` on one input.
  public func next() async -> FileResult? {
    // Reading stays on this task, in order; judgement runs beside it.
    while judging.count < Self.partsInFlight, !isExhausted {
      guard let read = read() else {
        isExhausted = true
        break
      }
      judging.append(Task { await self.judged(read) })
    }
    guard !judging.isEmpty else {
      meter?.finish(size: size, counted: documents.bytesCounted)
      return nil
    }
    let part = await judging.removeFirst().value
    meter?.found(links: part.links.count)
    return part
  }

  private func judged(_ read: ReadPart) async -> FileResult {
    var judged = auditor.judged(read.batch.links, facts: read.facts)
    if let resolver {
      for index in judged.indices where judged[index].needsResolution {
        let resolution = await resolver.resolve(judged[index].judgedURL.string)
        judged[index] = auditor.judge.applying(resolution, to: judged[index])
      }
    }
    return report(judged, read)
  }

  /// The next part, read and judged on the calling thread, without following redirects.
  public func nextPart() -> FileResult? {
    guard let read = read() else { return nil }
    return report(auditor.judged(read.batch.links, facts: read.facts), read)
  }

  private func report(_ judged: [JudgedLink], _ read: ReadPart) -> FileResult {
    auditor.report(
      judged, file: read.file, messages: read.batch.messages, problem: read.batch.problem?.message,
      isFirstPart: read.isFirst, isLastPart: read.isLast, facts: read.facts)
  }

  /// Reads the messages of the next part: whole batches until the part is full, the document
  /// ends, or a batch reports a problem (so each part carries at most one).
  private func read() -> ReadPart? {
    guard !isPassedOver, let part = readPart() else { return nil }
    defer { hasRead = true }
    // A sniffed input that is not its format after all: noted, not an error (nothing was read).
    if let passOver, !hasRead, let problem = part.batch.problem, problem.saysNotThisFormat, part.batch.links.isEmpty,
      part.batch.messages == 0, passOver.isReadable(part.file)
    {
      passOver.add(PassedOver(path: part.file, reason: problem.message))
      isPassedOver = true
      return nil
    }
    return part
  }

  private func readPart() -> ReadPart? {
    if case .between = state {
      switch documents.next() {
      case nil:
        return nil
      case .unreadable(let file, let error):
        return ReadPart(batch: MessageBatch(links: [], messages: 0, problem: error), file: file, isFirst: true, isLast: true)
      case .readable(let file, let stream):
        state = .reading(file: file, stream: stream, isFirstPart: true, facts: nil)
      case .readableInParts(let file, let parts):
        // Read through first to learn what the whole document shows; then judged a part at a time.
        do throws(ReaderError) {
          let facts = try auditor.facts(of: parts)
          state = .reading(file: file, stream: try parts.read(), isFirstPart: true, facts: facts)
        } catch {
          return ReadPart(batch: MessageBatch(links: [], messages: 0, problem: error), file: file, isFirst: true, isLast: true)
        }
      }
    }
    if case .slicing(let slicing) = state { return nextSlice(of: slicing) }
    guard case .reading(let file, let stream, let isFirst, let facts) = state else { return nil }
    var part = MessageBatch(links: [], messages: 0)
    var ended = false
    while part.links.count < Self.linksPerPart, part.messages < Self.messagesPerPart, part.problem == nil {
      guard let batch = stream.next() else {
        ended = true
        break
      }
      part.links += batch.links
      part.messages += batch.messages
      part.problem = batch.problem
    }
    // A document read whole with many links: judged a slice at a time, with what all of them
    // show, so they are never all judged (and held as judged links) at once.
    if facts == nil, part.links.count > 2 * Self.linksPerPart {
      let slicing = Slicing(
        file: file, read: part, facts: auditor.facts(of: part.links), stream: ended ? nil : stream, isFirstPart: isFirst)
      return nextSlice(of: slicing)
    }
    // A document that has just ended after a full part still owes a last part (possibly
    // empty), so every document's last part says so.
    state = ended ? .between : .reading(file: file, stream: stream, isFirstPart: false, facts: facts)
    return ReadPart(batch: part, file: file, isFirst: isFirst, isLast: ended, facts: facts)
  }

  /// The next ``InputAudit/linksPerPart`` links of a batch judged in slices; the batch's
  /// messages are counted with the first, its problem said with the last.
  private func nextSlice(of slicing: Slicing) -> ReadPart {
    var slicing = slicing
    let links = slicing.read.links
    let end = min(links.count, slicing.start + Self.linksPerPart)
    let isLastSlice = end == links.count
    let batch = MessageBatch(
      links: Array(links[slicing.start..<end]), messages: slicing.start == 0 ? slicing.read.messages : 0,
      problem: isLastSlice ? slicing.read.problem : nil)
    let part = ReadPart(
      batch: batch, file: slicing.file, isFirst: slicing.isFirstPart, isLast: isLastSlice && slicing.stream == nil,
      facts: slicing.facts)
    if !isLastSlice {
      slicing.start = end
      slicing.isFirstPart = false
      state = .slicing(slicing)
    } else if let stream = slicing.stream {
      state = .reading(file: slicing.file, stream: stream, isFirstPart: false, facts: nil)
    } else {
      state = .between
    }
    return part
  }
}

import DarkshareCore
import DarkshareJudgement
import DarkshareReaders
import DarkshareRules

/// The whole pipeline for one input: read → extract → judge → (resolve) → rules → ``FileResult``.
///
/// Inputs are read through ``InputAudit``, a part at a time, so an archive of gigabytes is
/// audited in the memory of a few thousand links.
public struct Auditor: Sendable {
  public let configuration: Configuration
  let judge: LinkJudge
  private let rules = RuleRunner()
  /// The largest input read whole, in bytes; a larger one is an error rather than an
  /// out-of-memory. Streamed formats (mbox, SMS backups) have no such limit.
  public static let maximumInputSize = 512 * 1024 * 1024
  /// The largest document of a format read in parts (HTML) that is read whole
  /// (``InputDocuments/largestWholeDocument``); tests lower it to read every document in parts.
  var largestWholeDocument = InputDocuments.largestWholeDocument
  /// Whether findings carry their message and suggestion (``RuleContext/explainsFindings``):
  /// off for a run whose reports show neither.
  public var explainsFindings = true

  public init(configuration: Configuration = .default) {
    self.configuration = configuration
    judge = LinkJudge(policy: JudgementPolicy(configuration: configuration))
  }

  /// Reads and audits one input, in parts; `resolver` (when set) follows shortener and opaque
  /// redirects before the rules run, so the rules judge the destinations it finds; `meter`
  /// (when set) is told of the bytes read and the links found; `format` (when set) is the reader
  /// for the input's document instead of the one its name and first bytes call for. With
  /// `passOver`, the input was only sniffed: when it turns out not to be a format darkshare
  /// reads, it is noted there and gives no result rather than an error.
  public func parts(
    of input: ResolvedInput, format: (any InputReader.Type)? = nil, resolver: RedirectResolver? = nil,
    meter: ProgressMeter? = nil, passOver: PassOverLog? = nil
  ) -> InputAudit {
    InputAudit(input: input, format: format, auditor: self, resolver: resolver, meter: meter, passOver: passOver)
  }

  /// Audits the bytes of an input shown as `file`, as one result (every part joined), without
  /// following redirects.
  public func audit(bytes: [UInt8], file: String) -> FileResult {
    let audit = parts(of: .bytes(bytes, name: file))
    var joined: FileResult?
    while let part = audit.nextPart() { joined = joined.map { $0.appending(part) } ?? part }
    return joined ?? FileResult(file: file, links: [])
  }

  /// Judges links as read: the links of whole messages, or with `facts` a part of a document
  /// read in parts (each link with the facts of its message).
  func judged(_ links: [Link], facts: DocumentFacts? = nil) -> [JudgedLink] {
    guard let facts else { return judge.judge(messagesOf: links) }
    return DocumentFacts.byMessage(links) { message, links in
      // A message whose facts were not kept is whole here.
      guard let gathered = facts.messages[message] else { return judge.judge(messagesOf: links) }
      return judge.judge(partOf: links, facts: gathered.judgement)
    }
  }

  /// Reads a document that is read in parts through once — twice when its text links may be
  /// twins of its service links — to gather what the whole of it, and each of its messages,
  /// shows. Of a document whose messages follow one another, only the facts of messages that
  /// go on from one batch to the next are kept (``PartedDocument/messagesFollowOneAnother``).
  /// - Throws: ``ReaderError`` when it cannot be read (again).
  func facts(of parts: InputDocuments.DocumentParts) throws(ReaderError) -> DocumentFacts {
    try facts(keepsEveryMessage: !parts.messagesFollowOneAnother) { () throws(ReaderError) in try parts.read() }
  }

  /// What the whole of `links`, a document already read, shows: gathered a slice at a time, so
  /// that its links are never all judged at once.
  func facts(of links: [Link]) -> DocumentFacts {
    facts(keepsEveryMessage: true) { LinkSlices(links, size: InputAudit.linksPerPart) }
  }

  /// The facts of a document whose links `reading` hands out from the start, each time it is
  /// called; unless `keepsEveryMessage`, without those of messages whose links all come in one
  /// batch, and so in one part.
  private func facts<Failure: Error>(
    keepsEveryMessage: Bool, reading: () throws(Failure) -> any MessageStream
  ) throws(Failure) -> DocumentFacts {
    var facts = DocumentFacts()
    var needsTwins = false
    var wholeMessages = WholeMessages()
    let first = try reading()
    while let batch = first.next() {
      _ = DocumentFacts.byMessage(batch.links) { message, links in
        let judged = judge.judge(partOf: links, facts: MessageFacts())
        facts.messages[message, default: DocumentFacts.Message()].judgement.addServices(of: judged, policy: judge.policy)
        facts.add(judged, of: message, policy: judge.policy)
        needsTwins = needsTwins || facts.messages[message]?.judgement.needsTwinsBeforeTrackers == true
        return judged
      }
      if !keepsEveryMessage { facts.forget(wholeMessages.whole(in: batch)) }
    }
    guard needsTwins else { return facts }
    // Text links that are twins of service links are no longer outbound: count again.
    var counted = DocumentFacts()
    for (message, gathered) in facts.messages {
      counted.messages[message] = DocumentFacts.Message(judgement: gathered.judgement.withoutTrackers)
    }
    wholeMessages = WholeMessages()
    let second = try reading()
    while let batch = second.next() {
      _ = DocumentFacts.byMessage(batch.links) { message, links in
        // A message whose facts were not kept is whole here: its services are gathered again.
        let services = facts.messages[message]?.judgement.withoutTrackers ?? services(of: links)
        let judged = judge.judge(partOf: links, facts: services)
        counted.add(judged, of: message, policy: judge.policy)
        return judged
      }
      if !keepsEveryMessage { counted.forget(wholeMessages.whole(in: batch)) }
    }
    return counted
  }

  /// The service links of `links`, a whole message, as the first reading of
  /// ``facts(keepsEveryMessage:reading:)`` gathers them.
  private func services(of links: [Link]) -> MessageFacts {
    var facts = MessageFacts()
    facts.addServices(of: judge.judge(partOf: links, facts: MessageFacts()), policy: judge.policy)
    return facts
  }

  /// Runs the rules over the judged links of whole messages of `file`, or with `facts` over a
  /// part of a document read in parts.
  func report(
    _ judged: [JudgedLink], file: String, messages: Int, problem: String?, isFirstPart: Bool, isLastPart: Bool,
    facts: DocumentFacts? = nil
  ) -> FileResult {
    let policy = judge.policy
    let context =
      facts.map {
        RuleContext(
          configuration: configuration, policy: policy, values: $0.values, documentName: file,
          explainsFindings: explainsFindings)
      }
      ?? RuleContext(
        configuration: configuration, policy: policy, links: judged, documentName: file, explainsFindings: explainsFindings)
    let findings =
      facts.map { facts in
        DocumentFacts.byMessage(judged, message: \.link.message?.index) { message, judged in
          // A message whose facts were not kept is whole here.
          guard let gathered = facts.messages[message] else { return rules.findings(for: judged, in: context) }
          return rules.findings(forPartOf: judged, message: gathered.campaign, in: context)
        }
      } ?? rules.findings(for: judged, in: context)
    let audited = zip(judged, findings).map { link, findings in
      AuditedLink(
        link: link.link, destination: link.destination, service: link.service, status: link.status,
        findings: findings, hops: link.resolution?.hops ?? [], resolutionError: link.resolution?.error)
    }
    return FileResult(
      file: file, links: audited, messages: messages, error: problem, isFirstPart: isFirstPart, isLastPart: isLastPart)
  }
}

extension FileResult {
  /// This part followed by `next`, a later part of the same input.
  func appending(_ next: FileResult) -> FileResult {
    let errors = [error, next.error].compactMap { $0 }
    return FileResult(
      file: file, links: links + next.links, messages: messages + next.messages,
      error: errors.isEmpty ? nil : errors.joined(separator: "; "), isFirstPart: isFirstPart, isLastPart: next.isLastPart)
  }
}

/// The links of a document already read, handed out `size` at a time.
final class LinkSlices: MessageStream {
  private let links: [Link]
  private let size: Int
  private var start = 0

  init(_ links: [Link], size: Int) {
    self.links = links
    self.size = max(1, size)
  }

  func next() -> MessageBatch? {
    guard start < links.count else { return nil }
    let end = min(links.count, start + size)
    defer { start = end }
    return MessageBatch(links: Array(links[start..<end]), messages: 0)
  }
}

/// What the whole of a document read in parts shows, gathered before its parts are judged:
/// for each of its messages, the judgement's facts (service twins, inferred trackers) and the
/// rules' (tagged HTML links, campaign values); for the document, its usual campaign values.
struct DocumentFacts: Sendable {
  /// The facts of one message.
  struct Message: Sendable {
    var judgement = MessageFacts()
    var campaign = MessageCampaignFacts()
  }

  /// By ``MessageContext/index`` (nil for a document that is one message without a context).
  var messages: [Int?: Message] = [:]
  var values = RuleContext.CampaignValues()

  /// Drops the facts of `messages` (the document's values stay counted).
  mutating func forget(_ messages: [Int?]) {
    for message in messages { self.messages[message] = nil }
  }

  /// Counts `judged`, the next links of `message`, for trackers and rules.
  mutating func add(_ judged: [JudgedLink], of message: Int?, policy: JudgementPolicy) {
    messages[message, default: Message()].judgement.addTrackers(of: judged)
    messages[message, default: Message()].campaign.add(judged, policy: policy)
    values.add(judged, policy: policy)
  }

  /// `transform` applied to the items of each message in `items` in turn (in the order the
  /// messages first appear), its results put back in the items' places.
  static func byMessage<Item, Result>(
    _ items: [Item], message: (Item) -> Int?, _ transform: (Int?, [Item]) -> [Result]
  ) -> [Result] {
    var members = [Int?: [Int]]()
    var order = [Int?]()
    for (index, item) in items.enumerated() {
      let key = message(item)
      if members[key] == nil { order.append(key) }
      members[key, default: []].append(index)
    }
    // Almost always one message: no copying.
    if order.count == 1 { return transform(order[0], items) }
    var results = [Result?](repeating: nil, count: items.count)
    for key in order {
      let indices = members[key] ?? []
      for (index, result) in zip(indices, transform(key, indices.map { items[$0] })) { results[index] = result }
    }
    return results.map { $0! }
  }

  /// ``byMessage(_:message:_:)`` over links.
  static func byMessage<Result>(_ links: [Link], _ transform: (Int?, [Link]) -> [Result]) -> [Result] {
    byMessage(links, message: \.message?.index, transform)
  }
}

/// Which messages of a document whose messages follow one another have come whole in one
/// batch, so their facts need not be kept: each part holds whole batches, and so all of such
/// a message's links.
private struct WholeMessages {
  /// The last message of the batch before, and whether it came in the batch before that too.
  private var last: (message: Int?, goesOn: Bool)?

  /// The messages known, once `batch` is read, to have all their links in one batch: each of
  /// its messages but the last, unless it goes on from the batch before; and the last message of
  /// the batch before, unless this batch goes on with it or it went on from the batch before it.
  mutating func whole(in batch: MessageBatch) -> [Int?] {
    var messages = [Int?]()
    for link in batch.links where messages.last != link.message?.index { messages.append(link.message?.index) }
    guard let first = messages.first, let final = messages.last else { return [] }
    let goesOn = last.map { $0.message == first } ?? false
    var whole = [Int?]()
    if let last, !goesOn, !last.goesOn { whole.append(last.message) }
    for (position, message) in messages.dropLast().enumerated() where !(position == 0 && goesOn) { whole.append(message) }
    last = (final, messages.count == 1 && goesOn)
    return whole
  }
}

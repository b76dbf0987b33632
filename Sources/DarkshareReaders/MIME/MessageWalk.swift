import DarkshareCore
import DarkshareMarkup

/// One pass over a parsed message tree, collecting the links of its text parts.
///
/// Shared by ``EMLReader`` (one message, indices from 0) and ``MboxReader`` (many messages,
/// each walk starting where the previous one stopped), so both read MIME the same way.
///
/// Every `text/html` part goes through ``HTMLLinkScanner`` and every `text/plain` part through
/// ``PlainTextLinkDetector``, after the transfer encoding is undone and the charset converted.
/// A `message/rfc822` part is a message of its own and takes the next index; other attachments
/// are skipped. Lines and columns are 1-based within the decoded part.
struct MessageWalk {
  let file: String
  /// The links found so far, in message order.
  var links = [Link]()
  /// What could not be read (a part nested too deep, HTML over its markup budget), for the
  /// input's error: a body is never skipped silently.
  var problems = [String]()
  /// The ``MessageContext/index`` the next message met will get.
  private(set) var nextIndex: Int

  /// A walk whose first message gets index `firstIndex`.
  init(file: String, firstIndex: Int = 0) {
    self.file = file
    nextIndex = firstIndex
  }

  /// Reads `entity` as a message: its headers become the context of its links and of nothing
  /// else (attached messages get their own).
  mutating func message(_ entity: MIMEEntity) {
    let context = Self.context(of: entity.headers, index: nextIndex)
    nextIndex += 1
    visit(entity, context: context, unsubscribe: Self.unsubscribeURLs(of: entity.headers))
  }

  /// The context the links of the message with `headers` get.
  static func context(of headers: MIMEHeaders, index: Int) -> MessageContext {
    MessageContext(
      index: index, id: headers["Message-ID"], date: headers["Date"].map { MessageDate.fromRFC5322($0) ?? $0 },
      from: headers.decoded("From"), subject: headers.decoded("Subject"))
  }

  /// The message's `List-Unsubscribe` URLs: body links to them are declared service links.
  static func unsubscribeURLs(of headers: MIMEHeaders) -> Set<String> {
    Set(ListUnsubscribe.urls(in: headers["List-Unsubscribe"] ?? ""))
  }

  /// The problem reported for an HTML part over its markup budget.
  static func htmlNotRead(_ refusal: MarkupBudget.Violation, in context: MessageContext) -> String {
    "message \(context.index): an HTML part was not read: \(refusal) of the part"
  }

  /// The problem reported for a part nested deeper than ``MIMEEntity/maximumDepth``.
  static func tooDeep(in context: MessageContext) -> String {
    "message \(context.index): a MIME part nested more than \(MIMEEntity.maximumDepth) levels deep was not read"
  }

  private mutating func visit(_ entity: MIMEEntity, context: MessageContext, unsubscribe: Set<String>) {
    switch entity.content {
    case .skipped:
      problems.append(Self.tooDeep(in: context))
    case .multipart(let parts):
      for part in parts { visit(part, context: context, unsubscribe: unsubscribe) }
    case .message(let inner):
      message(inner)
    case .single:
      guard let kind = TextPart(entity) else { return }
      let found =
        switch kind {
        case .html: htmlLinks(entity, context: context, problems: &problems)
        case .plain: textLinks(entity, context: context)
        }
      links += found.map { Self.marked($0, unsubscribe: unsubscribe) }
    }
  }

  /// The text parts whose links are read; other single parts (attachments, images) are skipped.
  enum TextPart {
    case html
    case plain

    init?(_ entity: MIMEEntity) {
      let type = entity.contentType
      guard type.type == "text", !entity.isAttachment else { return nil }
      switch type.subtype {
      case "html": self = .html
      case "plain", "": self = .plain
      default: return nil
      }
    }
  }

  /// Reads `entity`, a single part of the message `context` (held whole).
  mutating func part(_ entity: MIMEEntity, context: MessageContext, unsubscribe: Set<String>) {
    visit(entity, context: context, unsubscribe: unsubscribe)
  }

  /// `link` marked as a declared service link when it is one of the message's unsubscribe URLs.
  static func marked(_ link: Link, unsubscribe: Set<String>) -> Link {
    let declared = !unsubscribe.isEmpty && unsubscribe.contains(link.url)
    // Changed only when it changes: a link whose box the caller's array shares is copied to
    // be changed, one allocation a link for the few that are unsubscribe URLs.
    guard link.isDeclaredServiceLink != declared else { return link }
    var link = link
    link.isDeclaredServiceLink = declared
    return link
  }

  private func htmlLinks(_ entity: MIMEEntity, context: MessageContext, problems: inout [String]) -> [Link] {
    var bytes = entity.decodedBody
    if let charset = entity.contentType.charset {
      // The MIME charset wins over a <meta> in the part: convert, and say so with a BOM.
      bytes = [0xEF, 0xBB, 0xBF] + MIMEText.utf8(bytes, charset: charset)
    }
    let scan = HTMLLinkScanner.scan(bytes)
    if let refusal = scan.refusal {
      problems.append(Self.htmlNotRead(refusal, in: context))
    }
    return scan.links.map { found in
      Link(
        url: found.value.trimmingASCIIWhitespace(),
        location: SourceLocation(file: file, line: found.line, column: found.column),
        text: found.text, element: found.element, channel: .email, isSuppressed: found.isSuppressed,
        message: context)
    }
  }

  private func textLinks(_ entity: MIMEEntity, context: MessageContext) -> [Link] {
    let text = MIMEText.string(entity.decodedBody, charset: entity.contentType.charset)
    let found = PlainTextLinkDetector.links(in: text)
    return zip(found, PlainTextLeadIn.leadIns(of: found, in: text)).map { found, leadIn in
      Link(
        url: found.url, location: SourceLocation(file: file, line: found.line, column: found.column),
        text: nil, element: "text", channel: .email, message: context, leadIn: leadIn)
    }
  }
}

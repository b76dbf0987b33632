import DarkshareCore
import DarkshareMarkup

/// Reads one e-mail message (`.eml`, RFC 5322 + MIME), attached forwards included.
///
/// Every `text/html` part goes through ``HTMLLinkScanner`` and every `text/plain` part through
/// ``PlainTextLinkDetector``, after the transfer encoding (quoted-printable, base64) is undone
/// and the part's charset converted. Multipart parts are all read (both renderings of a
/// `multipart/alternative` carry links); a `message/rfc822` part is read as a message of its
/// own; other attachments are skipped. Lines and columns are 1-based **within the decoded
/// part**, since the file as stored shows the URL encoded (or split by soft line breaks).
///
/// Each link carries its ``MessageContext`` (0 for the message itself, then 1, 2, … for
/// attached messages in order). Body links whose URL is one of the message's
/// `List-Unsubscribe` URLs are marked ``Link/isDeclaredServiceLink``.
public struct EMLReader: InputReader {
  public static let format = "eml"

  public init() {}

  /// Header names a message file starts with (RFC 5322, RFC 2045, and what MTAs prepend).
  private static let leadingHeaders: Set<String> = [
    "from", "received", "mime-version", "return-path", "delivered-to", "message-id", "date", "subject",
    "to", "x-mozilla-status", "x-apple-base-url", "dkim-signature", "arc-seal", "authentication-results",
    "x-received", "x-gm-message-state", "sender", "reply-to", "content-type", "x-original-to",
    "envelope-to", "x-sender", "user-agent", "x-mailer", "thread-topic", "list-unsubscribe", "cc",
  ]

  public static func accepts(path: String, head: ArraySlice<UInt8>) -> Bool {
    if path.lowercased().hasSuffix(".eml") { return true }
    let lineEnd = head.firstIndex { $0 == 0x0A || $0 == 0x0D } ?? head.endIndex
    guard let colon = head[head.startIndex..<lineEnd].firstIndex(of: UInt8(ascii: ":")) else { return false }
    let name = String(decoding: head[head.startIndex..<colon], as: UTF8.self).lowercased()
    return leadingHeaders.contains(name)
  }

  public func links(in bytes: [UInt8], file: String) throws(ReaderError) -> [Link] {
    if let problem = BinarySniffer.problem(in: bytes, expected: "an e-mail message") { throw ReaderError(problem) }
    if bytes.isEmpty { throw ReaderError("not an e-mail message: the file is empty") }
    var walk = Walk(file: file)
    walk.message(MIMEEntity.message(bytes))
    return walk.links
  }

  /// The state of one pass over a message tree.
  private struct Walk {
    let file: String
    var links = [Link]()
    var nextIndex = 0

    init(file: String) { self.file = file }

    mutating func message(_ entity: MIMEEntity) {
      let headers = entity.headers
      let context = MessageContext(
        index: nextIndex, id: headers["Message-ID"], date: headers["Date"], from: headers.decoded("From"),
        subject: headers.decoded("Subject"))
      nextIndex += 1
      let unsubscribe = Set(ListUnsubscribe.urls(in: headers["List-Unsubscribe"] ?? ""))
      visit(entity, context: context, unsubscribe: unsubscribe)
    }

    mutating func visit(_ entity: MIMEEntity, context: MessageContext, unsubscribe: Set<String>) {
      switch entity.content {
      case .skipped: return
      case .multipart(let parts):
        for part in parts { visit(part, context: context, unsubscribe: unsubscribe) }
      case .message(let inner):
        message(inner)
      case .single:
        let type = entity.contentType
        guard type.type == "text", !entity.isAttachment else { return }
        let found: [Link]
        switch type.subtype {
        case "html": found = htmlLinks(entity, context: context)
        case "plain", "": found = textLinks(entity, context: context)
        default: return
        }
        links += found.map { link in
          var link = link
          link.isDeclaredServiceLink = unsubscribe.contains(link.url)
          return link
        }
      }
    }

    func htmlLinks(_ entity: MIMEEntity, context: MessageContext) -> [Link] {
      var bytes = entity.decodedBody
      if let charset = entity.contentType.charset {
        // The MIME charset wins over a <meta> in the part: convert, and say so with a BOM.
        bytes = [0xEF, 0xBB, 0xBF] + MIMEText.utf8(bytes, charset: charset)
      }
      return HTMLLinkScanner.scan(bytes).links.map { found in
        Link(
          url: found.value.trimmingASCIIWhitespace(),
          location: SourceLocation(file: file, line: found.line, column: found.column),
          text: found.text, element: found.element, channel: .email, isSuppressed: found.isSuppressed,
          message: context)
      }
    }

    func textLinks(_ entity: MIMEEntity, context: MessageContext) -> [Link] {
      let text = MIMEText.string(entity.decodedBody, charset: entity.contentType.charset)
      return PlainTextLinkDetector.links(in: text).map { found in
        Link(
          url: found.url, location: SourceLocation(file: file, line: found.line, column: found.column),
          text: nil, element: "text", channel: .email, message: context)
      }
    }
  }
}

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

  /// Header names that also start stored mail (Maildir files, server copies), but only claim a
  /// file when the next line is a header field too: `X-Factor: notes` alone is not a message.
  private static let secondaryHeaders: Set<String> = [
    "received-spf", "list-id", "in-reply-to", "references", "precedence", "errors-to", "bcc",
    "content-transfer-encoding", "resent-from", "resent-date", "thread-index",
  ]

  /// Claims `.eml` files, and files that start with a mail header field: one of
  /// ``leadingHeaders``, or an `X-…` or ``secondaryHeaders`` field followed (after its folded
  /// lines) by another field
  /// (Maildir files have no extension and often start `X-Original-To:` or `Delivered-To:`).
  public static func accepts(path: String, head: ArraySlice<UInt8>) -> Bool {
    if InputName.hasExtension(path, ".eml") { return true }
    guard let (name, next) = headerField(in: head, from: head.startIndex) else { return false }
    if leadingHeaders.contains(name) { return true }
    guard name.hasPrefix("x-") || secondaryHeaders.contains(name) else { return false }
    var line = next
    while line < head.endIndex, head[line] == 0x20 || head[line] == 0x09 { line = head.lineEnd(from: line).next }
    return headerField(in: head, from: line) != nil
  }

  /// The lower-case name of the header field on the line at `start`, and where the next line
  /// starts; nil when the line is not `name: value` with a printable ASCII name.
  private static func headerField(in head: ArraySlice<UInt8>, from start: Int) -> (String, Int)? {
    let (lineEnd, next) = head.lineEnd(from: start)
    guard let colon = head[start..<lineEnd].firstIndex(of: UInt8(ascii: ":")), colon > start,
      head[start..<colon].allSatisfy({ $0 > 0x20 && $0 < 0x7F })
    else { return nil }
    return (String(decoding: head[start..<colon], as: UTF8.self).lowercased(), next)
  }

  public func links(in bytes: [UInt8], file: String) throws(ReaderError) -> [Link] {
    let read = try self.read(bytes, file: file)
    if let problem = read.problem { throw problem }
    return read.links
  }

  /// The links, and what could not be read (a part nested too deep, HTML over its markup
  /// budget): the links found elsewhere in the message are kept.
  public func read(_ bytes: [UInt8], file: String) throws(ReaderError) -> (links: [Link], problem: ReaderError?) {
    if let problem = BinarySniffer.problem(in: bytes, expected: "an e-mail message") { throw ReaderError(problem) }
    if bytes.isEmpty { throw ReaderError("not an e-mail message: the file is empty") }
    var walk = MessageWalk(file: file)
    walk.message(MIMEEntity.message(bytes))
    return (walk.links, walk.problems.isEmpty ? nil : ReaderError(walk.problems.joined(separator: "; ")))
  }
}

import DarkshareCore
import DarkshareMarkup

/// The one body of an Outlook message that is read: HTML (stored, or taken out of RTF) or text.
struct OutlookBody {
  enum Kind { case html, text }

  /// The bodies a message may have, in Outlook's order of preference.
  enum Choice: CaseIterable { case html, rtfHTML, text }

  /// The body `choice` of `message`; nil when the message lacks it.
  static func body(_ choice: Choice, of message: OutlookMessage) throws(ReaderError) -> OutlookBody? {
    switch choice {
    case .html: try html(of: message)
    case .rtfHTML: try rtfHTML(of: message)
    case .text: try text(of: message)
    }
  }

  let kind: Kind
  /// The body as UTF-8 (an HTML body may instead start with a byte-order mark, or declare its
  /// charset with `<meta>` when Outlook stored it without one).
  let bytes: [UInt8]

  /// `PidTagHtml`: binary in `PidTagInternetCodepage` (converted to UTF-8 and marked with a BOM,
  /// as a MIME charset is), or a string property.
  static func html(of message: OutlookMessage) throws(ReaderError) -> OutlookBody? {
    if let binary = try message.bytes(.html, type: 0x0102) {
      guard let codePage = message.integer(.internetCodepage), codePage > 0 else { return OutlookBody(kind: .html, bytes: binary) }
      return OutlookBody(kind: .html, bytes: [0xEF, 0xBB, 0xBF] + OutlookMessage.utf8(binary, codePage: codePage))
    }
    guard let text = try message.string(.html) else { return nil }
    return OutlookBody(kind: .html, bytes: [0xEF, 0xBB, 0xBF] + Array(text.utf8))
  }

  /// The HTML encapsulated in `PidTagRtfCompressed`; nil when there is no RTF body or it
  /// encapsulates no HTML.
  static func rtfHTML(of message: OutlookMessage) throws(ReaderError) -> OutlookBody? {
    guard let body = try rtf(of: message), body.kind == .html else { return nil }
    return OutlookBody(kind: .html, bytes: [0xEF, 0xBB, 0xBF] + body.utf8)
  }

  /// `PidTagBody`, else the text of an RTF body that encapsulates no HTML.
  static func text(of message: OutlookMessage) throws(ReaderError) -> OutlookBody? {
    if let text = try message.string(.body) { return OutlookBody(kind: .text, bytes: Array(text.utf8)) }
    guard let body = try rtf(of: message), body.kind == .text else { return nil }
    return OutlookBody(kind: .text, bytes: body.utf8)
  }

  private static func rtf(of message: OutlookMessage) throws(ReaderError) -> RTFBody? {
    guard let compressed = try message.bytes(.rtfCompressed, type: 0x0102) else { return nil }
    return try RTFBody(CompressedRTF.decompress(compressed))
  }

  /// The links of the body, as e-mail links of `file` in message `context`.
  /// - Throws: ``ReaderError`` when the HTML exceeds its markup budget.
  func links(file: String, context: MessageContext) throws(ReaderError) -> [Link] {
    switch kind {
    case .html:
      let scan = HTMLLinkScanner.scan(bytes)
      if let refusal = scan.refusal { throw ReaderError("the HTML body was not read: \(refusal)") }
      return scan.links.map { found in
        Link(
          url: found.value.trimmingASCIIWhitespace(), location: SourceLocation(file: file, line: found.line, column: found.column),
          text: found.text, element: found.element, channel: .email, isSuppressed: found.isSuppressed, message: context)
      }
    case .text:
      let text = String(decoding: bytes, as: UTF8.self)
      let found = PlainTextLinkDetector.links(in: text)
      return zip(found, PlainTextLeadIn.leadIns(of: found, in: text)).map { found, leadIn in
        Link(
          url: found.url, location: SourceLocation(file: file, line: found.line, column: found.column), text: nil,
          element: "text", channel: .email, message: context, leadIn: leadIn)
      }
    }
  }
}

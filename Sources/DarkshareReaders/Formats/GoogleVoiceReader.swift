import DarkshareCore

/// Reads a Google Voice conversation file from Google Takeout (`Voice/Calls/*.html`): a text
/// conversation (`NAME - Text - TIME.html`) or a group conversation
/// (`Group Conversation - TIME.html`).
///
/// Takeout writes each conversation as an hChatLog microformat page:
///
/// ```html
/// <div class="hChatLog hfeed">
/// <div class="message"><abbr class="dt" title="2023-10-01T08:30:41.563-07:00">Oct 1, 2023, …</abbr>:
/// <cite class="sender vcard"><a class="tel" href="tel:+17323212222"><span class="fn">Alan</span></a></cite>:
/// <q>See https://shop.example/sale</q>
/// </div>
/// ```
///
/// Each `<div class="message">` is a ``MessageContext``: `index` counts messages from 0, `date` is
/// the `abbr class="dt"` `title` (ISO 8601, as written), `from` the sender's name (`fn`; the
/// account owner is `Me`) or, when Takeout left it empty, the number from `href="tel:…"`. The
/// links are the `<a href>` written inside `<q>` (element `a`, the anchor text as text) and the
/// URLs in its text, found the way phones linkify text (``PlainTextLinkDetector``; `<br>` is a
/// line break, character references are decoded). The attachment links, the sender's `tel:`
/// link and the `google.com/voice#…` label links outside `<q>` are Takeout's, not the
/// message's, and are not counted. A call or voicemail page (`<div class="haudio">`) is claimed
/// too, so it is not read as an e-mail newsletter, and gives no links. The channel is
/// ``Channel/sms``.
///
/// The pages declare XHTML but are not well-formed XML, and their shape is fixed by Takeout, so
/// they are scanned as bytes rather than parsed; no markup is interpreted beyond the tags named
/// here. Position: the 1-based line and column (Unicode scalars) in the file of the URL's first
/// character, for an `href` the first character of its value.
///
/// - Complexity: O(*n*) in the file's length.
public struct GoogleVoiceReader: InputReader {
  public static let format = "google-voice"

  public init() {}

  /// What a Takeout page's body starts with: a conversation, or a call or voicemail.
  static let markers = [Array(#"<div class="hChatLog"#.utf8), Array(#"<div class="haudio">"#.utf8)]
  /// What starts each message; a message runs to the next one, or to the end of the file.
  static let messageStart = Array(#"<div class="message""#.utf8)
  static let notAPage = ReaderError("not a Google Voice page: no <div class=\"hChatLog\"> or <div class=\"haudio\">")

  /// Claims an `.html`/`.htm` file, or an input named without an extension, whose first bytes
  /// hold Takeout's `<div class="hChatLog …">` or `<div class="haudio">`.
  public static func accepts(path: String, head: ArraySlice<UInt8>) -> Bool {
    let lowered = path.lowercased()
    guard lowered.hasSuffix(".html") || lowered.hasSuffix(".htm") || InputName.hasNoExtension(path) else { return false }
    return markers.contains { head.firstIndex(ofBytes: $0) != nil }
  }

  public func links(in bytes: [UInt8], file: String) throws(ReaderError) -> [Link] {
    if let problem = BinarySniffer.problem(in: bytes, expected: "a Google Voice page") { throw ReaderError(problem) }
    guard Self.markers.contains(where: { bytes.firstIndex(ofBytes: $0) != nil }) else { throw Self.notAPage }
    var cursor = ByteCursor(bytes)
    var links = [Link]()
    var start = bytes.firstIndex(ofBytes: Self.messageStart)
    var index = 0
    while let messageStart = start {
      let next = bytes.firstIndex(ofBytes: Self.messageStart, from: messageStart + Self.messageStart.count)
      links += Self.links(ofMessage: index, in: bytes, from: messageStart, to: next ?? bytes.count, file: file, cursor: &cursor)
      index += 1
      start = next
    }
    return links
  }

  /// The links of message `index`, `bytes[start..<end]`, in the order they are written.
  static func links(
    ofMessage index: Int, in bytes: [UInt8], from start: Int, to end: Int, file: String, cursor: inout ByteCursor
  ) -> [Link] {
    let context = Self.context(ofMessage: index, in: bytes, from: start, to: end)
    guard let text = quoteStart(in: bytes, from: start, to: end) else { return [] }
    let quote = GoogleVoiceQuote(bytes, from: text, to: quoteClose(in: bytes, from: text, to: end) ?? end)
    return links(in: quote, context: context, file: file, cursor: &cursor)
  }

  /// The message's index, time and sender.
  static func context(ofMessage index: Int, in bytes: [UInt8], from start: Int, to end: Int) -> MessageContext {
    MessageContext(index: index, date: date(bytes, from: start, to: end), from: sender(bytes, from: start, to: end))
  }

  /// Whether the time and sender of a message of which `bytes[start..<end]` is held are those of
  /// the whole message whatever follows: its `class="dt"` tag and its `<cite>…</cite>` are held.
  static func knowsContext(in bytes: [UInt8], from start: Int, to end: Int) -> Bool {
    guard let abbr = bytes.firstIndex(ofBytes: Array(#"class="dt""#.utf8), from: start, within: end - start),
      bytes.firstIndex(ofBytes: [UInt8(ascii: ">")], from: abbr, within: end - abbr - 1) != nil,
      let cite = bytes.firstIndex(ofBytes: Array("<cite".utf8), from: start, within: end - start)
    else { return false }
    return bytes.firstIndex(ofBytes: Array("</cite>".utf8), from: cite, within: end - cite) != nil
  }

  /// Where the text of the message's `<q>` starts: just after it.
  static func quoteStart(in bytes: [UInt8], from start: Int, to end: Int) -> Int? {
    bytes.firstIndex(ofBytes: Array("<q>".utf8), from: start, within: end - start - 3).map { $0 + 3 }
  }

  /// Where the `</q>` that ends the text of a `<q>` is, from `text` on, in the message that ends
  /// at `end`; nil when the quote runs to the end of the message.
  static func quoteClose(in bytes: [UInt8], from text: Int, to end: Int) -> Int? {
    bytes.firstIndex(ofBytes: Array("</q>".utf8), from: text, within: max(0, end - text - 4))
  }

  /// The links of `quote` (or of a part of it), in file order.
  static func links(in quote: GoogleVoiceQuote, context: MessageContext, file: String, cursor: inout ByteCursor) -> [Link] {
    var found = [(offset: Int, url: String, text: String?, element: String)]()
    for anchor in quote.anchors where !anchor.url.isEmpty {
      found.append((anchor.offset, anchor.url, anchor.text, "a"))
    }
    for (link, offset) in PlainTextLinkDetector.linksWithOffsets(in: quote.scalars) {
      found.append((quote.offsets[offset], link.url, nil, "text"))
    }
    // In file order, so the cursor only moves forward.
    return found.sorted { $0.offset < $1.offset }.map { found in
      let position = cursor.position(of: found.offset)
      return Link(
        url: found.url, location: SourceLocation(file: file, line: position.line, column: position.column), text: found.text,
        element: found.element, channel: .sms, message: context)
    }
  }

  /// The `title` of the message's `<abbr class="dt">`: the time, ISO 8601 with its offset.
  private static func date(_ bytes: [UInt8], from start: Int, to end: Int) -> String? {
    guard let abbr = bytes.firstIndex(ofBytes: Array(#"class="dt""#.utf8), from: start, within: end - start),
      let close = bytes.firstIndex(ofBytes: [UInt8(ascii: ">")], from: abbr, within: end - abbr - 1)
    else { return nil }
    return nonEmpty(GoogleVoiceQuote.attribute("title", in: bytes, from: abbr, to: close)?.value)
  }

  /// The sender in the message's `<cite class="sender vcard">`: its `fn`, or its `tel:` number.
  private static func sender(_ bytes: [UInt8], from start: Int, to end: Int) -> String? {
    guard let cite = bytes.firstIndex(ofBytes: Array("<cite".utf8), from: start, within: end - start) else { return nil }
    let citeEnd = bytes.firstIndex(ofBytes: Array("</cite>".utf8), from: cite, within: end - cite) ?? end
    if let fn = bytes.firstIndex(ofBytes: Array(#"class="fn""#.utf8), from: cite, within: citeEnd - cite),
      let open = bytes.firstIndex(ofBytes: [UInt8(ascii: ">")], from: fn, within: citeEnd - fn - 1)
    {
      let close = bytes.firstIndex(ofBytes: [UInt8(ascii: "<")], from: open + 1, within: citeEnd - open - 2) ?? citeEnd
      let name = GoogleVoiceQuote(bytes, from: open + 1, to: close).scalars
      if let name = nonEmpty(String(String.UnicodeScalarView(name)).trimmingASCIIWhitespace()) { return name }
    }
    guard let tag = bytes.firstIndex(ofBytes: Array(#"class="tel""#.utf8), from: cite, within: citeEnd - cite),
      let close = bytes.firstIndex(ofBytes: [UInt8(ascii: ">")], from: tag, within: citeEnd - tag - 1),
      let href = GoogleVoiceQuote.attribute("href", in: bytes, from: cite, to: close)?.value
    else { return nil }
    return nonEmpty(href.hasPrefix("tel:") ? String(href.dropFirst(4)) : href)
  }

  private static func nonEmpty(_ value: String?) -> String? {
    guard let value, !value.isEmpty else { return nil }
    return value
  }
}

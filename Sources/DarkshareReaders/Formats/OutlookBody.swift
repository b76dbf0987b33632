import DarkshareCore
import DarkshareMarkup

/// The one body of an Outlook message that is read: HTML (stored, or taken out of RTF) or text.
struct OutlookBody {
  enum Kind { case html, text }

  /// The bodies a message may have, in Outlook's order of preference.
  enum Choice: CaseIterable { case html, rtfHTML, text }

  /// Where a body is written as it is decoded, a chunk at a time: an array when the message is
  /// read whole, a temporary file when it is read in parts.
  typealias Sink = ([UInt8]) throws(ReaderError) -> Void

  let kind: Kind
  /// The body as UTF-8 (an HTML body may instead start with a byte-order mark, or declare its
  /// charset with `<meta>` when Outlook stored it without one).
  let bytes: [UInt8]

  /// The body `choice` of `message`, held whole; nil when the message lacks it.
  static func body(_ choice: Choice, of message: OutlookMessage) throws(ReaderError) -> OutlookBody? {
    var bytes = [UInt8]()
    guard let kind = try write(choice, of: message, to: { (chunk) throws(ReaderError) in bytes += chunk }) else { return nil }
    return OutlookBody(kind: kind, bytes: bytes)
  }

  /// Writes the body `choice` of `message` to `sink` as it is decoded, in bounded memory; the
  /// bytes written are those ``bytes`` holds.
  /// - Returns: the body's kind; nil when the message lacks it (what was written then is not a
  ///   body: an RTF body that encapsulates the other kind writes nothing).
  /// - Throws: ``ReaderError`` when the body's stream is damaged, or `sink` throws.
  static func write(_ choice: Choice, of message: OutlookMessage, to sink: Sink) throws(ReaderError) -> Kind? {
    switch choice {
    case .html: try writeHTML(of: message, to: sink) ? .html : nil
    case .rtfHTML: try writeRTF(of: message, as: .html, prefix: byteOrderMark, to: sink) ? .html : nil
    case .text: try writeText(of: message, to: sink) ? .text : nil
    }
  }

  private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

  /// `PidTagHtml`: binary in `PidTagInternetCodepage` (converted to UTF-8 and marked with a BOM,
  /// as a MIME charset is), or a string property.
  private static func writeHTML(of message: OutlookMessage, to sink: Sink) throws(ReaderError) -> Bool {
    guard let (binary, _) = try message.stream(.html, type: 0x0102) else {
      return try message.write(.html, prefix: byteOrderMark, to: sink)
    }
    guard let codePage = message.integer(.internetCodepage), codePage > 0 else {
      while case let chunk = try binary.read(upTo: OutlookMessage.chunkSize), !chunk.isEmpty { try sink(chunk) }
      return true
    }
    try sink(byteOrderMark)
    try OutlookMessage.convert(binary, codePage: codePage, to: sink)
    return true
  }

  /// `PidTagBody`, else the text of an RTF body that encapsulates no HTML.
  private static func writeText(of message: OutlookMessage, to sink: Sink) throws(ReaderError) -> Bool {
    if try message.write(.body, to: sink) { return true }
    return try writeRTF(of: message, as: .text, prefix: [], to: sink)
  }

  /// The document `PidTagRtfCompressed` holds when it is of kind `wanted`, decompressed
  /// (``CompressedRTF/Decoder``) and de-encapsulated (``RTFBody/Decoder``) a chunk at a time,
  /// after `prefix`. An RTF body of the other kind is still read to its end, unwritten, so a
  /// damaged one is an error whichever body is asked for.
  /// - Returns: false when there is no RTF body or it is of the other kind.
  private static func writeRTF(
    of message: OutlookMessage, as wanted: RTFBody.Kind, prefix: [UInt8], to sink: Sink
  ) throws(ReaderError) -> Bool {
    guard let (compressed, size) = try message.stream(.rtfCompressed, type: 0x0102) else { return false }
    var header = [UInt8]()
    while header.count < CompressedRTF.headerSize {
      let chunk = try compressed.read(upTo: CompressedRTF.headerSize - header.count)
      if chunk.isEmpty { break }
      header += chunk
    }
    var decompressor = try CompressedRTF.Decoder(header: header[...], streamSize: size)
    var rtf = RTFBody.Decoder()
    var isWanted: Bool?
    var isLast = false
    while !isLast {
      let chunk = try compressed.read(upTo: OutlookMessage.chunkSize)
      isLast = chunk.isEmpty
      let text = try rtf.feed(decompressor.feed(chunk), isLast: isLast)
      if isWanted == nil, let kind = rtf.kind {
        isWanted = kind == wanted
        if kind == wanted { try sink(prefix) }
      }
      if isWanted == true, !text.isEmpty { try sink(text) }
    }
    return isWanted == true
  }

  /// The error of an HTML body over its markup budget.
  static func refusal(_ violation: MarkupBudget.Violation) -> ReaderError {
    ReaderError("the HTML body was not read: \(violation)")
  }

  /// The links of the body, as e-mail links of `file` in message `context`.
  /// - Throws: ``ReaderError`` when the HTML exceeds its markup budget.
  func links(file: String, context: MessageContext) throws(ReaderError) -> [Link] {
    switch kind {
    case .html:
      let scan = HTMLLinkScanner.scan(bytes)
      if let refusal = scan.refusal { throw Self.refusal(refusal) }
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

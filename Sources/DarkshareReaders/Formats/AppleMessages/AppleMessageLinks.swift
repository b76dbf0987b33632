import DarkshareCore

/// The links of one Apple Messages message, and what could not be read of it.
struct AppleMessageLinks {
  private(set) var links: [Link] = []
  /// Problems with this message, each naming its ROWID.
  private(set) var problems: [String] = []

  /// The balloon of a message sent with a rich link preview.
  static let urlBalloon = "com.apple.messages.URLBalloonProvider"

  init(_ message: AppleMessage, index: Int, file: String) {
    var body: AttributedBody?
    if let blob = message.attributedBody, !blob.isEmpty {
      do { body = try AttributedBody(blob) } catch {
        problems.append("message ROWID \(message.rowID): attributedBody: \(error)")
      }
    }
    let text = message.text ?? body?.text ?? ""
    let scalars = Array(text.unicodeScalars)
    var found: [(offset: Int, url: String, element: String)] = []
    for (link, offset) in PlainTextLinkDetector.linksWithOffsets(in: scalars) {
      found.append((offset, link.url, "text"))
    }
    // A link attribute repeats the URL the text shows (Messages' data detectors): only one the
    // text does not hold (a URL behind other words) is a link of its own. Its offset is in the
    // attributed string, which is the text when `text` is NULL.
    for attribute in body?.links ?? [] where !found.contains(where: { Self.same($0.url, attribute.url) || $0.offset == attribute.scalarOffset }) {
      found.append((min(attribute.scalarOffset, scalars.count), attribute.url, "link-attribute"))
    }
    if message.balloonBundle == Self.urlBalloon, let payload = message.payload, !payload.isEmpty {
      do {
        if let shared = try LinkPreview.sharedURL(in: payload), !found.contains(where: { Self.same($0.url, shared) }) {
          found.append((0, shared, "link-preview"))
        }
      } catch {
        problems.append("message ROWID \(message.rowID): payload_data: \(error)")
      }
    }
    let context = MessageContext(
      index: index, id: message.guid, date: message.date.flatMap(Self.isoDate), from: message.isFromMe ? "me" : message.handle,
      subject: message.chat)
    let channel: Channel = ["sms", "rcs", "mms"].contains(message.service?.lowercased() ?? "") ? .sms : .chat
    let line = Int(clamping: message.rowID)
    links = found.sorted { $0.offset < $1.offset }.map {
      Link(
        url: $0.url, location: SourceLocation(file: file, line: line, column: $0.offset + 1), text: nil, element: $0.element,
        channel: channel, message: context)
    }
  }

  /// Whether two spellings are the same link: equal, or equal but for a scheme the text left
  /// out (`www.shop.example` and `http://www.shop.example`) or a trailing `/`.
  static func same(_ a: String, _ b: String) -> Bool {
    func normal(_ url: String) -> Substring {
      var url = Substring(url)
      for scheme in ["https://", "http://"] where url.lowercased().hasPrefix(scheme) { url = url.dropFirst(scheme.count) }
      while url.hasSuffix("/") { url = url.dropLast() }
      return url
    }
    return normal(a) == normal(b)
  }

  /// Apple's `message.date` (seconds, or nanoseconds when above 10^11, since 2001-01-01 UTC) as
  /// ISO 8601 UTC; nil for 0 (no date) or a value no calendar holds.
  static func isoDate(_ value: Int64) -> String? {
    guard value != 0 else { return nil }
    let seconds = abs(value) > 100_000_000_000 ? value / 1_000_000_000 : value
    guard abs(seconds) < 200 * 365 * 86_400 else { return nil }
    return MessageDate.iso8601(epochSeconds: seconds + AppleMessages.appleEpoch)
  }
}

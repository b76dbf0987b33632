import DarkshareCore

/// Reads a Facebook Messenger or Instagram conversation from "Download your information" in
/// JSON (`messages/inbox/NAME_ID/message_1.json`, `message_2.json`, …; Instagram's
/// `your_instagram_activity/messages/inbox/…` is the same format).
///
/// ```json
/// {"participants": [{"name": "Ann"}, {"name": "Bob"}],
///  "messages": [{"sender_name": "Ann", "timestamp_ms": 1700000000000,
///                "content": "see https://shop.example/sale",
///                "share": {"link": "https://shop.example/sale", "share_text": "Sale"}}],
///  "title": "Ann", "thread_path": "inbox/ann_1234"}
/// ```
///
/// Each element of `messages` is a ``MessageContext``: `index` counts them in the order the file
/// lists them (Facebook writes the newest first), `from` is `sender_name`, `date` is
/// `timestamp_ms` as an ISO 8601 UTC date (`2023-11-14T22:13:20.000Z`). Its links are the URLs in
/// `content`, found the way phones linkify text (``PlainTextLinkDetector``), and `share.link`
/// (element `share`, with `share_text` as its text) unless the same URL is already in `content`
/// (Messenger writes a pasted link in both). Photos, files, stickers and reactions are not read.
/// The channel is ``Channel/chat``.
///
/// Facebook writes every UTF-8 byte of a text as a `\u00XX` escape; names, `content` and
/// `share_text` are re-decoded (``MojibakeRepair``), so `Zo\u00c3\u00ab` reads as `Zoë`.
///
/// Position: the 1-based line and column (Unicode scalars) in the file, as stored, of the first
/// character of the URL's spelling inside its JSON string (escapes before it count as they are
/// written: `\u00c3\u00a9` is twelve columns).
///
/// - Complexity: O(*n*) in the file's length; the file is held whole (the format is one JSON
///   value; Facebook splits long conversations into files of a few MB).
public struct MessengerExportReader: InputReader {
  public static let format = "messenger"

  public init() {}

  /// Claims a `.json` file, or an input named without an extension, whose JSON object starts
  /// with `"participants"` (Messenger and Instagram write it first) or whose first bytes hold a
  /// `"sender_name"` key (no other format read here uses it).
  public static func accepts(path: String, head: ArraySlice<UInt8>) -> Bool {
    guard path.lowercased().hasSuffix(".json") || InputName.hasNoExtension(path) else { return false }
    var index = head.startIndex
    if head.starts(with: [0xEF, 0xBB, 0xBF]) { index += 3 }
    func skipSpace() {
      while index < head.endIndex, [0x20, 0x0A, 0x0D, 0x09].contains(head[index]) { index += 1 }
    }
    skipSpace()
    guard index < head.endIndex, head[index] == UInt8(ascii: "{") else { return false }
    index += 1
    skipSpace()
    return head.hasBytes(Array(#""participants""#.utf8), at: index) || head.firstIndex(ofBytes: Array(#""sender_name""#.utf8)) != nil
  }

  public func links(in bytes: [UInt8], file: String) throws(ReaderError) -> [Link] {
    if let problem = BinarySniffer.problem(in: bytes, expected: "a Messenger or Instagram export") { throw ReaderError(problem) }
    let lines = ByteLineIndex(bytes)
    let document: PositionedJSON
    do {
      document = try PositionedJSON.parse(bytes)
    } catch {
      let position = lines.position(of: error.offset)
      throw ReaderError(
        "the Messenger or Instagram export is not valid JSON: line \(position.line), column \(position.column): \(error.message)")
    }
    guard case .object = document else { throw ReaderError("not a Messenger or Instagram export: the JSON is not an object") }
    guard let messages = document["messages"]?.elements else {
      throw ReaderError("not a Messenger or Instagram export: no 'messages' list")
    }
    var links = [Link]()
    for (index, message) in messages.enumerated() {
      guard case .object = message else { continue }
      let context = MessageContext(
        index: index, date: message["timestamp_ms"]?.number.flatMap { Int64($0) }.flatMap(EpochMilliseconds.isoDate),
        from: message["sender_name"]?.string.map { Self.repaired($0.value) })
      func location(_ offset: Int) -> SourceLocation {
        let position = lines.position(of: offset)
        return SourceLocation(file: file, line: position.line, column: position.column)
      }
      var urls = Set<String>()
      if let content = message["content"]?.string {
        let (scalars, parsedOffsets) = MojibakeRepair.repairedWithOffsets(content.value)
        for (found, offset) in PlainTextLinkDetector.linksWithOffsets(in: scalars) {
          let byteOffset = PositionedJSON.offset(ofScalar: parsedOffsets[offset], inStringAt: content.offset, of: bytes)
          urls.insert(found.url)
          links.append(Link(url: found.url, location: location(byteOffset), text: nil, element: "text", channel: .chat, message: context))
        }
      }
      if let share = message["share"], let link = share["link"]?.string {
        let url = Self.repaired(link.value).trimmingASCIIWhitespace()
        guard !url.isEmpty, !urls.contains(url) else { continue }
        // The URL's first character, past any whitespace the string starts with.
        let leading = link.value.unicodeScalars.prefix { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }.count
        let byteOffset = PositionedJSON.offset(ofScalar: leading, inStringAt: link.offset, of: bytes)
        let text = share["share_text"]?.string.map { Self.repaired($0.value) }.flatMap { $0.isEmpty ? nil : $0 }
        links.append(Link(url: url, location: location(byteOffset), text: text, element: "share", channel: .chat, message: context))
      }
    }
    return links
  }

  private static func repaired(_ text: String) -> String { MojibakeRepair.repaired(text) ?? text }
}

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
/// The file is read a chunk at a time and parsed one message at a time (``PositionedJSONParser``
/// over a ``ByteSource``), and handed over a few hundred messages at a time, so memory holds a
/// chunk, one message's tree and one batch, never the whole file or conversation. Nesting is bounded (``PositionedJSON/maximumDepth``). A file
/// cut short keeps the links of the messages before the break, and the break is the file's error,
/// with its line and column.
///
/// - Complexity: O(*n*) in the file's length.
public struct MessengerExportReader: StreamingInputReader {
  public static let format = "messenger"

  public init() {}

  /// Claims a `.json` file, or an input named without an extension, whose JSON object starts
  /// with `"participants"` (Messenger and Instagram write it first) or whose first bytes hold a
  /// `"sender_name"` key (no other format read here uses it).
  public static func accepts(path: String, head: ArraySlice<UInt8>) -> Bool {
    guard InputName.hasExtension(path, ".json") || InputName.hasNoExtension(path) else { return false }
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

  public func messages(from source: any ByteSource, file: String) throws(ReaderError) -> any MessageStream {
    let peeked = try PeekedByteSource(source, peeking: 4096)
    if peeked.head.isEmpty { throw ReaderError("not a Messenger or Instagram export: the file is empty") }
    if let problem = BinarySniffer.problem(in: peeked.head, expected: "a Messenger or Instagram export") { throw ReaderError(problem) }
    return MessengerMessages(source: peeked, file: file)
  }

  /// The links of one element of `messages`, the `index`-th, just parsed by `parser`.
  static func links(in message: PositionedJSON, index: Int, parser: inout PositionedJSONParser, file: String) -> [Link] {
    let bytes = parser.bytes
    guard case .object = message else { return [] }
    let context = MessageContext(
      index: index, date: message["timestamp_ms"]?.number.flatMap(MessageDate.fromEpochMilliseconds),
      from: message["sender_name"]?.string.map { repaired($0.value) })
    var found = [(offset: Int, url: String, text: String?, element: String)]()
    var urls = Set<String>()
    if let content = message["content"]?.string {
      let (scalars, parsedOffsets) = MojibakeRepair.repairedWithOffsets(content.value)
      let links = PlainTextLinkDetector.linksWithOffsets(in: scalars)
      let offsets = PositionedJSON.offsets(ofScalars: links.map { parsedOffsets[$0.offset] }, inStringAt: content.offset, of: bytes)
      for ((link, _), offset) in zip(links, offsets) {
        urls.insert(link.url)
        found.append((offset, link.url, nil, "text"))
      }
    }
    if let share = message["share"], let link = share["link"]?.string {
      let url = repaired(link.value).trimmingASCIIWhitespace()
      if !url.isEmpty, !urls.contains(url) {
        // The URL's first character, past any whitespace the string starts with.
        let leading = link.value.unicodeScalars.prefix { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }.count
        let text = share["share_text"]?.string.map { repaired($0.value) }.flatMap { $0.isEmpty ? nil : $0 }
        found.append((PositionedJSON.offsets(ofScalars: [leading], inStringAt: link.offset, of: bytes)[0], url, text, "share"))
      }
    }
    // In file order, so the cursor only moves forward.
    return found.sorted { $0.offset < $1.offset }.map { found in
      let position = parser.position(of: parser.base + found.offset)
      return Link(
        url: found.url, location: SourceLocation(file: file, line: position.line, column: position.column), text: found.text,
        element: found.element, channel: .chat, message: context)
    }
  }

  private static func repaired(_ text: String) -> String { MojibakeRepair.repaired(text) ?? text }
}

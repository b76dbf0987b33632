import DarkshareCore
import Foundation

/// Reads a Telegram Desktop export (`result.json`): one chat (`{"name","type","id","messages"}`)
/// or a full-account export whose chats are in `chats.list` (and `left_chats.list`).
///
/// A message's `text` is a string or an array of strings and entity objects. The links are the
/// entities Telegram itself made clickable: `{"type":"link","text":URL}` and
/// `{"type":"text_link","text":anchor,"href":URL}` (the anchor text becomes the link's `text`).
/// Plain strings are not searched again: Telegram marks every URL it linkified as an entity.
/// `service` messages have no text links. The `\xHH` escapes Telegram writes for control
/// characters (not valid JSON) are read as `\u00HH`.
///
/// Each message is a ``MessageContext``: `index` counts messages across the file from 0, `id` is
/// the message `id`, `from` the sender, `date` the `date` field (local time, no zone) in ISO 8601
/// with the offset that `date_unixtime` implies (`2026-03-14T10:26:53+01:00`), or as written
/// when the export has no `date_unixtime` (see ``MessageDate``). The channel is ``Channel/chat``.
///
/// Position: the 1-based line and column (Unicode scalars) in the file of the URL's first
/// character inside its JSON string (escapes before it count as they are written), as
/// ``PositionedJSONParser`` reports it.
///
/// The file is streamed: it is read a chunk at a time and parsed one message at a time, and links
/// are handed over a few hundred messages at a time, so memory follows the largest message, not
/// the export. Chats are read in the order the file lists them. Nesting is bounded
/// (``PositionedJSON/maximumDepth``). A file cut short keeps the links of the messages before
/// the break, and the break is the file's error, with its line and column.
///
/// - Complexity: O(*n*) in the file's length.
public struct TelegramExportReader: StreamingInputReader {
  public static let format = "telegram"

  public init() {}

  /// Keys a Telegram export's top object starts with.
  private static let topKeys = ["\"messages\"", "\"chats\"", "\"personal_information\"", "\"about\"", "\"left_chats\""]

  public static func accepts(path: String, head: ArraySlice<UInt8>) -> Bool {
    let lowered = path.lowercased()
    guard lowered.hasSuffix(".json") || InputName.hasNoExtension(path) else { return false }
    guard let first = head.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 && $0 != 0xEF && $0 != 0xBB && $0 != 0xBF }),
      first == UInt8(ascii: "{")
    else { return false }
    let text = String(decoding: head, as: UTF8.self)
    return topKeys.contains { text.contains($0) }
  }

  public func messages(from source: any ByteSource, file: String) throws(ReaderError) -> any MessageStream {
    let peeked = try PeekedByteSource(source, peeking: BinarySniffer.sniffedBytes)
    if let problem = BinarySniffer.problem(in: peeked.head, expected: "a Telegram export") { throw ReaderError(problem) }
    return TelegramMessages(source: peeked, file: file)
  }

  /// The links of one element of a chat's `messages`, the `index`-th, just parsed by `parser`.
  static func links(in message: PositionedJSON, index: Int, parser: inout PositionedJSONParser, file: String) -> [Link] {
    let context = MessageContext(
      index: index, id: string(message.last("id")), date: date(of: message), from: string(message.last("from")))
    guard let parts = message.last("text")?.elements else { return [] }
    var links = [Link]()
    for entity in parts {
      guard case .object = entity else { continue }
      let url: (value: String, offset: Int)
      var anchor: String? = nil
      switch entity.last("type")?.string?.value {
      case "link":
        guard let text = entity.last("text")?.string else { continue }
        url = text
      case "text_link":
        guard let href = entity.last("href")?.string else { continue }
        url = href
        anchor = entity.last("text")?.string?.value
      default: continue
      }
      let trimmed = url.value.trimmingASCIIWhitespace()
      // The URL's first character, past the whitespace the string starts with. An empty URL
      // has no character: it is placed at the top of the file, as before.
      var position = (line: 1, column: 1)
      if !trimmed.isEmpty {
        let isSpace = { (c: Character) in c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0C}" }
        let leading = url.value.prefix(while: isSpace).unicodeScalars.count
        let offset = PositionedJSON.offsets(ofScalars: [leading], inStringAt: url.offset, of: parser.bytes)[0]
        position = parser.position(of: parser.base + offset)
      }
      links.append(
        Link(
          url: trimmed, location: SourceLocation(file: file, line: position.line, column: position.column),
          text: anchor, element: "text", channel: .chat, message: context))
    }
    return links
  }

  /// The message's date in ISO 8601 with offset (see ``MessageDate/fromLocal(_:epochSeconds:)``).
  private static func date(of message: PositionedJSON) -> String? {
    let local = string(message.last("date"))
    guard let instant = string(message.last("date_unixtime")) else { return local.flatMap(MessageDate.fromISO8601) ?? local }
    return MessageDate.fromLocal(local ?? "", epochSeconds: instant) ?? local
  }

  /// A string as it is; a number or a boolean as `JSONSerialization` turned them into text
  /// (`12`, `1000.0` for `1e3`, `1` for `true`), which earlier versions reported.
  private static func string(_ value: PositionedJSON?) -> String? {
    switch value {
    case .string(let string, _): string
    case .number(let text):
      if let integer = Int64(text) { String(integer) } else if let integer = UInt64(text) { String(integer) } else {
        Double(text).map { NSNumber(value: $0).stringValue }
      }
    case .bool(let flag): NSNumber(value: flag).stringValue
    default: nil
    }
  }
}

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
/// characters (not valid JSON) are turned into `\u00HH` before parsing.
///
/// Each message is a ``MessageContext``: `index` counts messages across the file from 0, `id` is
/// the message `id`, `from` the sender, `date` the `date` field (local time, no zone) in ISO 8601
/// with the offset that `date_unixtime` implies (`2026-03-14T10:26:53+01:00`), or as written
/// when the export has no `date_unixtime` (see ``MessageDate``). The channel is ``Channel/chat``.
///
/// Position: the JSON is parsed with `JSONSerialization`, which gives no positions, so each URL is
/// located afterwards by searching the file for its JSON-escaped spelling, forward from the
/// previous link; found, the position is that of the URL's first character (1-based line, column
/// in Unicode scalars). A URL the search cannot find (one written with unusual escapes) is
/// placed at line 1, column 1.
public struct TelegramExportReader: InputReader {
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

  public func links(in bytes: [UInt8], file: String) throws(ReaderError) -> [Link] {
    if let problem = BinarySniffer.problem(in: bytes, expected: "a Telegram export") { throw ReaderError(problem) }
    let object: Any
    do {
      object = try JSONSerialization.jsonObject(with: Data(Self.repairingHexEscapes(bytes)), options: [.fragmentsAllowed])
    } catch {
      let reason = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
      throw ReaderError("not a valid Telegram export: the JSON cannot be parsed\(reason.map { " (\($0))" } ?? "")")
    }
    guard let top = object as? [String: Any] else {
      throw ReaderError("not a Telegram export: the JSON is not an object")
    }
    var chats = [[String: Any]]()
    if top["messages"] is [Any] { chats.append(top) }
    for key in ["chats", "left_chats"] {
      if let group = top[key] as? [String: Any], let list = group["list"] as? [Any] {
        chats += list.compactMap { $0 as? [String: Any] }
      }
    }
    // `"messages": "see locales/"` in a package.json is no chat: the list must be a list.
    let hasChatList = (top["chats"] as? [String: Any])?["list"] is [Any]
    if chats.isEmpty, !hasChatList {
      throw ReaderError("not a Telegram export: no 'messages' list or 'chats.list'")
    }
    var locator = Locator(bytes: bytes)
    var links = [Link]()
    var index = 0
    for chat in chats {
      for case let message as [String: Any] in chat["messages"] as? [Any] ?? [] {
        let context = MessageContext(
          index: index, id: Self.string(message["id"]), date: Self.date(of: message), from: Self.string(message["from"]))
        index += 1
        guard let parts = message["text"] as? [Any] else { continue }
        for case let entity as [String: Any] in parts {
          let url: String
          var anchor: String? = nil
          switch entity["type"] as? String {
          case "link":
            guard let text = entity["text"] as? String else { continue }
            url = text
          case "text_link":
            guard let href = entity["href"] as? String else { continue }
            url = href
            anchor = entity["text"] as? String
          default: continue
          }
          let trimmed = url.trimmingASCIIWhitespace()
          let position = locator.locate(trimmed)
          links.append(
            Link(
              url: trimmed, location: SourceLocation(file: file, line: position.line, column: position.column),
              text: anchor, element: "text", channel: .chat, message: context))
        }
      }
    }
    return links
  }

  /// The message's date in ISO 8601 with offset (see ``MessageDate/fromLocal(_:epochSeconds:)``).
  private static func date(of message: [String: Any]) -> String? {
    let local = string(message["date"])
    guard let instant = string(message["date_unixtime"]) else { return local.flatMap(MessageDate.fromISO8601) ?? local }
    return MessageDate.fromLocal(local ?? "", epochSeconds: instant) ?? local
  }

  private static func string(_ value: Any?) -> String? {
    switch value {
    case let string as String: string
    case let number as NSNumber: number.stringValue
    default: nil
    }
  }

  /// `\xHH` (Telegram's escape for control characters) as `\u00HH`, so the JSON parses.
  static func repairingHexEscapes(_ bytes: [UInt8]) -> [UInt8] {
    guard bytes.contains(UInt8(ascii: "x")) else { return bytes }
    var out = [UInt8]()
    out.reserveCapacity(bytes.count)
    var i = 0
    var inString = false
    while i < bytes.count {
      let b = bytes[i]
      if b == UInt8(ascii: "\"") { inString.toggle() }
      if inString, b == UInt8(ascii: "\\"), i + 1 < bytes.count {
        if bytes[i + 1] == UInt8(ascii: "x") {
          out += Array("\\u00".utf8)
          i += 2
          continue
        }
        out.append(b)
        out.append(bytes[i + 1])
        i += 2
        continue
      }
      out.append(b)
      i += 1
    }
    return out
  }

  /// Finds URLs in the file in order, keeping a cursor and its line and column.
  private struct Locator {
    let bytes: [UInt8]
    var cursor = 0
    var line = 1
    var lineStart = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func locate(_ url: String) -> (line: Int, column: Int) {
      var escaped = ""
      for scalar in url.unicodeScalars {
        switch scalar {
        case "\"": escaped += "\\\""
        case "\\": escaped += "\\\\"
        case "\n": escaped += "\\n"
        default: escaped.unicodeScalars.append(scalar)
        }
      }
      let needle = Array(escaped.utf8)
      guard let i = bytes.firstIndex(ofBytes: needle, from: cursor) else { return (1, 1) }
      // Move the line count up to the match.
      var j = cursor
      while j < i {
        if bytes[j] == 0x0A { line += 1; lineStart = j + 1 }
        j += 1
      }
      let column = bytes[lineStart..<i].reduce(1) { $0 + (($1 & 0xC0) == 0x80 ? 0 : 1) }
      cursor = i + needle.count
      var k = i
      while k < cursor {
        if bytes[k] == 0x0A { line += 1; lineStart = k + 1 }
        k += 1
      }
      return (line, column)
    }
  }
}

import DarkshareCore
import DarkshareMarkup

/// Reads an "SMS Backup & Restore" XML backup (root `<smses>`; also the same format written by
/// Silence/SMSSecure and converters).
///
/// Each `<sms>` and `<mms>` is a message, a ``MessageContext`` with `index` counting them in
/// document order from 0, `from` the `contact_name` (or the `address` when the name is missing,
/// `null` or `(Unknown)`), `date` the `readable_date` as written (or the `date` attribute, Java
/// epoch milliseconds, when there is none; neither is parsed). Links are found with
/// ``PlainTextLinkDetector`` in an sms `body` and in the `text` of an mms `<part ct="text/plain">`
/// (SMIL layout parts and base64 `data` are not message text; `data` is never even copied out of
/// libxml2). The channel is ``Channel/sms``.
///
/// Position: the line is the element's line in the file (where its start tag ends; backups write
/// one element a line). The column is that of the URL in the raw line, found by searching the line
/// for the URL as XML-escaped (`&` → `&amp;`), forward from the previous link of the same line; a
/// URL written with other character references cannot be found and gets column 1.
///
/// The XML is streamed by ``XMLStreamReader`` (no network, no DTD, no entity substitution). The
/// surrogate-pair character references some Android writers emit for emoji are joined first
/// (``SurrogatePairRepair``). A document that is still not well-formed (truncated, say) yields
/// the links read before the error and a problem naming libxml2's message and line.
public struct SMSBackupReader: InputReader {
  public static let format = "sms-backup"

  public init() {}

  public static func accepts(path: String, head: ArraySlice<UInt8>) -> Bool {
    guard path.lowercased().hasSuffix(".xml") else { return false }
    let marker = Array("<smses".utf8)
    let window = Array(head.prefix(1024))
    guard window.count >= marker.count else { return false }
    return (0...(window.count - marker.count)).contains { window[$0..<$0 + marker.count].elementsEqual(marker) }
  }

  public func links(in bytes: [UInt8], file: String) throws(ReaderError) -> [Link] {
    let read = try self.read(bytes, file: file)
    if let problem = read.problem { throw problem }
    return read.links
  }

  public func read(_ bytes: [UInt8], file: String) throws(ReaderError) -> (links: [Link], problem: ReaderError?) {
    if let problem = BinarySniffer.problem(in: bytes, expected: "an SMS backup") { throw ReaderError(problem) }
    let lines = LineStarts(bytes)
    var links = [Link]()
    var mms: MessageContext? = nil
    var nextIndex = 0
    var sawRoot = false
    // Where the previous link of the same line was found (byte offset and 1-based column), so the
    // links of one line are found in order and columns are counted incrementally.
    var searchFrom: (line: Int, offset: Int, column: Int) = (0, 0, 1)

    func add(_ text: String, line: Int, context: MessageContext) {
      for found in PlainTextLinkDetector.links(in: text) {
        var column = 1
        if let range = lines.range(ofLine: line) {
          if searchFrom.line != line { searchFrom = (line, range.lowerBound, 1) }
          if let hit = Self.find(Array(Self.escaped(found.url).utf8), in: bytes, from: searchFrom.offset, to: range.upperBound) {
            column = searchFrom.column + bytes[searchFrom.offset..<hit].reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
            searchFrom = (line, hit, column)
          }
        }
        links.append(
          Link(url: found.url, location: SourceLocation(file: file, line: line, column: column),
            text: nil, element: "text", channel: .sms, message: context))
      }
    }

    // Parse with emoji surrogate pairs joined; positions are still counted in the original bytes.
    let error = XMLStreamReader.read(SurrogatePairRepair.repaired(bytes) ?? bytes, skipping: ["data"]) { element in
      let attributes = element.attributes
      switch element.name {
      case "smses":
        sawRoot = true
      case "sms":
        let context = Self.context(attributes, index: nextIndex)
        nextIndex += 1
        mms = nil
        if let body = attributes["body"] { add(body, line: element.line, context: context) }
      case "mms":
        mms = Self.context(attributes, index: nextIndex)
        nextIndex += 1
      case "part":
        guard let context = mms, attributes["ct"]?.lowercased() == "text/plain", let text = attributes["text"] else { return }
        add(text, line: element.line, context: context)
      default:
        break
      }
    }
    if !sawRoot {
      if let error { throw ReaderError("not a valid SMS backup: the XML cannot be parsed (\(error))") }
      throw ReaderError("not an SMS backup: no <smses> root element")
    }
    return (links, error.map { ReaderError("the SMS backup is not well-formed XML; read up to the error at \($0)") })
  }

  /// A message's context from its attributes; `null` (the format's missing value) counts as absent.
  private static func context(_ attributes: [String: String], index: Int) -> MessageContext {
    func value(_ key: String) -> String? {
      guard let value = attributes[key], !value.isEmpty, value != "null" else { return nil }
      return value
    }
    let name = value("contact_name").flatMap { $0 == "(Unknown)" ? nil : $0 }
    return MessageContext(index: index, date: value("readable_date") ?? value("date"), from: name ?? value("address"))
  }

  private static func escaped(_ url: String) -> String {
    url.replacingAll("&", with: "&amp;").replacingAll("<", with: "&lt;").replacingAll("\"", with: "&quot;")
  }

  private static func find(_ needle: [UInt8], in bytes: [UInt8], from: Int, to end: Int) -> Int? {
    guard !needle.isEmpty, end - from >= needle.count else { return nil }
    var index = from
    while index + needle.count <= end {
      if bytes[index] == needle[0], bytes[index..<index + needle.count].elementsEqual(needle) { return index }
      index += 1
    }
    return nil
  }
}

/// Byte offsets where each line of a buffer starts (LF, CRLF or CR line ends).
private struct LineStarts {
  private var starts: [Int] = [0]
  private let count: Int

  init(_ bytes: [UInt8]) {
    count = bytes.count
    var index = 0
    while index < bytes.count {
      if bytes[index] == 0x0A || (bytes[index] == 0x0D && (index + 1 == bytes.count || bytes[index + 1] != 0x0A)) {
        starts.append(index + 1)
      }
      index += 1
    }
  }

  /// The bytes of 1-based `line`, without its line end; nil past the end.
  func range(ofLine line: Int) -> Range<Int>? {
    guard line >= 1, line <= starts.count else { return nil }
    let end = line < starts.count ? starts[line] : count
    return starts[line - 1]..<max(starts[line - 1], end)
  }
}

extension String {
  fileprivate func replacingAll(_ target: Character, with replacement: String) -> String {
    var result = ""
    for character in self { if character == target { result += replacement } else { result.append(character) } }
    return result
  }
}

import DarkshareCore
internal import CLibXML2

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Receives libxml2's SAX events for one document and keeps what darkshare needs: link
/// elements with their decoded attributes and text, and Outlook conditional comments.
///
/// A class because libxml2 calls back through an opaque pointer; it lives only for one
/// ``HTMLLinkScanner/scan(_:dialect:)`` call and never leaves this module.
final class SAXCollector {
  /// A link element seen by the parser, not yet located in the original bytes.
  struct PendingLink {
    var element: String
    var attribute: String
    var value: String
    /// Absolute byte offset of the parser when the start tag was reported.
    var tagEnd: Int
    var insideComment: Bool
    /// Whether `data-darkshare-ignore` or `<!-- darkshare-ignore-next-link -->` covers it.
    var isSuppressed: Bool
    var text: [UInt8] = []
    var alt: String?

    /// The anchor text with whitespace collapsed, or the image `alt` when there is no text.
    var displayText: String? {
      // Most anchor texts are short ASCII with single spaces between words: already collapsed.
      if Self.isCollapsedASCII(text) { return text.isEmpty ? alt : String(decoding: text, as: UTF8.self) }
      if let simple = Self.collapsedSimpleText(text) {
        guard !simple.bytes.isEmpty else { return alt }
        guard let cut = simple.cut else { return String(decoding: simple.bytes, as: UTF8.self) }
        return String(decoding: simple.bytes[..<cut], as: UTF8.self) + "…"
      }
      let words = String(decoding: text, as: UTF8.self).split(whereSeparator: \.isWhitespace)
      let joined = words.joined(separator: " ")
      if !joined.isEmpty { return joined.count > 200 ? String(joined.prefix(200)) + "…" : joined }
      return alt
    }

    /// How many characters of anchor text are kept.
    static let displayedCharacters = 200

    /// Whether `text` is printable ASCII (space included) of at most ``displayedCharacters``
    /// bytes that neither starts nor ends with a space nor holds two in a row: what collapsing
    /// leaves as it is.
    static func isCollapsedASCII(_ text: [UInt8]) -> Bool {
      guard text.count <= displayedCharacters, text.first != 0x20, text.last != 0x20 else { return false }
      var previous: UInt8 = 0
      for byte in text {
        guard byte >= 0x20, byte < 0x7F, byte != 0x20 || previous != 0x20 else { return false }
        previous = byte
      }
      return true
    }

    /// A text whose every character is an ASCII byte, a ``SimpleText`` self-contained scalar
    /// (accented Latin, Greek, Cyrillic, CJK, Hangul, arrows) or a ``SimpleText`` standalone
    /// scalar (the no-break space, common punctuation), with its runs of white space (ASCII's,
    /// NEL and the no-break space, what `Character.isWhitespace` is among these) made one space
    /// and trimmed, on bytes; `cut` is the offset just past its
    /// ``displayedCharacters``th character when it has more. Nil for any other text, which is
    /// collapsed by `Character` (almost every anchor text is simple).
    static func collapsedSimpleText(_ text: [UInt8]) -> (bytes: [UInt8], cut: Int?)? {
      var collapsed = [UInt8]()
      collapsed.reserveCapacity(text.count)
      var spaceBefore = false
      var characters = 0
      var cut: Int?
      var index = 0
      // One character: its bytes, `text[range]`, or (nil) a space.
      func append(_ range: Range<Int>?) {
        if characters == displayedCharacters { cut = collapsed.count }
        if let range { collapsed += text[range] } else { collapsed.append(0x20) }
        characters += 1
      }
      while index < text.count {
        let byte = text[index]
        let length: Int
        let isSpace: Bool
        if byte < 0x80 {
          length = 1
          isSpace = SimpleText.isASCIIWhitespace(byte)
        } else if let scalar = SimpleText.standaloneScalar(in: text, at: index) {
          length = scalar.length
          isSpace = scalar.value == SimpleText.noBreakSpace
        } else if let scalar = SimpleText.selfContainedScalar(in: text, at: index) {
          // Among these the white space is NEL and the no-break space (handled above).
          length = scalar.length
          isSpace = scalar.value == 0x85
        } else {
          return nil
        }
        if isSpace {
          spaceBefore = !collapsed.isEmpty
        } else {
          if spaceBefore { append(nil) }
          spaceBefore = false
          append(index..<index + length)
        }
        index += length
      }
      return (collapsed, cut)
    }
  }

  /// A comment whose content starts with `[if`, with the offset just past its `-->`.
  struct Comment {
    var value: [UInt8]
    var end: Int
    /// Whether the comment stands inside an element marked `data-darkshare-ignore`.
    var isSuppressed: Bool
  }

  private(set) var links: [PendingLink] = []
  private(set) var conditionalComments: [Comment] = []
  /// Indices into `links` of elements still open, whose text is being collected.
  private var capturing: [Int] = []
  private var context: htmlParserCtxtPtr?
  private var baseOffset = 0
  private var insideComment = false
  /// Element nesting depth, to know when an ignored element closes.
  private var depth = 0
  /// The depth of the outermost open element marked `data-darkshare-ignore`, if any.
  private var ignoredFromDepth: Int?
  /// Whether a whole fragment (a conditional comment's content) is suppressed.
  private var suppressEverything = false
  /// Set by `<!-- darkshare-ignore-next-link -->`, cleared by the next link.
  private var ignoreNextLink = false
  /// Which elements carry links.
  private let dialect: MarkupDialect
  /// The depth of an open `mj-head`, whose elements set defaults and are never links.
  private var headFromDepth: Int?
  private static let textLimit = 1024
  private static let ignoreNextLinkMarker = Array("darkshare-ignore-next-link".utf8)
  /// How an Outlook conditional comment starts (`<!--[if mso]>`).
  private static let conditionalCommentStart = Array("[if".utf8)

  init(dialect: MarkupDialect = .html) {
    self.dialect = dialect
  }

  /// Parses `bytes` as HTML, adding `baseOffset` to every offset it records.
  func parse(_ bytes: UnsafeBufferPointer<UInt8>, baseOffset: Int, insideComment: Bool, suppressed: Bool = false) {
    guard bytes.count > 0, bytes.count < Int(Int32.max) else { return }
    // libxml2's push parser, given the whole buffer at once: the parser a document read in
    // parts (``HTMLLinkStream``) goes through too, so both read broken markup alike.
    beginPush(at: baseOffset)
    self.insideComment = insideComment
    suppressEverything = suppressed
    depth = 0
    ignoredFromDepth = nil
    headFromDepth = nil
    capturing.removeAll()
    push(bytes, isLast: true)
  }

  /// Starts parsing a document handed over a chunk at a time with ``push(_:)`` (libxml2's push
  /// parser), as UTF-8, at offset 0.
  /// - Parameter offset: where in the document the pushed bytes start.
  func beginPush(at offset: Int = 0) {
    let created = htmlCreatePushParserCtxt(nil, nil, nil, 0, nil, XML_CHAR_ENCODING_UTF8)
    guard let context = created else { return }
    htmlCtxtUseOptions(context, HTMLParseOptions.safe.rawValue)
    installHandlers(in: context)
    self.context = context
    baseOffset = offset
  }

  /// Parses the next bytes of a pushed document; `isLast` ends it (and frees the parser).
  ///
  /// libxml2 2.9 parses only complete tags, comments and text runs from a chunk and keeps the
  /// rest for the next, so ``parsedOffset`` never passes the start of an unfinished tag.
  func push(_ bytes: UnsafeBufferPointer<UInt8>, isLast: Bool) {
    guard let context else { return }
    let pointer = bytes.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }
    _ = htmlParseChunk(context, pointer, Int32(bytes.count), isLast ? 1 : 0)
    readOnAfterTheEnd(isLast: isLast)
    if isLast, let context = self.context {
      htmlFreeParserCtxt(context)
      self.context = nil
      capturing.removeAll()
    }
  }

  /// libxml2's push parser stops for good after `</html>` when anything but comments and
  /// white space follows; the whole-document parser (and a browser) reads on. A new push parser
  /// takes up what is left at the same offset, until the input is used up or one stops
  /// without reading anything.
  private func readOnAfterTheEnd(isLast: Bool) {
    while let context, context.pointee.instate == XML_PARSER_EOF, let input = context.pointee.input,
      let cur = input.pointee.cur, let end = input.pointee.end, cur < end
    {
      let rest = Array(UnsafeBufferPointer(start: cur, count: end - cur))
      let offset = currentOffset
      htmlFreeParserCtxt(context)
      self.context = nil
      beginPush(at: offset)
      guard let restarted = self.context else { return }
      rest.withUnsafeBufferPointer { buffer in
        let pointer = buffer.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }
        _ = htmlParseChunk(restarted, pointer, Int32(buffer.count), isLast ? 1 : 0)
      }
      if currentOffset == offset { return }
    }
  }

  /// How far a pushed document has been parsed: no tag, comment or text that starts before
  /// this offset is still to come.
  var parsedOffset: Int { currentOffset }

  /// Forgets the first `count` links (handed on), keeping the open ones' text collection.
  func forgetLinks(_ count: Int) {
    guard count > 0 else { return }
    links.removeFirst(count)
    capturing = capturing.compactMap { $0 >= count ? $0 - count : nil }
  }

  /// Whether the link at `index` is still collecting its text (its element is open).
  func isCollectingText(_ index: Int) -> Bool { capturing.contains(index) }

  /// Forgets the conditional comments seen so far (parsed by the caller).
  func forgetConditionalComments() { conditionalComments.removeAll() }

  /// Replaces the context's default tree-building SAX handler with darkshare's callbacks.
  private func installHandlers(in context: htmlParserCtxtPtr) {
    guard let sax = context.pointee.sax else { return }
    sax.pointee = htmlSAXHandler()
    sax.pointee.startElement = { userData, name, attributes in
      guard let userData, let name else { return }
      SAXCollector.from(userData).startElement(name, attributes)
    }
    sax.pointee.endElement = { userData, name in
      guard let userData, let name else { return }
      SAXCollector.from(userData).endElement(name)
    }
    sax.pointee.characters = { userData, characters, length in
      guard let userData, let characters else { return }
      SAXCollector.from(userData).characters(characters, Int(length))
    }
    sax.pointee.ignorableWhitespace = sax.pointee.characters
    sax.pointee.comment = { userData, value in
      guard let userData, let value else { return }
      SAXCollector.from(userData).comment(value)
    }
    context.pointee.userData = Unmanaged.passUnretained(self).toOpaque()
  }

  private static func from(_ userData: UnsafeMutableRawPointer) -> SAXCollector {
    Unmanaged<SAXCollector>.fromOpaque(userData).takeUnretainedValue()
  }

  /// The parser's absolute byte offset in the document buffer.
  private var currentOffset: Int {
    guard let input = context?.pointee.input, let cur = input.pointee.cur,
      let start = input.pointee.base
    else { return baseOffset }
    return baseOffset + Int(input.pointee.consumed) + (cur - start)
  }

  private func startElement(
    _ name: UnsafePointer<xmlChar>, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
  ) {
    depth += 1
    if ignoredFromDepth == nil, attributeValue("data-darkshare-ignore", in: attributes) != nil {
      ignoredFromDepth = depth
    }
    let kind = ElementKind(name, dialect: dialect)
    if kind == .mjmlHead, headFromDepth == nil { headFromDepth = depth }
    if headFromDepth != nil { return }
    if kind == .image, let top = capturing.last, links[top].alt == nil {
      links[top].alt = attributeValue("alt", in: attributes)
      return
    }
    guard kind.carriesLinks, let href = attributeValue("href", in: attributes) else { return }
    var link = PendingLink(
      element: String(cString: name), attribute: "href", value: href, tagEnd: currentOffset,
      insideComment: insideComment,
      isSuppressed: suppressEverything || ignoredFromDepth != nil || ignoreNextLink)
    ignoreNextLink = false
    if kind.takesOwnAlt { link.alt = attributeValue("alt", in: attributes) }
    links.append(link)
    if kind.capturesText { capturing.append(links.count - 1) }
  }

  private func endElement(_ name: UnsafePointer<xmlChar>) {
    if let ignored = ignoredFromDepth, depth <= ignored { ignoredFromDepth = nil }
    if let head = headFromDepth, depth <= head { headFromDepth = nil }
    depth = max(depth - 1, 0)
    guard !capturing.isEmpty else { return }
    let closed = String(cString: name)
    if let depth = capturing.lastIndex(where: { links[$0].element == closed }) {
      capturing.removeSubrange(depth...)
    }
  }

  private func characters(_ characters: UnsafePointer<xmlChar>, _ length: Int) {
    guard let top = capturing.last, links[top].text.count < Self.textLimit else { return }
    let room = min(length, Self.textLimit - links[top].text.count)
    links[top].text.append(contentsOf: UnsafeBufferPointer(start: characters, count: room))
  }

  private func comment(_ value: UnsafePointer<xmlChar>) {
    let length = strlen(UnsafeRawPointer(value).assumingMemoryBound(to: CChar.self))
    // Looked at where libxml2 holds it; copied only when it is kept (a conditional comment).
    let bytes = UnsafeBufferPointer(start: value, count: length)
    let content = bytes.drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
    if content.starts(with: Self.ignoreNextLinkMarker) {
      ignoreNextLink = true
      return
    }
    guard content.starts(with: Self.conditionalCommentStart), bytes.contains(UInt8(ascii: "<")) else { return }
    conditionalComments.append(
      Comment(value: Array(bytes), end: currentOffset, isSuppressed: suppressEverything || ignoredFromDepth != nil))
  }

  private func attributeValue(
    _ wanted: StaticString, in attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
  ) -> String? {
    guard var cursor = attributes else { return nil }
    while let name = cursor.pointee {
      let value = cursor.advanced(by: 1).pointee
      if strcasecmp(UnsafeRawPointer(name).assumingMemoryBound(to: CChar.self),
        UnsafeRawPointer(wanted.utf8Start).assumingMemoryBound(to: CChar.self)) == 0
      {
        return value.map { String(cString: $0) } ?? ""
      }
      cursor = cursor.advanced(by: 2)
    }
    return nil
  }
}

/// What an element means to link extraction, decided from its lower-case name.
private enum ElementKind {
  case anchor, area, vml, inky, image, other
  /// An MJML component whose `href` is a link and whose content is its text (`mj-button`,
  /// `mj-navbar-link`, `mj-social-element`).
  case mjmlWithText
  /// An MJML component whose `href` is a link, described by its `alt` (`mj-image`,
  /// `mj-carousel-image`, `mj-hero`).
  case mjmlWithAlt
  /// `mj-head`: attribute defaults and fonts, no links.
  case mjmlHead

  init(_ name: UnsafePointer<xmlChar>, dialect: MarkupDialect) {
    let first = name[0]
    if dialect == .mjml, first == UInt8(ascii: "m"), name[1] == UInt8(ascii: "j"), name[2] == UInt8(ascii: "-") {
      let component = String(cString: name)
      switch component {
      case "mj-button", "mj-navbar-link", "mj-social-element": self = .mjmlWithText
      case "mj-image", "mj-carousel-image", "mj-hero": self = .mjmlWithAlt
      case "mj-head": self = .mjmlHead
      default: self = .other
      }
      return
    }
    switch first {
    case UInt8(ascii: "a"):
      if name[1] == 0 { self = .anchor; return }
      self = Self.equals(name, "area") ? .area : .other
    case UInt8(ascii: "v") where name[1] == UInt8(ascii: ":"):
      self = .vml
    case UInt8(ascii: "i"):
      self = Self.equals(name, "img") ? .image : Self.equals(name, "item") ? .inky : .other
    case UInt8(ascii: "b"):
      self = Self.equals(name, "button") ? .inky : .other
    default:
      self = .other
    }
  }

  /// Elements whose `href` is a link a reader can click.
  var carriesLinks: Bool { self != .image && self != .other && self != .mjmlHead }

  /// Elements whose content is the link's text (collected until the element ends).
  var capturesText: Bool { self != .area && self != .mjmlWithAlt }

  /// Elements whose own `alt` describes the link (an image map area, an MJML image).
  var takesOwnAlt: Bool { self == .area || self == .mjmlWithAlt || self == .mjmlWithText }

  private static func equals(_ name: UnsafePointer<xmlChar>, _ literal: StaticString) -> Bool {
    strcmp(UnsafeRawPointer(name).assumingMemoryBound(to: CChar.self),
      UnsafeRawPointer(literal.utf8Start).assumingMemoryBound(to: CChar.self)) == 0
  }
}

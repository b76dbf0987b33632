/// Extracts the links of an HTML document handed over a chunk at a time, so a document of
/// hundreds of megabytes is read in the memory of its longest tag: what ``HTMLLinkScanner``
/// does for a document held whole, with the same links, texts, positions and order.
///
/// The chunks go to libxml2's push parser (``SAXCollector/push(_:isLast:)``), each up to the end
/// of its last whole tag, comment or script as libxml2 parses them (``PushCutScanner``; the rest
/// waits for the next chunk): libxml2 2.9 parses a construct once its look-ahead has found an
/// end, a look-ahead that disagrees with the parser on broken tags (a value is then cut where
/// the chunk ends), and one that ran out of input resumes from an index its buffer compaction
/// can make stale, or without the quote it was in. Only the bytes
/// the parser has not finished with are kept (a tag still open at the chunk's end), so each
/// link is located (``StartTagLocator``) and given its line and column (``LineCursor``) as
/// soon as its start tag is parsed. A link is handed on once its element has closed (its text
/// is complete) and every link before it has been; a link whose element never closes is
/// handed on with the text it has once ``maximumWaiting`` links wait behind it. Outlook
/// conditional comments are parsed as HTML when they end, as the whole-document scan does.
///
/// A template or MJML source (``MarkupDialect``) has its template tags masked as
/// ``HTMLLinkScanner`` masks them (``TemplateTagMask/Stream``): the parser reads the masked bytes,
/// lines and columns are counted in the bytes as written.
///
/// The document must already be UTF-8 (``HTMLLinkStream/Encoding``); the markup budget is the
/// caller's to check first, as libxml2's attribute handling is quadratic.
public final class HTMLLinkStream {
  /// How the document's bytes are turned into UTF-8, chunk by chunk.
  public enum Encoding: Sendable {
    case utf8
    /// Each byte one character (``Transcoder``'s windows-1252 table).
    case windows1252
  }

  /// The most links held back behind one whose element is still open.
  static let maximumWaiting = 4096
  /// The most bytes held back from the parser waiting for the end of a construct; past it they
  /// are given to the parser anyway (a comment or a tag of megabytes).
  static let largestHeldBack = 4 << 20

  private let encoding: Encoding
  private let collector: SAXCollector
  /// Parses the content of conditional comments; kept from one comment to the next, as the
  /// whole-document scan keeps one collector for all of them.
  private let commentCollector: SAXCollector
  /// Masks the template tags of a template or MJML source; nil for HTML.
  private var mask: TemplateTagMask.Stream?
  /// The first bytes, held until they show whether they start with a byte-order mark.
  private var leading: [UInt8] = []
  /// The decoded bytes from ``windowStart`` on: those the parser may still report links in.
  private var window: [UInt8] = []
  /// Decoded bytes after the last whole construct read so far, not yet given to the parser.
  private var unpushed: [UInt8] = []
  /// The same bytes as ``window`` and ``unpushed`` as written, when the parser reads them
  /// masked: lines and columns are counted in these.
  private var originalWindow: [UInt8]?
  private var originalUnpushed: [UInt8]?
  /// Where an `else` template tag started a second element (``TemplateTagMask``), from
  /// ``windowStart`` on.
  private var branchStarts: [Int] = []
  /// How much of `unpushed` the cut scanner has read, and where in it the last cut and the last
  /// boundary are (0: none; ``PushCutScanner/lastCut(in:)``).
  private var scannedUnpushed = 0
  private var safeCut = 0
  private var safeBoundary = 0
  private var cuts = PushCutScanner()
  private var windowStart = 0
  private var cursor = LineCursor()
  private var isAtStart = true
  /// Links located and waiting to be handed on, in document order; `collected` is the link's
  /// index in the collector's links while its element may still collect text.
  /// `branchStart` is where the `else` tag was when the link's element is the second branch of
  /// a start tag split there.
  private var waiting: [Waiting] = []

  private typealias Waiting = (link: MarkupLink, collected: Int?, branchStart: Int?)

  public init(encoding: Encoding, dialect: MarkupDialect = .html) {
    self.encoding = encoding
    collector = SAXCollector(dialect: dialect)
    commentCollector = SAXCollector(dialect: dialect)
    if dialect != .html {
      mask = TemplateTagMask.Stream()
      originalWindow = []
      originalUnpushed = []
    }
    _ = libXML2Initialized
    collector.beginPush()
  }

  /// Parses the next bytes of the document; returns the links now complete, in order.
  public func feed(_ bytes: [UInt8]) -> [MarkupLink] {
    parse(Self.decoded(bytes, encoding: encoding), isLast: false)
  }

  /// Ends the document; returns the links still held.
  public func finish() -> [MarkupLink] {
    parse([], isLast: true)
  }

  private func parse(_ bytes: [UInt8], isLast: Bool) -> [MarkupLink] {
    var bytes = bytes
    // A byte-order mark is not part of the document (nor of its offsets).
    if isAtStart {
      leading += bytes
      guard leading.count >= 3 || isLast else { return [] }
      isAtStart = false
      bytes = leading.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(leading.dropFirst(3)) : leading
      leading = []
    }
    if mask != nil {
      let piece = mask!.feed(bytes, isLast: isLast)
      unpushed += piece.masked
      originalUnpushed! += piece.original
      branchStarts += piece.branchStarts
    } else {
      unpushed += bytes
    }
    // Pushed up to the end of the last whole construct, so the parser never has to wait for
    // more in the middle of one (``PushCutScanner``).
    let scanned = cuts.lastCut(in: unpushed[scannedUnpushed...])
    if let cut = scanned.cut { safeCut = scannedUnpushed + cut }
    if let boundary = scanned.boundary { safeBoundary = scannedUnpushed + boundary }
    scannedUnpushed = unpushed.count
    var cut = unpushed.count
    if !isLast {
      if safeCut > 0 {
        cut = safeCut
      } else if unpushed.count <= Self.largestHeldBack {
        return []
      } else if safeBoundary > 0 {
        // A look-ahead of libxml2 waits past every construct's end for 4 MiB: the parser will
        // hold what follows, but it still reads whole constructs.
        cut = safeBoundary
      }
    }
    safeCut = max(0, safeCut - cut)
    safeBoundary = max(0, safeBoundary - cut)
    scannedUnpushed -= cut
    let pushed = Array(unpushed[..<cut])
    unpushed.removeFirst(cut)
    window += pushed
    if originalUnpushed != nil {
      originalWindow! += originalUnpushed![..<cut]
      originalUnpushed!.removeFirst(cut)
    }
    let seenBefore = collector.links.count
    pushed.withUnsafeBufferPointer { collector.push($0, isLast: isLast) }
    var found = locate(collector.links[seenBefore...].indices.map { ($0, collector.links[$0], false) })
    for comment in collector.conditionalComments {
      found += links(inside: comment)
    }
    collector.forgetConditionalComments()
    found.sort { ($0.link.valueRange.lowerBound, $0.link.line) < ($1.link.valueRange.lowerBound, $1.link.line) }
    waiting += found
    let handed = handOn(isLast: isLast)
    // Nothing the parser reports later starts before where it stopped, nor before the next `<`
    // (it may hold a long text run unparsed): forget the bytes before.
    var done = isLast ? windowStart + window.count : max(windowStart, collector.parsedOffset)
    done = window[(done - windowStart)...].firstIndex(of: UInt8(ascii: "<")).map { $0 + windowStart } ?? windowStart + window.count
    cursor.advance(through: (originalWindow ?? window)[(cursor.offset - windowStart)..<(done - windowStart)])
    window.removeFirst(done - windowStart)
    originalWindow?.removeFirst(done - windowStart)
    windowStart = done
    // A link found later is an element whose `<` is after here, as is its branch's `else`.
    branchStarts.removeAll { $0 < windowStart }
    return handed
  }

  /// The links of a conditional comment's content, parsed as HTML.
  private func links(inside comment: SAXCollector.Comment) -> [Waiting] {
    guard let start = HTMLLinkScanner.contentStart(of: comment, in: window, offset: windowStart) else { return [] }
    let length = comment.value.firstIndex(ofBytes: HTMLLinkScanner.endif) ?? comment.value.count
    let first = commentCollector.links.count
    window.withUnsafeBufferPointer { whole in
      let content = UnsafeBufferPointer(rebasing: whole[(start - windowStart)..<(start - windowStart + length)])
      commentCollector.parse(content, baseOffset: start, insideComment: true, suppressed: comment.isSuppressed)
    }
    let found = locate(commentCollector.links[first...].indices.map { ($0, commentCollector.links[$0], true) })
    commentCollector.forgetLinks(commentCollector.links.count)
    return found
  }

  /// Finds each link's value in the window and gives it its line and column.
  private func locate(
    _ pending: [(index: Int, link: SAXCollector.PendingLink, isComplete: Bool)]
  ) -> [Waiting] {
    guard !pending.isEmpty else { return [] }
    let locator = StartTagLocator(buffer: window)
    var located = pending.map { index, link, isComplete in
      let range =
        locator.valueRange(of: link.attribute, element: link.element, tagEnd: link.tagEnd - windowStart)
        .map { ($0.lowerBound + windowStart)..<($0.upperBound + windowStart) } ?? link.tagEnd..<link.tagEnd
      let markup = MarkupLink(
        element: link.element, attribute: link.attribute, value: link.value, text: nil, line: 0, column: 0,
        endLine: 0, endColumn: 0, valueRange: range, isInConditionalComment: link.insideComment,
        isSuppressed: link.isSuppressed)
      return (link: markup, collected: isComplete ? nil : index, text: link.displayText)
    }
    // Offsets in order, as the cursor only moves forward: each URL's start and end.
    var offsets = [(offset: Int, slot: Int, isEnd: Bool)]()
    for (slot, entry) in located.enumerated() {
      let range = entry.link.valueRange
      var start = range.lowerBound
      while start < range.upperBound, Self.isSpace(window[start - windowStart]) { start += 1 }
      var end = range.upperBound
      while end > start, Self.isSpace(window[end - 1 - windowStart]) { end -= 1 }
      offsets.append((start, slot, false))
      offsets.append((end, slot, true))
    }
    offsets.sort { ($0.offset, $0.isEnd ? 1 : 0) < ($1.offset, $1.isEnd ? 1 : 0) }
    var probe = cursor
    for entry in offsets {
      let target = min(max(entry.offset, probe.offset), windowStart + window.count)
      probe.advance(through: (originalWindow ?? window)[(probe.offset - windowStart)..<(target - windowStart)])
      if entry.isEnd {
        located[entry.slot].link.endLine = probe.line
        located[entry.slot].link.endColumn = probe.column
      } else {
        located[entry.slot].link.line = probe.line
        located[entry.slot].link.column = probe.column
      }
    }
    return located.map { entry in
      var link = entry.link
      if entry.collected == nil { link.text = entry.text }
      return (link, entry.collected, branchStart(before: link.valueRange.lowerBound))
    }
  }

  /// The `else` tag that started the element whose value starts at `valueStart`, if it was
  /// (``HTMLLinkScanner``'s rule: no `<` between the branch's start and the value).
  private func branchStart(before valueStart: Int) -> Int? {
    guard let start = branchStarts.last(where: { $0 < valueStart }), start >= windowStart,
      !window[(start + 1 - windowStart)..<(valueStart - windowStart)].contains(UInt8(ascii: "<"))
    else { return nil }
    return start
  }

  /// Hands on the waiting links whose elements have closed, in order, up to the first one
  /// still open (unless too many wait behind it, or the document has ended).
  private func handOn(isLast: Bool) -> [MarkupLink] {
    var handed = [MarkupLink]()
    var forgotten = 0
    var index = 0
    while index < waiting.count {
      var (link, collected, _) = waiting[index]
      let mayGoOn = isLast || waiting.count - index > Self.maximumWaiting
      if let collected {
        guard mayGoOn || !collector.isCollectingText(collected - forgotten) else { break }
        link.text = collector.links[collected - forgotten].displayText
      }
      // The first branch of a start tag split at a template `else` has no content of its own:
      // it takes the text of the second (``HTMLLinkScanner``), once that is complete.
      if link.text == nil, mask != nil {
        if index + 1 < waiting.count, let start = waiting[index + 1].branchStart, link.valueRange.upperBound < start {
          let next = waiting[index + 1]
          if let nextCollected = next.collected {
            guard mayGoOn || !collector.isCollectingText(nextCollected - forgotten) else { break }
            link.text = collector.links[nextCollected - forgotten].displayText
          } else {
            link.text = next.link.text
          }
        } else if index + 1 == waiting.count, !isLast, branchStarts.contains(where: { $0 > link.valueRange.upperBound }) {
          break
        }
      }
      if let collected {
        // Collector links are handed on in their order: those before it are gone already.
        collector.forgetLinks(collected - forgotten + 1)
        forgotten = collected + 1
      }
      handed.append(link)
      index += 1
    }
    waiting.removeFirst(index)
    if forgotten > 0 {
      for slot in waiting.indices { waiting[slot].collected = waiting[slot].collected.map { $0 - forgotten } }
    }
    return handed
  }

  private static func isSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C
  }
}

/// A position in a document read forward: the byte offset, and the 1-based line and column
/// (Unicode scalars) there, counted as ``LineIndex`` counts them (lines end at LF, CRLF or a
/// lone CR).
struct LineCursor {
  private(set) var offset = 0
  private(set) var line = 1
  private(set) var column = 1
  /// Whether the last byte passed was a CR, whose LF (if it comes) ends no second line.
  private var afterCR = false

  /// Moves past `bytes`, the document's bytes from ``offset`` on.
  mutating func advance(through bytes: ArraySlice<UInt8>) {
    for byte in bytes {
      if byte == 0x0A {
        if !afterCR {
          line += 1
          column = 1
        }
        afterCR = false
      } else if byte == 0x0D {
        line += 1
        column = 1
        afterCR = true
      } else {
        if byte & 0xC0 != 0x80 { column += 1 }
        afterCR = false
      }
    }
    offset += bytes.count
  }
}

extension HTMLLinkStream {
  /// How a document is decoded when read in chunks, chosen from its first bytes as
  /// ``HTMLLinkScanner`` chooses for a whole document.
  public enum EncodingChoice: Sendable, Equatable {
    case known(Encoding)
    /// The document declares UTF-8 or nothing: UTF-8 when all of it is valid UTF-8
    /// (``UTF8Validation``), windows-1252 otherwise.
    case utf8IfValid
    /// Any other encoding (UTF-16 by its byte-order mark, a legacy charset its `<meta>`
    /// declares): converted to UTF-8 first, by ``Transcoder/Stream`` from the iconv charset
    /// `charset`, after its first `dropping` bytes (the byte-order mark). The converted text is
    /// then read as UTF-8 whatever its `<meta>` says, as the whole scan reads it.
    case converted(charset: String, dropping: Int)
  }

  /// The encoding choice for a document starting with `head` (its first 4 KiB or more).
  public static func encodingChoice(head: [UInt8]) -> EncodingChoice {
    if head.starts(with: [0xEF, 0xBB, 0xBF]) { return .known(.utf8) }
    if head.starts(with: [0xFF, 0xFE]) { return .converted(charset: "UTF-16LE", dropping: 2) }
    if head.starts(with: [0xFE, 0xFF]) { return .converted(charset: "UTF-16BE", dropping: 2) }
    switch HTMLCharset.declaredEncoding(in: head).map(HTMLCharset.canonicalLabel) {
    case nil, "utf-8": return .utf8IfValid
    case "windows-1252": return .known(.windows1252)
    // A charset iconv does not know is read as windows-1252 (``HTMLCharset``).
    case let label? where Transcoder.Stream(charset: label.uppercased()) == nil: return .known(.windows1252)
    case let label?: return .converted(charset: label.uppercased(), dropping: 0)
    }
  }

  /// `bytes`, the next chunk of a document in `encoding`, as the parser is given it: UTF-8 with
  /// NULs made spaces (the byte-order mark is left in).
  public static func decoded(_ bytes: [UInt8], encoding: Encoding) -> [UInt8] {
    var decoded =
      switch encoding {
      case .utf8: bytes
      case .windows1252: Transcoder.utf8(from: bytes, charset: "WINDOWS-1252") ?? bytes
      }
    // libxml2 stops at a NUL; browsers read on. A space keeps every offset where it was.
    if decoded.containsByte(0) {
      for index in decoded.indices where decoded[index] == 0 { decoded[index] = 0x20 }
    }
    return decoded
  }
}

extension HTMLLinkStream {
  /// Checks a document read in chunks against ``MarkupBudget/html`` as ``HTMLLinkScanner``
  /// checks a whole one before parsing it: decoded, its byte-order mark left out, its template
  /// tags masked in a template or MJML source.
  public struct BudgetCheck {
    private let encoding: Encoding
    private var mask: TemplateTagMask.Stream?
    private var scanner = MarkupBudgetScanner(budget: .html, dialect: .html)
    private var isFirst = true

    public init(encoding: Encoding, dialect: MarkupDialect) {
      self.encoding = encoding
      if dialect != .html { mask = TemplateTagMask.Stream() }
    }

    /// Checks the next chunk (`isLast`: the document ends after it); the first limit exceeded.
    public mutating func feed(_ bytes: [UInt8], isLast: Bool) -> MarkupBudget.Violation? {
      var decoded = HTMLLinkStream.decoded(bytes, encoding: encoding)
      if isFirst, decoded.starts(with: [0xEF, 0xBB, 0xBF]) { decoded.removeFirst(3) }
      isFirst = false
      if mask != nil { decoded = mask!.feed(decoded, isLast: isLast).masked }
      return scanner.feed(decoded)
    }
  }
}

/// Whether a document read in chunks is well-formed UTF-8, as ``Transcoder/isValidUTF8(_:)``
/// decides for the whole: a sequence cut by a chunk's end is completed by the next chunk.
public struct UTF8Validation: Sendable {
  private var carried: [UInt8] = []
  public private(set) var isValid = true

  public init() {}

  /// Checks the next bytes.
  public mutating func feed(_ bytes: [UInt8]) {
    guard isValid, !bytes.isEmpty else { return }
    let joined = carried + bytes
    // Hold back a trailing sequence that its lead byte says is not complete yet.
    var cut = joined.count
    for back in 1...min(3, joined.count) {
      let byte = joined[joined.count - back]
      guard byte & 0xC0 == 0x80 else {
        let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
        if length > back { cut = joined.count - back }
        break
      }
    }
    isValid = Transcoder.isValidUTF8(Array(joined[..<cut]))
    carried = Array(joined[cut...])
  }

  /// Ends the document: valid when nothing is left unfinished.
  public mutating func finish() -> Bool {
    if !carried.isEmpty { isValid = false }
    return isValid
  }
}

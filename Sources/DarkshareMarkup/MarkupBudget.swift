import DarkshareCore

/// Limits on the markup of one document, checked on the bytes before libxml2 parses them.
///
/// libxml2 2.9's duplicate-attribute check compares each attribute with every earlier one of the
/// same element, and its HTML parser looks down the whole stack of open elements for each end
/// tag that closes none of them: one tag with 100,000 attributes, or 100,000 nested `<b>`
/// followed by as many stray `</i>`, take minutes. Real documents stay far below these limits
/// (a newsletter has tens of attributes on a tag and nests tables a few dozen deep). In HTML,
/// the search for the element an end tag closes is budgeted as well, linear in the document's
/// size, so deep nesting closed in order (10,000 `<div>` and their `</div>`) passes while the
/// same depth closed by stray end tags does not.
public struct MarkupBudget: Sendable, Equatable {
  /// The most attributes one start tag may have.
  public var attributesPerElement: Int
  /// The deepest element nesting (for HTML, elements that close themselves — `<p>`, `<li>`,
  /// `<td>`, void elements — are not counted).
  public var depth: Int
  /// The most bytes one attribute value may have.
  public var attributeValueBytes: Int

  public init(attributesPerElement: Int, depth: Int, attributeValueBytes: Int) {
    self.attributesPerElement = attributesPerElement
    self.depth = depth
    self.attributeValueBytes = attributeValueBytes
  }

  /// HTML newsletters: 1,000 attributes, 16,384 levels, 16 MiB a value (inline `data:`
  /// images); and, for end tags, at most 1,000,000 + 16 × the bytes read so far steps down the
  /// stack of open elements looking for the element each one closes.
  public static let html = MarkupBudget(attributesPerElement: 1000, depth: 16_384, attributeValueBytes: 16 << 20)
  /// XML backups: 1,000 attributes; libxml2's own limits without `XML_PARSE_HUGE` for depth
  /// (256) and a value (10,000,000 bytes), checked first so the error says which limit.
  public static let xml = MarkupBudget(attributesPerElement: 1000, depth: 256, attributeValueBytes: 10_000_000)

  /// A limit a document exceeds, and the line (1-based) where it does.
  public struct Violation: Error, Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var limit: String

    /// "line 3: an element has more than 1000 attributes (the limit); the document is not read
    /// past it".
    public var description: String { "line \(line): \(limit)" }
  }
}

/// Checks a document against a ``MarkupBudget`` in one pass over its bytes, fed whole or in
/// chunks; O(*n*), constant memory.
///
/// It is not a tokenizer: it follows tags, quoted values and, for HTML, the raw text of
/// `<script>` and `<style>`, enough to count the attributes of a start tag (a name after
/// whitespace or a closing quote, outside quotes), the length of a value and the nesting depth.
/// `<!…>` (comments, doctype, CDATA) and `<?…>` end at the next `>`, so the markup inside an
/// Outlook conditional comment, which darkshare parses as HTML too, is counted. An error on
/// the safe side (counting a comment's words as attributes) needs a thousand of them in one
/// "tag".
public struct MarkupBudgetScanner: Sendable {
  public enum Dialect: Sendable { case html, xml }

  private enum State: Sendable {
    case text, lessThan, tagName, betweenAttributes, attributeName, afterName, valueStart
    case quoted(UInt8), unquoted, declaration, endTagName
  }

  private let budget: MarkupBudget
  private let dialect: Dialect
  private var state = State.text
  private var line = 1
  private var attributes = 0
  private var valueBytes = 0
  private var depth = 0
  /// The start of the current tag's name, lower-cased (enough to tell `script`, `style`, `p`).
  private var name = TagName()
  private var isEndTag = false
  private var lastTagByte: UInt8 = 0
  /// In HTML raw text: the end tag looked for (`</script`) and how much of it has matched.
  private var rawTextEnd: [UInt8]?
  private var rawTextName = TagName()
  private var rawTextMatched = 0
  /// HTML: the names of the open elements, innermost last, and the steps spent searching them.
  private var openElements: [TagName] = []
  private var searchSteps = 0
  private var bytesSeen = 0
  /// Whether runs that only `step`'s last byte can change (text, values, names, white space
  /// in a tag) are passed over in tight loops; tests turn it off to compare the two readings,
  /// `step` byte by byte being the definition.
  var passesOverRuns = true

  /// HTML elements that never nest: void elements and those an HTML parser closes implicitly.
  private static let flatElements = ShortTagNames([
    "area", "base", "basefont", "br", "col", "embed", "frame", "hr", "img", "input", "isindex", "keygen", "link", "meta",
    "param", "source", "track", "wbr", "p", "li", "dt", "dd", "td", "th", "tr", "option", "optgroup", "thead", "tbody",
    "tfoot", "colgroup", "rb", "rt", "rp", "html", "head", "body",
  ])
  private static let rawTextElements = ShortTagNames(["script", "style"])

  public init(budget: MarkupBudget, dialect: Dialect) {
    self.budget = budget
    self.dialect = dialect
  }

  /// Checks a whole document.
  public static func check(_ bytes: [UInt8], budget: MarkupBudget, dialect: Dialect) -> MarkupBudget.Violation? {
    var scanner = MarkupBudgetScanner(budget: budget, dialect: dialect)
    return scanner.feed(bytes)
  }

  /// Checks the next bytes of the document; the first limit exceeded, or nil.
  ///
  /// Takes an array rather than any sequence of bytes: a generic parameter is not specialised
  /// across the module boundary, and iterating it through protocol witnesses, byte by byte, was
  /// a quarter of reading an SMS backup.
  public mutating func feed(_ bytes: [UInt8]) -> MarkupBudget.Violation? {
    bytes.withUnsafeBufferPointer { buffer in
      let count = buffer.count
      var index = 0
      while index < count {
        // Text and quoted values are most of a document: only their end matters (and line
        // breaks, and a value's length), so they are passed over in a tight loop.
        let start = index
        switch state {
        case .text where passesOverRuns && (rawTextEnd == nil || rawTextMatched == 0):
          // Text, or a script's or style sheet's raw text before anything of its end tag.
          index = buffer.firstIndex(of: UInt8(ascii: "<"), in: index..<count) ?? count
          line += Self.lineFeeds(in: buffer, from: start, before: index)
        case .quoted(let quote) where passesOverRuns:
          // Up to the byte that would exceed the limit, which `step` then reports.
          let end = min(count, index + max(0, budget.attributeValueBytes - valueBytes))
          index = buffer.firstIndex(of: quote, in: index..<end) ?? end
          line += Self.lineFeeds(in: buffer, from: start, before: index)
          valueBytes += index - start
        case .attributeName where passesOverRuns:
          // The rest of a name: only the byte that ends it matters (names hold no line break).
          while index < count, !Self.endsAttributeName(buffer[index]) { index += 1 }
          if index > start { lastTagByte = buffer[index - 1] }
        case .tagName where passesOverRuns:
          // The rest of a start tag's name, up to the white space, `/` or `>` that ends it.
          while index < count, case let byte = buffer[index], !Self.isSpace(byte), byte != UInt8(ascii: "/"),
            byte != UInt8(ascii: ">")
          {
            name.append(Self.isLetter(byte) ? byte | 0x20 : byte)
            lastTagByte = byte
            index += 1
          }
        case .endTagName where passesOverRuns:
          // An end tag's name, white space left out, up to its `>`.
          while index < count, case let byte = buffer[index], byte != UInt8(ascii: ">") {
            if !Self.isSpace(byte) {
              name.append(Self.isLetter(byte) ? byte | 0x20 : byte)
              lastTagByte = byte
            } else if byte == 0x0A {
              line += 1
            }
            index += 1
          }
        case .betweenAttributes where passesOverRuns:
          let (reached, violation) = passAttributes(in: buffer, from: index)
          if let violation { return violation }
          index = reached
        case .afterName where passesOverRuns, .valueStart where passesOverRuns:
          // White space between the parts of a tag changes nothing but the line.
          while index < count, Self.isSpace(buffer[index]) {
            if buffer[index] == 0x0A { line += 1 }
            index += 1
          }
        case .unquoted where passesOverRuns:
          // An unquoted value's bytes, up to the byte that would exceed the limit (which `step`
          // then reports) or the white space or `>` that ends it.
          let end = min(count, index + max(0, budget.attributeValueBytes - valueBytes))
          while index < end, case let byte = buffer[index], !Self.isSpace(byte), byte != UInt8(ascii: ">") { index += 1 }
          valueBytes += index - start
        case .declaration where passesOverRuns:
          // A comment, doctype or processing instruction: only its `>` ends it.
          index = buffer.firstIndex(of: UInt8(ascii: ">"), in: index..<count) ?? count
          line += Self.lineFeeds(in: buffer, from: start, before: index)
        default:
          break
        }
        bytesSeen += index - start
        guard index < count else { break }
        let byte = buffer[index]
        index += 1
        bytesSeen += 1
        if byte == 0x0A { line += 1 }
        if let violation = step(byte) { return violation }
      }
      return nil
    }
  }

  /// From `start`, between a start tag's attributes: whole attributes written `name="value"`
  /// (or with `'`) and the white space around them taken as `step` takes them byte by byte,
  /// up to anything else, which is left to `step`, or the end of `buffer`. The index reached,
  /// and the violation of a tag with too many attributes.
  private mutating func passAttributes(
    in buffer: UnsafeBufferPointer<UInt8>, from start: Int
  ) -> (index: Int, violation: MarkupBudget.Violation?) {
    let count = buffer.count
    var index = start
    while true {
      // White space changes nothing but the line.
      while index < count, Self.isSpace(buffer[index]) {
        if buffer[index] == 0x0A { line += 1 }
        index += 1
      }
      guard index < count, case let first = buffer[index], first != UInt8(ascii: ">"), first != UInt8(ascii: "/"),
        first != UInt8(ascii: "=")
      else { return (index, nil) }
      // A name starts: counted as `step` counts it (which leaves `lastTagByte` as it was).
      index += 1
      state = .attributeName
      if let violation = countAttribute() { return (index, violation) }
      let nameStart = index
      while index < count, !Self.endsAttributeName(buffer[index]) { index += 1 }
      if index > nameStart { lastTagByte = buffer[index - 1] }
      guard index < count, buffer[index] == UInt8(ascii: "=") else { return (index, nil) }
      index += 1
      state = .valueStart
      lastTagByte = UInt8(ascii: "=")
      guard index < count, case let quote = buffer[index], quote == 0x22 || quote == 0x27 else { return (index, nil) }
      index += 1
      valueBytes = 0
      state = .quoted(quote)
      lastTagByte = quote
      // A value that goes on past the buffer, or past the limit, is the quoted run's to finish.
      let valueStart = index
      guard let close = buffer.firstIndex(of: quote, in: index..<min(count, index + budget.attributeValueBytes)) else {
        return (index, nil)
      }
      line += Self.lineFeeds(in: buffer, from: valueStart, before: close)
      valueBytes = close - valueStart
      index = close + 1
      state = .betweenAttributes
    }
  }

  /// How many line feeds `buffer[from..<before]` holds.
  private static func lineFeeds(in buffer: UnsafeBufferPointer<UInt8>, from: Int, before: Int) -> Int {
    buffer.count(in: from..<before) { $0 == 0x0A }
  }

  private static func endsAttributeName(_ byte: UInt8) -> Bool {
    isSpace(byte) || byte == UInt8(ascii: "=") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/")
  }

  private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C }
  private static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }

  private mutating func step(_ byte: UInt8) -> MarkupBudget.Violation? {
    switch state {
    case .text:
      if let end = rawTextEnd {
        // Raw text: only its end tag (`</script`, any case) ends it.
        let lowered = Self.isLetter(byte) ? byte | 0x20 : byte
        if lowered == end[rawTextMatched] {
          rawTextMatched += 1
          if rawTextMatched == end.count {
            rawTextEnd = nil
            rawTextMatched = 0
            startTag(isEnd: true)
            name = rawTextName
            state = .endTagName
          }
        } else {
          rawTextMatched = byte == UInt8(ascii: "<") ? 1 : 0
        }
      } else if byte == UInt8(ascii: "<") {
        state = .lessThan
      }
    case .lessThan:
      if Self.isLetter(byte) {
        startTag(isEnd: false)
        name.append(byte | 0x20)
        state = .tagName
      } else if byte == UInt8(ascii: "/") {
        startTag(isEnd: true)
        state = .endTagName
      } else if byte == UInt8(ascii: "!") || byte == UInt8(ascii: "?") {
        state = .declaration
      } else if byte != UInt8(ascii: "<") {
        state = .text
      }
    case .declaration:
      if byte == UInt8(ascii: ">") { state = .text }
    case .endTagName:
      if byte == UInt8(ascii: ">") { return endTag() }
      if !Self.isSpace(byte) { name.append(Self.isLetter(byte) ? byte | 0x20 : byte) }
    case .tagName:
      if Self.isSpace(byte) || byte == UInt8(ascii: "/") {
        state = .betweenAttributes
      } else if byte == UInt8(ascii: ">") {
        return endTag()
      } else {
        name.append(Self.isLetter(byte) ? byte | 0x20 : byte)
      }
    case .betweenAttributes, .afterName:
      if byte == UInt8(ascii: ">") { return endTag() }
      if Self.isSpace(byte) || byte == UInt8(ascii: "/") {
        if byte == UInt8(ascii: "/") { state = .betweenAttributes }
      } else if byte == UInt8(ascii: "=") {
        state = .valueStart
      } else {
        state = .attributeName
        return countAttribute()
      }
    case .attributeName:
      if byte == UInt8(ascii: ">") { return endTag() }
      if Self.isSpace(byte) {
        state = .afterName
      } else if byte == UInt8(ascii: "=") {
        state = .valueStart
      } else if byte == UInt8(ascii: "/") {
        state = .betweenAttributes
      }
    case .valueStart:
      if byte == UInt8(ascii: ">") { return endTag() }
      if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
        valueBytes = 0
        state = .quoted(byte)
      } else if !Self.isSpace(byte) {
        valueBytes = 1
        state = .unquoted
      }
    case .quoted(let quote):
      if byte == quote {
        state = .betweenAttributes
      } else {
        return countValueByte()
      }
    case .unquoted:
      if byte == UInt8(ascii: ">") { return endTag() }
      if Self.isSpace(byte) {
        state = .betweenAttributes
      } else {
        return countValueByte()
      }
    }
    if case .text = state {} else if !Self.isSpace(byte) { lastTagByte = byte }
    return nil
  }

  private mutating func startTag(isEnd: Bool) {
    isEndTag = isEnd
    attributes = 0
    name = TagName()
    lastTagByte = 0
  }

  private mutating func countAttribute() -> MarkupBudget.Violation? {
    attributes += 1
    guard attributes > budget.attributesPerElement else { return nil }
    return MarkupBudget.Violation(
      line: line, limit: "an element has more than \(budget.attributesPerElement) attributes, darkshare's limit (libxml2 slows down quadratically on them)")
  }

  private mutating func countValueByte() -> MarkupBudget.Violation? {
    valueBytes += 1
    guard valueBytes > budget.attributeValueBytes else { return nil }
    return MarkupBudget.Violation(line: line, limit: "an attribute value is longer than \(budget.attributeValueBytes) bytes, darkshare's limit")
  }

  /// The `>` of a tag: adjusts the depth, and enters raw text after `<script>` or `<style>`.
  private mutating func endTag() -> MarkupBudget.Violation? {
    state = .text
    let selfClosing = lastTagByte == UInt8(ascii: "/")
    if isEndTag {
      guard dialect == .html else {
        depth = max(0, depth - 1)
        return nil
      }
      if Self.flatElements.contains(name) { return nil }
      // As libxml2 does: look down the open elements for the one closed, and close it and
      // those above it; a stray end tag closes nothing, after a search of the whole stack.
      var index = openElements.count - 1
      while index >= 0 {
        searchSteps += 1
        if openElements[index] == name { break }
        index -= 1
      }
      if index >= 0 { openElements.removeLast(openElements.count - index) }
      depth = openElements.count
      guard searchSteps > 1_000_000 + 16 * bytesSeen else { return nil }
      return MarkupBudget.Violation(
        line: line, limit: "end tags that close no open element follow deep nesting, darkshare's limit (libxml2 would search the open elements for each)")
    }
    if dialect == .html {
      if Self.rawTextElements.contains(name) {
        rawTextEnd = Array("</".utf8) + name.bytes
        rawTextName = name
        rawTextMatched = 0
        return nil
      }
      if Self.flatElements.contains(name) || selfClosing { return nil }
      openElements.append(name)
    } else if selfClosing {
      return nil
    }
    depth = dialect == .html ? openElements.count : depth + 1
    guard depth > budget.depth else { return nil }
    return MarkupBudget.Violation(line: line, limit: "elements are nested more than \(budget.depth) deep, darkshare's limit")
  }
}

/// The first 16 bytes of a tag's name, held inline: a tag costs no allocation, and comparing
/// two names is comparing two words.
struct TagName: Equatable, Sendable {
  private var low: UInt64 = 0
  private var high: UInt64 = 0
  private var count = 0

  init() {}

  init(_ name: String) {
    for byte in name.utf8 { append(byte) }
  }

  /// Adds `byte`, unless the name already holds 16.
  mutating func append(_ byte: UInt8) {
    guard count < 16 else { return }
    if count < 8 {
      low |= UInt64(byte) << (8 * UInt64(count))
    } else {
      high |= UInt64(byte) << (8 * UInt64(count - 8))
    }
    count += 1
  }

  /// The name as one word, when it has at most 8 bytes, none of them zero: zero bytes pad the
  /// word, so `p` followed by a NUL would read as `p` (and no element's name holds a NUL).
  var shortWord: UInt64? {
    guard count <= 8 else { return nil }
    for index in 0..<count where (low >> (8 * UInt64(index))) & 0xFF == 0 { return nil }
    return low
  }

  var bytes: [UInt8] {
    (0..<count).map { index in
      let word = index < 8 ? low : high
      return UInt8(truncatingIfNeeded: word >> UInt64(8 * (index % 8)))
    }
  }
}

/// Tag names of at most 8 bytes, as words: looked up at every tag, without hashing bytes.
struct ShortTagNames: Sendable {
  /// The names' words in an open-addressed table of ``slotCount`` slots, at most half full; 0
  /// marks an empty slot (no name's word is 0). A look-up multiplies once and compares a slot or
  /// two, where a binary search over the sorted words branched unpredictably at every tag.
  private let slots: [UInt64]
  private static let slotCount = 128

  init(_ names: [String]) {
    precondition(names.count <= Self.slotCount / 2, "too many names for the table")
    var slots = [UInt64](repeating: 0, count: Self.slotCount)
    for name in names {
      guard let word = TagName(name).shortWord, word != 0 else { preconditionFailure("\(name) is empty, longer than 8 bytes or holds a NUL") }
      var slot = Self.slot(of: word)
      while slots[slot] != 0, slots[slot] != word { slot = (slot + 1) & (Self.slotCount - 1) }
      slots[slot] = word
    }
    self.slots = slots
  }

  /// The slot a word's probe starts at: the high bits of the word times an odd constant.
  private static func slot(of word: UInt64) -> Int {
    Int(truncatingIfNeeded: (word &* 0x9E37_79B9_7F4A_7C15) >> 57)
  }

  func contains(_ name: TagName) -> Bool {
    guard let word = name.shortWord else { return false }
    var slot = Self.slot(of: word)
    while slots[slot] != 0 {
      if slots[slot] == word { return true }
      slot = (slot + 1) & (Self.slotCount - 1)
    }
    return false
  }
}

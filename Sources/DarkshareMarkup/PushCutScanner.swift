/// Finds where a chunk of HTML may end for libxml2's push parser: right after the `>` that ends
/// a tag, a comment, a declaration or the end tag of a `<script>`/`<style>` as libxml2 2.9.14
/// parses them, never inside one.
///
/// libxml2's push parser looks ahead for the end of a construct before parsing it, but its
/// look-ahead and its parser disagree on broken tags. The look-ahead for a start tag
/// (`htmlParseLookupSequence` with `ignoreattrval`) takes every `"` or `'` for a quote;
/// `htmlParseStartTag` opens a quoted value only after `=` and reads any other quote as part of
/// a name or bogus attribute text. In `<a b"c href="u>v">`, the look-ahead finds the tag's end
/// at `u>`, while the parser reads the value `u>v`: a chunk cut after `u>` makes the parser stop
/// the value at the end of its buffer (`u>`) and read `v">` as text. So the cuts follow the
/// parser (`htmlParseStartTag`, `htmlParseEndTag`, `htmlParseDocTypeDecl`, `htmlParseComment`,
/// `htmlParseScript`, `htmlParsePI`, and text for a `<` that starts none of them), and
/// ``lastCut(in:)`` also waits until every look-ahead begun has found its `>`: a look-ahead
/// that runs out of input inside a quote resumes without knowing which quote, never finds its
/// end, and the parser then holds the rest of the document until the last chunk.
///
/// What libxml2 reads:
/// - a start tag is `<` and an ASCII letter; names run over `[A-Za-z0-9:_.-]` (100 at most);
///   a value is quoted only when a quote follows `=`; text that does not start a name is
///   dumped up to a blank, `>` or `/>`; the tag ends at `>` or `/>` outside a quoted value;
/// - `<!--` opens a comment that `-->` or `--!>` closes (not the dashes of `<!-->`);
///   `<!DOCTYPE` (any case) ends at `>` outside its `PUBLIC`/`SYSTEM` literals;
///   `</` and a name start an end tag ending at `>`; `<?` and a name, a processing
///   instruction ending at `>`; any other `<` is text;
/// - after `<script>` or `<style>` (not `/>`), text runs to `</script` or `</style` (any case);
///   an end tag whose name goes on (`</scripts>`) does not end it.
struct PushCutScanner {
  private enum State {
    case text, lessThan
    case bang, bangDash, comment, commentBang
    /// `<!` and that many letters of `DOCTYPE`.
    case doctypeKeyword(Int)
    case doctype(DoctypePart)
    case processingStart, processing
    case endTagStart, endTag
    case tagName(length: Int)
    case attributes
    case attributeName(length: Int)
    case afterAttributeName, beforeValue, unquotedValue
    case quotedValue(UInt8)
    /// Attribute text that does not start a name, dumped up to a blank, `>` or `/>`.
    case bogus
    /// A `/` in a tag: `/>` ends it, anything else is bogus text.
    case slash
    case rawText
    /// Raw text's `</script` or `</style` just read: the end tag's name may go on.
    case rawTextEnd
    /// An end tag in raw text that does not end it (`</scripts>`).
    case rawTextOtherEndTag
  }

  private enum DoctypePart {
    case beforeName, name, afterName
    /// That many letters of `PUBLIC` (or `SYSTEM`).
    case keyword(isPublic: Bool, matched: Int)
    case beforeLiteral(isPublic: Bool)
    case literal(quote: UInt8, isPublic: Bool)
    case beforeSystemLiteral
    /// Up to the `>`, quotes or not.
    case rest
  }

  /// The states of libxml2's look-aheads for a start tag or doctype still looking for their
  /// `>`: outside a quoted value, or inside one opened by `"` or `'`. Look-aheads in the same
  /// state read on alike, so three flags hold them all.
  private struct LookAheads {
    var outside = false
    var inDouble = false
    var inSingle = false

    var isEmpty: Bool { !outside && !inDouble && !inSingle }

    mutating func read(_ byte: UInt8) {
      switch byte {
      case UInt8(ascii: "\""): (outside, inDouble) = (inDouble, outside)
      case UInt8(ascii: "'"): (outside, inSingle) = (inSingle, outside)
      case UInt8(ascii: ">"): outside = false
      default: break
      }
    }
  }

  private var state = State.text
  private var lookAheads = LookAheads()
  /// Dashes just seen in a comment (its opening ones do not count).
  private var dashes = 0
  /// The current tag's name, lower-case, as far as needed to tell `script` and `style`.
  private var name: [UInt8] = []
  /// In raw text, the end tag looked for and how much of it has matched.
  private var rawTextEnd: [UInt8] = []
  private var rawTextMatched = 0

  private static let script = Array("script".utf8)
  private static let style = Array("style".utf8)
  private static let doctypeWord = Array("DOCTYPE".utf8)
  private static let publicWord = Array("PUBLIC".utf8)
  private static let systemWord = Array("SYSTEM".utf8)
  /// libxml2's longest tag or attribute name (`HTML_PARSER_BUFFER_SIZE`); the rest of a longer
  /// one is read as the next attribute.
  private static let longestName = 100

  /// Reads `bytes`, the next bytes of the document.
  /// - Returns: `cut`, the offset (in `bytes`) just past the last place where a chunk may end
  ///   and libxml2 parses everything before it; `boundary`, the last place where a whole
  ///   construct ends even if one of libxml2's look-aheads still waits past it (a chunk cut
  ///   there is parsed alike, but the parser may hold the rest of the document). Nil when there
  ///   is none in `bytes`.
  mutating func lastCut(in bytes: ArraySlice<UInt8>) -> (cut: Int?, boundary: Int?) {
    var cut: Int?
    var boundary: Int?
    for index in bytes.indices {
      lookAheads.read(bytes[index])
      guard step(bytes[index]) else { continue }
      boundary = index + 1 - bytes.startIndex
      if lookAheads.isEmpty { cut = boundary }
    }
    return (cut, boundary)
  }

  /// Moves past `byte`; true when it closed a construct (the document is back in text).
  private mutating func step(_ byte: UInt8) -> Bool {
    switch state {
    case .text:
      if byte == UInt8(ascii: "<") { state = .lessThan }
    case .lessThan:
      switch byte {
      case UInt8(ascii: "!"): state = .bang
      case UInt8(ascii: "/"): state = .endTagStart
      case UInt8(ascii: "?"): state = .processingStart
      case UInt8(ascii: "<"): break
      case _ where Self.isLetter(byte):
        name = [byte | 0x20]
        state = .tagName(length: 1)
        lookAheads.outside = true
      default: state = .text
      }
    case .bang:
      if byte == UInt8(ascii: "-") {
        state = .bangDash
      } else if byte & 0xDF == Self.doctypeWord[0] {
        state = .doctypeKeyword(1)
      } else {
        return restep(byte, in: .text)
      }
    case .bangDash:
      guard byte == UInt8(ascii: "-") else { return restep(byte, in: .text) }
      dashes = 0
      state = .comment
    case .comment:
      if byte == UInt8(ascii: ">"), dashes >= 2 {
        state = .text
        return true
      }
      if byte == UInt8(ascii: "!"), dashes >= 2 {
        state = .commentBang
      } else {
        dashes = byte == UInt8(ascii: "-") ? dashes + 1 : 0
      }
    case .commentBang:
      if byte == UInt8(ascii: ">") {
        state = .text
        return true
      }
      dashes = byte == UInt8(ascii: "-") ? 1 : 0
      state = .comment
    case .doctypeKeyword(let matched):
      guard byte & 0xDF == Self.doctypeWord[matched] else { return restep(byte, in: .text) }
      if matched + 1 < Self.doctypeWord.count {
        state = .doctypeKeyword(matched + 1)
      } else {
        state = .doctype(.beforeName)
        lookAheads.outside = true
      }
    case .doctype(let part):
      return step(byte, inDoctype: part)
    case .processingStart:
      guard Self.startsXMLName(byte) else { return restep(byte, in: .text) }
      state = .processing
    case .processing, .endTag:
      if byte == UInt8(ascii: ">") {
        state = .text
        return true
      }
    case .endTagStart:
      guard Self.startsHTMLName(byte) else { return restep(byte, in: .text) }
      state = .endTag
    case .tagName(let length):
      guard Self.continuesHTMLName(byte), length < Self.longestName else { return restep(byte, in: .attributes) }
      if name.count <= Self.script.count { name.append(byte | 0x20) }
      state = .tagName(length: length + 1)
    case .attributes:
      switch byte {
      case _ where Self.isBlank(byte): break
      case UInt8(ascii: ">"): return endOfStartTag(selfClosing: false)
      case UInt8(ascii: "/"): state = .slash
      case _ where Self.startsHTMLName(byte): state = .attributeName(length: 1)
      default: state = .bogus
      }
    case .attributeName(let length):
      guard Self.continuesHTMLName(byte), length < Self.longestName else { return restep(byte, in: .afterAttributeName) }
      state = .attributeName(length: length + 1)
    case .afterAttributeName:
      if byte == UInt8(ascii: "=") {
        state = .beforeValue
      } else if !Self.isBlank(byte) {
        return restep(byte, in: .attributes)
      }
    case .beforeValue:
      if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
        state = .quotedValue(byte)
      } else if !Self.isBlank(byte) {
        return restep(byte, in: .unquotedValue)
      }
    case .unquotedValue:
      if Self.isBlank(byte) { state = .attributes }
      if byte == UInt8(ascii: ">") { return endOfStartTag(selfClosing: false) }
    case .quotedValue(let quote):
      if byte == quote { state = .attributes }
    case .bogus:
      if Self.isBlank(byte) { state = .attributes }
      if byte == UInt8(ascii: "/") { state = .slash }
      if byte == UInt8(ascii: ">") { return endOfStartTag(selfClosing: false) }
    case .slash:
      guard byte == UInt8(ascii: ">") else { return restep(byte, in: .bogus) }
      return endOfStartTag(selfClosing: true)
    case .rawText:
      let lowered = Self.isLetter(byte) ? byte | 0x20 : byte
      if lowered == rawTextEnd[rawTextMatched] {
        rawTextMatched += 1
        if rawTextMatched == rawTextEnd.count { state = .rawTextEnd }
      } else {
        rawTextMatched = byte == UInt8(ascii: "<") ? 1 : 0
      }
    case .rawTextEnd:
      guard Self.continuesHTMLName(byte) else { return restep(byte, in: .endTag) }
      state = .rawTextOtherEndTag
    case .rawTextOtherEndTag:
      if byte == UInt8(ascii: ">") {
        rawTextMatched = 0
        state = .rawText
      }
    }
    return false
  }

  /// `htmlParseDocTypeDecl`: a name, then `PUBLIC "…" "…"` or `SYSTEM "…"`, then anything up
  /// to `>`.
  private mutating func step(_ byte: UInt8, inDoctype part: DoctypePart) -> Bool {
    let isQuote = byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
    switch part {
    case .beforeName:
      if Self.isBlank(byte) { return false }
      guard Self.startsXMLName(byte) else { return restep(byte, in: .doctype(.rest)) }
      state = .doctype(.name)
    case .name:
      guard Self.continuesXMLName(byte) else { return restep(byte, in: .doctype(.afterName)) }
    case .afterName:
      if Self.isBlank(byte) { return false }
      let upper = byte & 0xDF
      guard upper == Self.publicWord[0] || upper == Self.systemWord[0] else { return restep(byte, in: .doctype(.rest)) }
      state = .doctype(.keyword(isPublic: upper == Self.publicWord[0], matched: 1))
    case .keyword(let isPublic, let matched):
      let word = isPublic ? Self.publicWord : Self.systemWord
      guard byte & 0xDF == word[matched] else { return restep(byte, in: .doctype(.rest)) }
      state = .doctype(matched + 1 < word.count ? .keyword(isPublic: isPublic, matched: matched + 1) : .beforeLiteral(isPublic: isPublic))
    case .beforeLiteral(let isPublic):
      if Self.isBlank(byte) { return false }
      guard isQuote else { return restep(byte, in: .doctype(.rest)) }
      state = .doctype(.literal(quote: byte, isPublic: isPublic))
    case .literal(let quote, let isPublic):
      if byte == quote { state = .doctype(isPublic ? .beforeSystemLiteral : .rest) }
    case .beforeSystemLiteral:
      if Self.isBlank(byte) { return false }
      guard isQuote else { return restep(byte, in: .doctype(.rest)) }
      state = .doctype(.literal(quote: byte, isPublic: false))
    case .rest:
      if byte == UInt8(ascii: ">") {
        state = .text
        return true
      }
    }
    return false
  }

  /// Reads `byte` again in `next`: the construct before it ended without consuming it.
  private mutating func restep(_ byte: UInt8, in next: State) -> Bool {
    state = next
    return step(byte)
  }

  /// After a start tag: raw text for `<script>` and `<style>`, text otherwise.
  private mutating func endOfStartTag(selfClosing: Bool) -> Bool {
    if !selfClosing, name == Self.script || name == Self.style {
      rawTextEnd = Array("</".utf8) + name
      rawTextMatched = 0
      state = .rawText
      return false
    }
    state = .text
    return true
  }

  private static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }

  /// `IS_BLANK_CH`: space, tab, line feed, carriage return (not form feed).
  private static func isBlank(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
  }

  /// `htmlParseHTMLName`: tag and attribute names start with an ASCII letter, `_`, `:` or `.`.
  private static func startsHTMLName(_ byte: UInt8) -> Bool {
    isLetter(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":") || byte == UInt8(ascii: ".")
  }

  private static func continuesHTMLName(_ byte: UInt8) -> Bool {
    startsHTMLName(byte) || (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "-")
  }

  /// `htmlParseName` (doctype names, processing instruction targets): XML names, taken here as
  /// any byte of a multi-byte character.
  private static func startsXMLName(_ byte: UInt8) -> Bool {
    isLetter(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":") || byte >= 0x80
  }

  private static func continuesXMLName(_ byte: UInt8) -> Bool {
    startsXMLName(byte) || (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
  }
}

/// Finds where a chunk of HTML may end for libxml2's push parser: right after a `>` that closes
/// a tag, a comment, a declaration or the end tag of a `<script>`/`<style>`, never inside one.
///
/// libxml2 2.9's push parser looks ahead for the end of each construct before parsing it; a
/// look-ahead that runs out of input resumes later from an index into its buffer, which the
/// buffer's compaction can make stale, so the same document cut elsewhere may parse
/// differently. Giving it only whole constructs keeps every look-ahead within one chunk. The
/// states follow the look-aheads: a tag ends at a `>` outside quotes, a comment at `-->` or
/// `--!>` after its opening `<!--` (libxml2 reads `<!-->` on to the next `-->`), a `<!…>` or `<?…>` at `>`, raw text at
/// `</script` or `</style` (any case).
struct PushCutScanner {
  private enum State {
    case text, lessThan, bang, bangDash, comment, commentBang, declaration, tagName, tag, endTag
    case quoted(UInt8)
    case rawText
  }

  private var state = State.text
  /// Dashes just seen in a comment (its opening ones do not count).
  private var dashes = 0
  /// The start of the current tag's name, lower-case, enough to tell `script` and `style`.
  private var name: [UInt8] = []
  /// In raw text, the end tag looked for and how much of it has matched.
  private var rawTextEnd: [UInt8] = []
  private var rawTextMatched = 0

  private static let script = Array("script".utf8)
  private static let style = Array("style".utf8)

  /// Reads `bytes`, the next bytes of the document; returns the offset (in `bytes`) just past
  /// the last place a chunk may end, or nil when there is none in them.
  mutating func lastCut(in bytes: ArraySlice<UInt8>) -> Int? {
    var cut: Int?
    for index in bytes.indices where step(bytes[index]) { cut = index + 1 - bytes.startIndex }
    return cut
  }

  /// Moves past `byte`; true when it closed a construct (the document is back in text).
  private mutating func step(_ byte: UInt8) -> Bool {
    switch state {
    case .text:
      if byte == UInt8(ascii: "<") { state = .lessThan }
    case .lessThan:
      switch byte {
      case UInt8(ascii: "!"): state = .bang
      case UInt8(ascii: "/"): state = .endTag
      case UInt8(ascii: "?"): state = .declaration
      case _ where Self.isLetter(byte):
        name = [byte | 0x20]
        state = .tagName
      case UInt8(ascii: "<"): state = .lessThan
      default: state = .text
      }
    case .bang:
      state = byte == UInt8(ascii: "-") ? .bangDash : byte == UInt8(ascii: ">") ? .text : .declaration
      return byte == UInt8(ascii: ">")
    case .bangDash:
      if byte == UInt8(ascii: "-") {
        dashes = 0
        state = .comment
      } else {
        state = byte == UInt8(ascii: ">") ? .text : .declaration
        return byte == UInt8(ascii: ">")
      }
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
    case .declaration, .endTag:
      if byte == UInt8(ascii: ">") {
        state = .text
        return true
      }
    case .tagName:
      if Self.isLetter(byte) || (byte >= 0x30 && byte <= 0x39) {
        if name.count < 6 { name.append(byte | 0x20) }
      } else {
        state = .tag
        return step(byte)
      }
    case .tag:
      if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
        state = .quoted(byte)
      } else if byte == UInt8(ascii: ">") {
        if name == Self.script || name == Self.style {
          rawTextEnd = Array("</".utf8) + name
          rawTextMatched = 0
          state = .rawText
          return false
        }
        state = .text
        return true
      }
    case .quoted(let quote):
      if byte == quote { state = .tag }
    case .rawText:
      let lowered = Self.isLetter(byte) ? byte | 0x20 : byte
      if lowered == rawTextEnd[rawTextMatched] {
        rawTextMatched += 1
        if rawTextMatched == rawTextEnd.count { state = .endTag }
      } else {
        rawTextMatched = byte == UInt8(ascii: "<") ? 1 : 0
      }
    }
    return false
  }

  private static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
}

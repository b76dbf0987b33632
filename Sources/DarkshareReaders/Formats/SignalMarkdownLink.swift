/// A Markdown link in a line of a Signal export's `chat.md`: `[text](target)`, or an image
/// `![name](./media/…)`.
///
/// `sigexport` writes every attachment as one (`[report.pdf](./media/2021-08-15_…_report.pdf)`,
/// `![photo.jpg](./media/…)`, a sticker as `[😀](../exported_stickers/…)`); a sender may also have
/// typed one. The target ends at the first `)` outside parentheses, before any space (paths in
/// the export have their spaces written `%20`); the text ends at the first `]` (a `[` inside it
/// starts the link again).
struct SignalMarkdownLink: Equatable {
  /// The whole link, from `!` or `[` to the closing `)`.
  var span: Range<Int>
  /// Between the brackets.
  var text: Range<Int>
  /// Between the parentheses.
  var target: Range<Int>

  /// Whether `target` (the bytes of ``target``) names a URL with a scheme (`https:`, `mailto:`)
  /// rather than a file of the export (`./media/…`, `../exported_stickers/…`).
  static func isOutbound(_ target: ArraySlice<UInt8>) -> Bool {
    guard let first = target.first, isLetter(first) else { return false }
    for byte in target.dropFirst() {
      if byte == UInt8(ascii: ":") { return true }
      guard isLetter(byte) || (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
        || byte == UInt8(ascii: ".")
      else { return false }
    }
    return false
  }

  private static func isLetter(_ byte: UInt8) -> Bool {
    (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
  }

  /// The Markdown links in `line`, in order.
  /// - Complexity: O(*n*) in the line's length: no byte is scanned more than twice, so a line of
  ///   30 MB of `[` or `](` costs no more than one of letters.
  static func all(in line: ArraySlice<UInt8>) -> [SignalMarkdownLink] {
    var links = [SignalMarkdownLink]()
    var i = line.startIndex
    let end = line.endIndex
    while let open = line[i...].firstIndex(of: UInt8(ascii: "[")) {
      // The text: up to the first `]`; another `[` first starts over from it.
      var close = open + 1
      while close < end, line[close] != UInt8(ascii: "]"), line[close] != UInt8(ascii: "[") { close += 1 }
      guard close < end else { break }
      if line[close] == UInt8(ascii: "[") {
        i = close
        continue
      }
      guard close + 1 < end, line[close + 1] == UInt8(ascii: "(") else {
        i = close + 1
        continue
      }
      // The target: up to the `)` that balances, before any space.
      let targetStart = close + 2
      var j = targetStart
      var depth = 0
      var targetEnd: Int? = nil
      while j < end {
        let byte = line[j]
        if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") { break }
        if byte == UInt8(ascii: "(") { depth += 1 }
        if byte == UInt8(ascii: ")") {
          if depth == 0 {
            targetEnd = j
            break
          }
          depth -= 1
        }
        j += 1
      }
      guard let targetEnd else {
        // No link here; scanning on from where the target broke off keeps the scan linear.
        i = j
        continue
      }
      let start = open > line.startIndex && line[open - 1] == UInt8(ascii: "!") ? open - 1 : open
      links.append(SignalMarkdownLink(span: start..<(targetEnd + 1), text: (open + 1)..<close, target: targetStart..<targetEnd))
      i = targetEnd + 1
    }
    return links
  }
}

/// Blanks out the template tags that stand inside a start tag but outside its attribute values.
///
/// Template languages put control flow between attributes, which an HTML parser cannot read:
///
/// ```
/// <a {{#if vip}}href="https://shop.example/vip"{{/if}}>     Handlebars
/// <a {% if vip %}href="https://shop.example/vip"{% endif %}> Liquid, Jinja, Nunjucks, Twig
/// <a <% if vip %>href="https://shop.example/vip"<% end %>>   ERB (its `%>` would end the tag)
/// <a {if $vip}href="https://shop.example/vip"{/if}>          Smarty (.tpl)
/// ```
///
/// Each such tag is overwritten with spaces, byte for byte (line breaks kept), so every offset
/// stays that of the original file and the parser sees `<a  href="…"  >`. Tags inside quoted
/// values (`href="{{ url }}"`) and in a value's place (`href={{url}}`) are left alone: they are
/// part of the URL, and the merge-tag scanner judges them.
///
/// Both branches of a conditional can carry the link (`<a {{#if url}}href="{{url}}"{{else}}
/// href="https://shop.example/"{{/if}}>`). In an `<a>` or `<area>` start tag, the `else` tag
/// (`{{else}}`, `{{else if …}}`, `{{^vip}}`, `{% else %}`, `{% elsif … %}`, `{% elif … %}`,
/// `<% else %>`, `{else}`) is overwritten with `><a ` and spaces instead, when it is long enough: the parser
/// then sees two elements, one a branch, and both links are found where they are written.
///
/// - Complexity: O(*n*) in the document's size.
enum TemplateTagMask {
  /// A document with its template tags masked.
  struct Masked {
    /// The bytes the parser reads: as long as the original, line breaks where they were.
    var bytes: [UInt8]
    /// Offsets where an `else` tag started a second element for the other branch.
    var branchStarts: [Int]
  }

  /// `buffer` with template tags inside start tags masked, or nil when there are none.
  static func masked(_ buffer: [UInt8]) -> Masked? {
    let scan = scan(buffer, isComplete: true)
    return scan.output.map { Masked(bytes: $0, branchStarts: scan.branchStarts) }
  }

  /// Masks a document handed over a chunk at a time, as ``masked(_:)`` masks it whole: a start
  /// tag is masked once the bytes that end it have come, and held until then.
  struct Stream {
    /// The document's bytes from ``heldOffset`` on, up to the end of the last chunk, masked or
    /// not, as the parser reads them.
    struct Piece {
      /// The bytes as written.
      var original: [UInt8]
      /// The same bytes, their template tags masked (as long, line breaks where they were).
      var masked: [UInt8]
      /// Offsets in the document where an `else` tag started a second element.
      var branchStarts: [Int]
    }

    /// The most bytes held waiting for the end of one start tag; past it they are masked as if
    /// the document ended there (a start tag of megabytes is no template's).
    static let largestHeld = 4 << 20

    /// The bytes from the start of a start tag not yet ended on.
    private var held: [UInt8] = []
    private var heldOffset = 0

    /// The next bytes of the document, masked as far as they can be.
    mutating func feed(_ bytes: [UInt8], isLast: Bool) -> Piece {
      held += bytes
      let scan = TemplateTagMask.scan(held, isComplete: isLast || held.count > Self.largestHeld)
      let original = Array(held[..<scan.consumed])
      let piece = Piece(
        original: original, masked: scan.output.map { Array($0[..<scan.consumed]) } ?? original,
        branchStarts: scan.branchStarts.map { $0 + heldOffset })
      held.removeFirst(scan.consumed)
      heldOffset += scan.consumed
      return piece
    }
  }

  /// The input ended inside a start tag or a template tag: what is there cannot be masked yet.
  private struct NeedsMore: Error {}

  /// Masks the start tags of `buffer`. When `buffer` is not the whole rest of the document
  /// (`isComplete` false), the scan stops at the `<` of a start tag the buffer does not finish:
  /// `consumed` bytes are masked (`output` past them is not), and scanning on from there with
  /// more bytes gives what scanning the whole document gives.
  private static func scan(
    _ buffer: [UInt8], isComplete: Bool
  ) -> (output: [UInt8]?, branchStarts: [Int], consumed: Int) {
    var output: [UInt8]?
    var branchStarts = [Int]()
    var index = 0
    let count = buffer.count
    while index < count {
      guard buffer[index] == UInt8(ascii: "<") else {
        index += 1
        continue
      }
      guard index + 1 < count else {
        if isComplete { break }
        return (output, branchStarts, index)
      }
      guard isLetter(buffer[index + 1]) else {
        index += 1
        continue
      }
      do throws(NeedsMore) {
        index = try maskStartTag(buffer, at: index, isComplete: isComplete, output: &output, branchStarts: &branchStarts)
      } catch {
        branchStarts.removeAll { $0 > index }
        return (output, branchStarts, index)
      }
    }
    return (output, branchStarts, count)
  }

  /// Masks the template tags of the start tag whose `<` is at `start`; returns the offset past
  /// its `>` (past the end of `buffer` when it has none).
  /// - Throws: ``NeedsMore`` when the tag does not end in `buffer` and more may follow.
  private static func maskStartTag(
    _ buffer: [UInt8], at start: Int, isComplete: Bool, output: inout [UInt8]?, branchStarts: inout [Int]
  ) throws(NeedsMore) -> Int {
    let count = buffer.count
    // Inside a start tag: skip the name, then walk attributes until `>`.
    var index = start + 1
    let nameStart = index
    while index < count, !isSpace(buffer[index]), buffer[index] != UInt8(ascii: ">"), buffer[index] != UInt8(ascii: "{") {
      index += 1
    }
    let name = buffer[nameStart..<index].map { $0 | 0x20 }
    let splits = name == Array("a".utf8) || name == Array("area".utf8)
    while index < count, !isSpace(buffer[index]), buffer[index] != UInt8(ascii: ">") {
      if let end = try tagEnd(in: buffer, at: index, isComplete: isComplete) {
        blank(&output, buffer, index..<end)
        index = end
        continue
      }
      index += 1
    }
    var valueExpected = false
    while index < count, buffer[index] != UInt8(ascii: ">") {
      let byte = buffer[index]
      if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
        var close = index + 1
        while close < count, buffer[close] != byte { close += 1 }
        index = close + 1
        valueExpected = false
      } else if let end = try tagEnd(in: buffer, at: index, isComplete: isComplete) {
        if !valueExpected {
          blank(&output, buffer, index..<end)
          let opener = [UInt8(ascii: ">"), UInt8(ascii: "<")] + name + [UInt8(ascii: " ")]
          if splits, end - index >= opener.count, isElse(buffer[index..<end]),
            try branchSetsHref(buffer, from: end, isComplete: isComplete),
            !buffer[index..<index + opener.count].contains(where: { $0 == 0x0A || $0 == 0x0D })
          {
            output!.replaceSubrange(index..<index + opener.count, with: opener)
            branchStarts.append(index + 1)
          }
        }
        index = end
      } else {
        if byte == UInt8(ascii: "=") {
          valueExpected = true
        } else if !isSpace(byte) {
          valueExpected = false
        }
        index += 1
      }
    }
    if index >= count, !isComplete { throw NeedsMore() }
    return index + 1
  }

  /// Whether the branch that starts at `start` (up to the next template tag or the tag's end)
  /// sets `href`: only then is it worth an element of its own.
  private static func branchSetsHref(_ buffer: [UInt8], from start: Int, isComplete: Bool) throws(NeedsMore) -> Bool {
    let count = buffer.count
    var index = start
    while index < count, buffer[index] != UInt8(ascii: ">"), try tagEnd(in: buffer, at: index, isComplete: isComplete) == nil {
      let byte = buffer[index]
      if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
        index += 1
        while index < count, buffer[index] != byte { index += 1 }
        index += 1
        continue
      }
      if byte | 0x20 == UInt8(ascii: "h"), index + 4 <= count, buffer[index..<index + 4].map({ $0 | 0x20 }) == Array("href".utf8),
        index == start || isSpace(buffer[index - 1]) || buffer[index - 1] == UInt8(ascii: "}") || buffer[index - 1] == UInt8(ascii: ">")
      {
        var after = index + 4
        while after < count, isSpace(buffer[after]) { after += 1 }
        if after < count, buffer[after] == UInt8(ascii: "=") { return true }
        if after >= count, !isComplete { throw NeedsMore() }
      }
      index += 1
    }
    if index >= count, !isComplete { throw NeedsMore() }
    return false
  }

  /// Whether a template tag is the `else` of a conditional: its words, after the delimiters
  /// and whitespace-control marks, start with `else`, `elsif`, `elif`, `elseif` or Mustache's `^`.
  private static func isElse(_ tag: ArraySlice<UInt8>) -> Bool {
    let marks: Set<UInt8> = Set("{}%<>#-~=/ \t".utf8)
    let inner = tag.drop { marks.contains($0) }
    let word = inner.prefix { !marks.contains($0) }.map { $0 | 0x20 }
    // Mustache's inverted section (`{{^vip}}`, Handlebars' `{{^}}`) opens the other branch.
    if inner.first == UInt8(ascii: "^") { return true }
    return word == Array("else".utf8) || word == Array("elsif".utf8) || word == Array("elif".utf8)
      || word == Array("elseif".utf8)
  }

  /// The offset just past the template tag that starts at `start`, or nil when none starts there.
  /// - Throws: ``NeedsMore`` when `buffer` ends before that is known and more may follow.
  private static func tagEnd(in buffer: [UInt8], at start: Int, isComplete: Bool) throws(NeedsMore) -> Int? {
    let count = buffer.count
    guard start + 1 < count else {
      if !isComplete { throw NeedsMore() }
      return nil
    }
    let first = buffer[start]
    let second = buffer[start + 1]
    let closer: [UInt8]
    switch (first, second) {
    case (UInt8(ascii: "{"), UInt8(ascii: "{")): closer = Array("}}".utf8)
    case (UInt8(ascii: "{"), UInt8(ascii: "%")): closer = Array("%}".utf8)
    case (UInt8(ascii: "{"), UInt8(ascii: "#")): closer = Array("#}".utf8)
    case (UInt8(ascii: "<"), UInt8(ascii: "%")): closer = Array("%>".utf8)
    case (UInt8(ascii: "{"), let next) where isLetter(next) || next == UInt8(ascii: "/") || next == UInt8(ascii: "$"):
      closer = Array("}".utf8)  // Smarty: {if $x}, {/if}
    default: return nil
    }
    var cursor = start + 2
    // A tag never spans a whole document: give up after 4 KiB (it was not a tag).
    let limit = min(count, start + 4096)
    while cursor + closer.count <= limit {
      if buffer[cursor] == closer[0], buffer[cursor..<cursor + closer.count].elementsEqual(closer) {
        var end = cursor + closer.count
        // Handlebars' triple-stash `{{{ raw }}}` ends with one more brace.
        while closer[0] == UInt8(ascii: "}"), end < count, buffer[end] == UInt8(ascii: "}") { end += 1 }
        if end == count, closer[0] == UInt8(ascii: "}"), !isComplete { throw NeedsMore() }
        return end
      }
      cursor += 1
    }
    if limit < start + 4096, !isComplete { throw NeedsMore() }
    return nil
  }

  private static func blank(_ output: inout [UInt8]?, _ buffer: [UInt8], _ range: Range<Int>) {
    if output == nil { output = buffer }
    for index in range where buffer[index] != UInt8(ascii: "\n") && buffer[index] != UInt8(ascii: "\r") {
      output![index] = UInt8(ascii: " ")
    }
  }

  private static func isLetter(_ byte: UInt8) -> Bool {
    (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
  }

  private static func isSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C
  }
}

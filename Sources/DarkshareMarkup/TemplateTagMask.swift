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
/// part of the URL, and the merge-tag scanner judges them. When both branches of an
/// `{{#if}}…{{else}}…{{/if}}` set the same attribute, the parser keeps the first.
///
/// - Complexity: O(*n*) in the document's size.
enum TemplateTagMask {
  /// `buffer` with template tags inside start tags blanked, or nil when there are none.
  static func masked(_ buffer: [UInt8]) -> [UInt8]? {
    var output: [UInt8]?
    var index = 0
    let count = buffer.count
    while index < count {
      guard buffer[index] == UInt8(ascii: "<"), index + 1 < count, isLetter(buffer[index + 1]) else {
        index += 1
        continue
      }
      // Inside a start tag: skip the name, then walk attributes until `>`.
      index += 1
      while index < count, !isSpace(buffer[index]), buffer[index] != UInt8(ascii: ">") {
        if let end = tagEnd(in: buffer, at: index) {
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
        } else if let end = tagEnd(in: buffer, at: index) {
          if !valueExpected { blank(&output, buffer, index..<end) }
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
      index += 1
    }
    return output
  }

  /// The offset just past the template tag that starts at `start`, or nil when none starts there.
  private static func tagEnd(in buffer: [UInt8], at start: Int) -> Int? {
    let count = buffer.count
    guard start + 1 < count else { return nil }
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
        return end
      }
      cursor += 1
    }
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

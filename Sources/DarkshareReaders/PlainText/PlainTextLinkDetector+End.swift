extension PlainTextLinkDetector {
  /// Where a URL's characters stop, scanning from `start` (after the scheme, or at the path of a
  /// scheme-less host).
  ///
  /// A URL stops at whitespace, a control character, `<`, `>`, `"`, `` ` ``, typographic quotes
  /// (`«»“”„‘’‹›`) and CJK or full-width punctuation (`。`, `、`, `）`, …), which never occur
  /// unescaped in a URL that someone meant; at a closing `)` or `]` that no earlier `(` or `[`
  /// of the URL opened (`(see https://a.example/x)and more`); at a Markdown `](`
  /// (`[https://a.example/x](https://a.example/x)`); and, inside the host, at an apostrophe
  /// (`https://shop.example's new range`). Balanced parentheses stay: `…/wiki/Fish_(food)`.
  ///
  /// - Complexity: O(*m*) in the length of what it passes.
  static func extent(_ s: UTF8Text, from start: Int) -> Int {
    var end = start
    var parentheses = 0
    var brackets = 0
    var inAuthority = start > 0 && s[start - 1] == UInt8(ascii: "/")  // right after `://`
    while end < s.count {
      // Most of a URL is bytes that end nothing and open or close nothing.
      if passingBytes.contains(s[end]) {
        end += 1
        continue
      }
      let scalar = s.scalar(at: end)
      if endsURL(scalar) { return end }
      switch scalar {
      case "(":
        parentheses += 1
      case ")":
        if parentheses == 0 { return end }
        parentheses -= 1
      case "[":
        brackets += 1
      case "]":
        if brackets == 0 || (end + 1 < s.count && s[end + 1] == UInt8(ascii: "(")) { return end }
        brackets -= 1
      case "/", "?", "#":
        inAuthority = false
      case "'" where inAuthority:
        return end
      default:
        break
      }
      end = s.index(after: end)
    }
    return end
  }

  /// The ASCII bytes ``extent(_:from:)`` passes over without a second look: printable ones
  /// that end no URL and are none of the brackets, separators and quote it counts or watches
  /// (constant masks, which `PlainTextByteClassTests` holds to that definition).
  static var passingBytes: ASCIIByteClass { ASCIIByteClass(low: 0x2FFF_7C72_0000_0000, high: 0x7FFF_FFFE_D7FF_FFFF) }

  /// The last position at or after `from` where a text may be cut without changing the links
  /// found on either side: before a scalar that ends every URL and starts none, so no URL spans
  /// it and nothing looks back across it (a space or tab, `<`, `>`, `"`, `` ` ``, another control
  /// character, typographic quotes, CJK punctuation, Unicode white space). Line ends are left to
  /// the reader's own rule. Nil when there is none; a scalar cut off at the end of `bytes` is not
  /// looked at.
  static func lastCutPosition(in bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
    let s = UTF8Text(bytes)
    var position = bytes.count - 1
    while position >= from {
      let byte = bytes[position]
      if byte < 0x80 {
        if byte != 0x0A, byte != 0x0D, endsURL(Unicode.Scalar(byte)) { return position }
      } else if byte >= 0xC0, s.index(after: position) <= bytes.count, endsURL(s.scalar(at: position)) {
        return position
      }
      position -= 1
    }
    return nil
  }

  /// `end` with trailing punctuation (`.,;:!?'"`), Markdown emphasis and unbalanced closing
  /// brackets left out.
  ///
  /// Trailing `*` and `**` always go (as in cmark-gfm). Trailing `_` and `__` go only when an
  /// `_` opens the emphasis right before the URL (`_https://a.example/x_`): base64url click
  /// tokens end in `_` (SendGrid `…/ls/click?upn=…_`), and an `_` inside a URL stays.
  static func trimmedEnd(_ s: UTF8Text, start: Int, end: Int) -> Int {
    // Only ASCII is counted and trimmed: its bytes are its scalars.
    let underscoreEmphasis = start > 0 && s[start - 1] == UInt8(ascii: "_")
    var parentheses = (opened: 0, closed: 0)
    var brackets = (opened: 0, closed: 0)
    for byte in s.bytes[start..<end] {
      switch byte {
      case UInt8(ascii: "("): parentheses.opened += 1
      case UInt8(ascii: ")"): parentheses.closed += 1
      case UInt8(ascii: "["): brackets.opened += 1
      case UInt8(ascii: "]"): brackets.closed += 1
      default: break
      }
    }
    var end = end
    while end > start {
      switch s[end - 1] {
      case UInt8(ascii: "."), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":"), UInt8(ascii: "!"), UInt8(ascii: "?"),
        UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "*"):
        end -= 1
      case UInt8(ascii: "_") where underscoreEmphasis:
        end -= 1
      case UInt8(ascii: ")") where parentheses.closed > parentheses.opened:
        parentheses.closed -= 1
        end -= 1
      case UInt8(ascii: "]") where brackets.closed > brackets.opened:
        brackets.closed -= 1
        end -= 1
      default:
        return end
      }
    }
    return end
  }
}

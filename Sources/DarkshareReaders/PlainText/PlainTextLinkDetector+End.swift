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
  static func extent(_ s: [Unicode.Scalar], from start: Int) -> Int {
    var end = start
    var parentheses = 0
    var brackets = 0
    var inAuthority = start > 0 && s[start - 1] == "/"  // right after `://`
    while end < s.count {
      let scalar = s[end]
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
        if brackets == 0 || (end + 1 < s.count && s[end + 1] == "(") { return end }
        brackets -= 1
      case "/", "?", "#":
        inAuthority = false
      case "'" where inAuthority:
        return end
      default:
        break
      }
      end += 1
    }
    return end
  }

  /// `end` with trailing punctuation (`.,;:!?'"`), Markdown emphasis and unbalanced closing
  /// brackets left out.
  ///
  /// Trailing `*` and `**` always go (as in cmark-gfm). Trailing `_` and `__` go only when an
  /// `_` opens the emphasis right before the URL (`_https://a.example/x_`): base64url click
  /// tokens end in `_` (SendGrid `…/ls/click?upn=…_`), and an `_` inside a URL stays.
  static func trimmedEnd(_ s: [Unicode.Scalar], start: Int, end: Int) -> Int {
    let underscoreEmphasis = start > 0 && s[start - 1] == "_"
    var parentheses = (opened: 0, closed: 0)
    var brackets = (opened: 0, closed: 0)
    for scalar in s[start..<end] {
      switch scalar {
      case "(": parentheses.opened += 1
      case ")": parentheses.closed += 1
      case "[": brackets.opened += 1
      case "]": brackets.closed += 1
      default: break
      }
    }
    var end = end
    while end > start {
      switch s[end - 1] {
      case ".", ",", ";", ":", "!", "?", "'", "\"", "*":
        end -= 1
      case "_" where underscoreEmphasis:
        end -= 1
      case ")" where parentheses.closed > parentheses.opened:
        parentheses.closed -= 1
        end -= 1
      case "]" where brackets.closed > brackets.opened:
        brackets.closed -= 1
        end -= 1
      default:
        return end
      }
    }
    return end
  }
}

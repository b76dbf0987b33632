/// Escapes text for XML 1.0 element content and attribute values.
///
/// Escapes `&`, `<`, `>`, `"` and `'` as entities, writes carriage return (and, in attributes,
/// line feed and tab) as character references so XML's end-of-line and attribute-value
/// normalisation cannot change them, and writes the other unsafe scalars of ``OutputSafety``
/// (DEL, C1 controls, bidi controls, invisible characters) as character references too, so
/// none reaches the file raw. What XML 1.0 forbids (C0 controls other than tab, line feed and
/// carriage return, such as NUL, BEL and ESC) no character reference can carry, and one
/// unescaped would make the whole report unreadable: those become the visible escape
/// `\u{1B}`; U+FFFE and U+FFFF, which are not characters, are dropped.
///
/// ```swift
/// XMLEscaping.attribute("Grüße & <b>\u{1B}\u{202E}")  // Grüße &amp; &lt;b&gt;\u{1B}&#x202E;
/// ```
enum XMLEscaping {
  /// `text` for an attribute value in either quote style.
  static func attribute(_ text: String) -> String {
    escape(text, inAttribute: true)
  }

  /// `text` for element content.
  static func content(_ text: String) -> String {
    escape(text, inAttribute: false)
  }

  /// Whether XML 1.0 allows `scalar` in a document (production `Char`).
  static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x9, 0xA, 0xD: true
    case 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
    default: false
    }
  }

  private static func escape(_ text: String, inAttribute: Bool) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&apos;"
      case "\r": out += "&#13;"
      case "\n" where inAttribute: out += "&#10;"
      case "\t" where inAttribute: out += "&#9;"
      default:
        if !isAllowed(scalar) {
          if OutputSafety.isUnsafe(scalar) { out += OutputSafety.visibleEscape(scalar) }
        } else if OutputSafety.isUnsafe(scalar) && scalar != "\n" && scalar != "\t" {
          out += "&#x" + String(scalar.value, radix: 16, uppercase: true) + ";"
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out
  }
}

extension PlainTextLinkDetector {
  static func isUppercase(_ scalar: Unicode.Scalar) -> Bool {
    scalar.isASCII ? ("A"..."Z").contains(scalar) : scalar.properties.isUppercase
  }

  static func isLowercase(_ scalar: Unicode.Scalar) -> Bool {
    scalar.isASCII ? ("a"..."z").contains(scalar) : scalar.properties.isLowercase
  }

  static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value < 0x80 ? wordBytes.contains(UInt8(truncatingIfNeeded: scalar.value)) : isLetterOrDigit(scalar)
  }

  /// Letters, digits, `-` and `.`: what a host name is made of (IDN letters included).
  static func isHostScalar(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value < 0x80 ? hostBytes.contains(UInt8(truncatingIfNeeded: scalar.value)) : isLetterOrDigit(scalar)
  }

  /// Whether a scalar is alphabetic or numeric. Kept out of the tests above: reading
  /// `numericType` (a resilient type of the standard library) makes a function set up that
  /// type's metadata and stack space before anything else, for ASCII too, where it was most of
  /// the cost of telling one byte.
  @inline(never)
  private static func isLetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
    scalar.properties.isAlphabetic || scalar.properties.numericType != nil
  }

  /// ASCII letters, digits and `_`, as constant masks (a `static let` is a lazy global,
  /// checked at every use; `PlainTextByteClassTests` holds the masks to the scalar properties).
  static var wordBytes: ASCIIByteClass { ASCIIByteClass(low: 0x03FF_0000_0000_0000, high: 0x07FF_FFFE_87FF_FFFE) }

  /// ASCII letters, digits, `-` and `.`, as constant masks.
  static var hostBytes: ASCIIByteClass { ASCIIByteClass(low: 0x03FF_6000_0000_0000, high: 0x07FF_FFFE_07FF_FFFE) }

  /// What an e-mail address's local part is commonly made of: host scalars and `+_=%~!#$&*^{|}`
  /// (RFC 5322 atext; `/`, `?` and `'` are left out, so `medium.com/@user` stays a link).
  static func isLocalPartScalar(_ scalar: Unicode.Scalar) -> Bool {
    if isWordScalar(scalar) || scalar == "-" || scalar == "." { return true }
    switch scalar {
    case "+", "_", "=", "%", "~", "!", "#", "$", "&", "*", "^", "{", "|", "}": return true
    default: return false
    }
  }

  /// Whether `scalar` ends a URL wherever it stands (see ``extent(_:from:)``).
  static func endsURL(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x3C, 0x3E, 0x22, 0x60: return true  // < > " `
    case 0x00...0x20, 0x7F: return true
    case 0x21...0x7E: return false
    case 0xAB, 0xBB: return true  // « »
    case 0x2018...0x201F, 0x2039, 0x203A: return true  // ‘ ’ ‚ ‛ “ ” „ ‟ ‹ ›
    case 0x3000...0x303F: return true  // CJK symbols and punctuation: 、 。 「 」 【 】 …
    case 0xFF01...0xFF0F, 0xFF1A...0xFF20, 0xFF3B...0xFF40, 0xFF5B...0xFF65: return true  // full-width ！（），：？［］｛｝｜
    default: return scalar.properties.isWhitespace
    }
  }
}

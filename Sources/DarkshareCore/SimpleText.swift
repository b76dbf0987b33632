/// What text made of ASCII and a few common punctuation marks is, told from its bytes without
/// Unicode tables: the text nearly every anchor text is.
///
/// In such text every `Character` is one byte of ASCII (or CR LF) or one of the marks, so words
/// and white space can be found byte by byte with the answers `Character` gives.
public enum SimpleText {
  /// Whether `byte` is ASCII white space as `Character.isWhitespace` counts it: tab, line feed,
  /// vertical tab, form feed, carriage return and space.
  @inlinable
  public static func isASCIIWhitespace(_ byte: UInt8) -> Bool {
    byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
  }

  /// The no-break space: white space to `Character.isWhitespace`.
  public static let noBreakSpace: UInt32 = 0xA0

  /// The punctuation and symbols outside ASCII that anchor texts use most (©, «, ®, », en and em
  /// dashes, curly quotes, bullet, ellipsis, ‹, ›, ™, ← and →). Each, like the no-break space,
  /// is neither a letter nor a number nor white space, and joins no neighbour into a grapheme
  /// cluster: a `Character` of its own.
  public static let standalonePunctuation: Set<UInt32> = [
    0xA9, 0xAB, 0xAE, 0xBB, 0x2013, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2026, 0x2039, 0x203A, 0x2122,
    0x2190, 0x2192,
  ]

  /// Whether `value` is the no-break space or one of ``standalonePunctuation``.
  @inlinable
  public static func isStandalone(_ value: UInt32) -> Bool {
    value == noBreakSpace || standalonePunctuation.contains(value)
  }

  /// The scalar whose UTF-8 starts at `index` of `bytes`, and its length, when it is the no-break
  /// space or one of ``standalonePunctuation`` written in well-formed UTF-8 (no overlong form);
  /// nil otherwise.
  public static func standaloneScalar(in bytes: [UInt8], at index: Int) -> (value: UInt32, length: Int)? {
    guard let decoded = scalarOfTwoOrThreeBytes(in: bytes, at: index), isStandalone(decoded.value) else { return nil }
    return decoded
  }

  /// Whether the scalar `value`, over 0x7F, is a `Character` of its own wherever it stands
  /// among ASCII, the standalone punctuation and other such scalars, and is white space only
  /// as NEL (U+0085) and the no-break space are: U+0080–U+02FF (Latin letters with precomposed
  /// accents, Latin-1 symbols, spacing modifiers: no combining mark is below U+0300), Greek and
  /// Cyrillic (U+0370–U+052F without the Cyrillic combining marks U+0483–U+0489), the arrows
  /// (U+2190–U+21FF), the CJK unified ideographs (U+4E00–U+9FFF) and the Hangul syllables
  /// (U+AC00–U+D7A3, which join only the conjoining jamo, not among these). None of them
  /// extends, prepends to or joins a neighbour, so the text's `Character`s are its scalars;
  /// `Character`'s letter, number and white-space tests and lower-casing are the scalar's.
  @inlinable
  public static func isSelfContained(_ value: UInt32) -> Bool {
    switch value {
    case 0x80..<0x300, 0x370..<0x483, 0x48A..<0x530, 0x2190..<0x2200, 0x4E00..<0xA000, 0xAC00..<0xD7A4: true
    default: false
    }
  }

  /// The scalar whose UTF-8 starts at `index` of `bytes`, and its length, when it is
  /// ``isSelfContained(_:)`` and written in well-formed UTF-8; nil otherwise.
  public static func selfContainedScalar(in bytes: [UInt8], at index: Int) -> (value: UInt32, length: Int)? {
    guard let decoded = scalarOfTwoOrThreeBytes(in: bytes, at: index), isSelfContained(decoded.value) else { return nil }
    return decoded
  }

  /// The scalar of the well-formed two- or three-byte UTF-8 at `index` (no overlong form), and
  /// its length; nil for any other bytes. (A surrogate's three bytes decode to a value that
  /// neither ``isStandalone(_:)`` nor ``isSelfContained(_:)`` takes.)
  private static func scalarOfTwoOrThreeBytes(in bytes: [UInt8], at index: Int) -> (value: UInt32, length: Int)? {
    func continuation(_ offset: Int) -> UInt32? {
      guard index + offset < bytes.count, bytes[index + offset] & 0xC0 == 0x80 else { return nil }
      return UInt32(bytes[index + offset] & 0x3F)
    }
    let lead = bytes[index]
    let decoded: (value: UInt32, length: Int)
    if lead & 0xE0 == 0xC0, let second = continuation(1) {
      decoded = (UInt32(lead & 0x1F) << 6 | second, 2)
    } else if lead & 0xF0 == 0xE0, let second = continuation(1), let third = continuation(2) {
      decoded = (UInt32(lead & 0x0F) << 12 | second << 6 | third, 3)
    } else {
      return nil
    }
    // An overlong form (the no-break space as E0 82 A0) is not that scalar to a UTF-8 decoder.
    guard decoded.value >= (decoded.length == 2 ? 0x80 : 0x800) else { return nil }
    return decoded
  }
}

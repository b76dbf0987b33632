import DarkshareTestSupport
import Testing

@testable import DarkshareMarkup

/// An anchor text of ASCII, accented Latin and common punctuation is collapsed on bytes as
/// `split(whereSeparator: \.isWhitespace)` would collapse it (every ASCII whitespace byte, tab to
/// carriage return and space, NEL and the no-break space separate words), and cut after 200
/// characters as `prefix(200)` would cut it.
@Suite struct AnchorTextTests {
  /// What the text shows by `Character`: words joined by one space, 200 characters at most.
  private func shownByCharacter(_ text: [UInt8]) -> String {
    let joined = String(decoding: text, as: UTF8.self).split(whereSeparator: \.isWhitespace).joined(separator: " ")
    return joined.count > 200 ? String(joined.prefix(200)) + "…" : joined
  }

  private func shownByBytes(_ text: [UInt8]) throws -> String {
    let simple = try #require(SAXCollector.PendingLink.collapsedSimpleText(text))
    guard let cut = simple.cut else { return String(decoding: simple.bytes, as: UTF8.self) }
    return String(decoding: simple.bytes[..<cut], as: UTF8.self) + "…"
  }

  @Test func simpleTextCollapsesAsStringSplittingDoes() throws {
    let alphabet: [[UInt8]] =
      [[0x09], [0x0A], [0x0B], [0x0C], [0x0D], [0x20], [0x20], [0x41], [0x62], [0x2E], [0x1F], [0x7F], [0x00]]
      + ["\u{A0}", "\u{A9}", "\u{AB}", "\u{AE}", "\u{BB}", "\u{2013}", "\u{2014}", "\u{2018}", "\u{2019}", "\u{201C}",
        "\u{201D}", "\u{2022}", "\u{2026}", "\u{2039}", "\u{203A}", "\u{2122}", "\u{2190}", "\u{2192}"].map { Array($0.utf8) }
    var random = SystemRandomNumberGenerator()
    for length in 0..<600 {
      let text = (0..<(length % 300)).flatMap { _ in alphabet.randomElement(using: &random)! }
      #expect(try shownByBytes(text) == shownByCharacter(text), "\(text)")
    }
  }

  /// Scalars from U+0080 to U+02FF are characters of their own: accented letters, Latin-1
  /// symbols, C1 controls (NEL is white space), spacing modifier letters.
  @Test func accentedLatinCollapsesAsStringSplittingDoes() throws {
    let alphabet: [[UInt8]] =
      [[0x20], [0x0A], [0x41], [0x2E]]
      + ["é", "É", "ß", "ÿ", "Ā", "ǅ", "ʰ", "\u{2FF}", "\u{80}", "\u{85}", "\u{9F}", "\u{A0}", "¿", "×", "\u{2019}", "ı", "İ"]
      .map { Array($0.utf8) }
    var random = SplitMix(seed: 300)
    for length in 0..<600 {
      let text = (0..<(length % 300)).flatMap { _ in alphabet.randomElement(using: &random)! }
      #expect(try shownByBytes(text) == shownByCharacter(text), "\(text)")
    }
    #expect(try shownByBytes(Array("  Gérer\u{85}mes\u{A0} préférences ".utf8)) == "Gérer mes préférences")
  }

  /// Greek, Cyrillic, the arrows, CJK ideographs and Hangul syllables are characters of their
  /// own too, beside each other, Latin and punctuation.
  @Test func otherScriptsCollapseAsStringSplittingDoes() throws {
    let alphabet: [[UInt8]] =
      [[0x20], [0x0A], [0x41], [0x2E]]
      + ["Ω", "ά", "ς", "ж", "Ё", "\u{482}", "\u{48A}", "\u{52F}", "\u{370}", "↑", "⇒", "\u{21FF}", "東", "京", "\u{4E00}",
        "\u{9FFF}", "한", "국", "\u{AC00}", "\u{D7A3}", "é", "\u{85}", "\u{A0}", "\u{2014}"]
      .map { Array($0.utf8) }
    var random = SplitMix(seed: 301)
    for length in 0..<600 {
      let text = (0..<(length % 300)).flatMap { _ in alphabet.randomElement(using: &random)! }
      #expect(try shownByBytes(text) == shownByCharacter(text), "\(text)")
    }
  }

  @Test(arguments: [
    "Cafe\u{301}", "a\u{301}", "é\u{308}", "\u{2192}\u{301}", "\u{1F600} Shop", "\u{2003}em space", "ж\u{483}", "한\u{11A8}",
    "\u{3000}", "\u{1100}",
  ])
  func anyOtherTextIsLeftToCharacters(_ text: String) {
    #expect(SAXCollector.PendingLink.collapsedSimpleText(Array(text.utf8)) == nil)
  }

  /// A no-break space or arrow in an overlong or cut-short form is not that scalar to a UTF-8
  /// decoder, so such text is left to the `Character` path (which repairs it).
  @Test(arguments: [
    [0x61, 0xE0, 0x82, 0xA0, 0x62], [0x61, 0xC2], [0x61, 0xE2, 0x86], [0x61, 0xC2, 0x20], [0x61, 0xC1, 0xA9], [0xC3],
    [0x61, 0xCB, 0xC3, 0xA9], [0xE4, 0xB8], [0x61, 0xED, 0xA0, 0x80], [0xE0, 0x8E, 0x81],
  ] as [[UInt8]])
  func malformedUTF8IsLeftToCharacters(_ text: [UInt8]) {
    #expect(SAXCollector.PendingLink.collapsedSimpleText(text) == nil)
  }

  /// The text shown for a link, by whichever path: as `Character`s show it, or the `alt`
  /// when there is no text.
  @Test func theTextShownIsTheOneCharactersShow() {
    let alphabet: [[UInt8]] = [[0x20], [0x20], [0x41], [0x62], [0x2E], [0x7E], [0x09], [0x1F], [0x7F]] + ["é", "\u{A0}"].map { Array($0.utf8) }
    var random = SplitMix(seed: 201)
    for length in 0..<1_200 {
      let text = (0..<(length % 240)).flatMap { _ in alphabet.randomElement(using: &random)! }
      let link = SAXCollector.PendingLink(
        element: "a", attribute: "href", value: "https://x.example/", tagEnd: 0, insideComment: false, isSuppressed: false,
        text: text, alt: "alt")
      let shown = shownByCharacter(text)
      #expect(link.displayText == (shown.isEmpty ? "alt" : shown), "\(text)")
    }
    #expect(SAXCollector.PendingLink.isCollapsedASCII(Array("Shop the sale".utf8)))
    #expect(!SAXCollector.PendingLink.isCollapsedASCII(Array("Shop  the sale".utf8)))
    #expect(!SAXCollector.PendingLink.isCollapsedASCII(Array(" Shop".utf8)))
  }

  @Test func aLongTextIsCutAfter200Characters() throws {
    let text = Array(String(repeating: "\u{2192}b ", count: 150).utf8)
    #expect(try shownByBytes(text) == shownByCharacter(text))
    #expect(try shownByBytes(text).count == 201)
  }
}

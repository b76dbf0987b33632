@testable import DarkshareReporters
import Testing

/// The one place that decides which characters of input text no report writes raw.
@Suite struct OutputSafetyTests {
  @Test(arguments: [
    0x00, 0x07, 0x0A, 0x0D, 0x1B, 0x1F, 0x7F, 0x85, 0x9B, 0x9F, 0x061C, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F,
    0x2028, 0x2029, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2060, 0x2066, 0x2067, 0x2068, 0x2069, 0xFEFF,
  ] as [UInt32])
  func controlsBidiAndInvisibleCharactersAreUnsafe(_ value: UInt32) throws {
    #expect(OutputSafety.isUnsafe(try #require(Unicode.Scalar(value))))
  }

  @Test(arguments: [0x20, 0x41, 0x7E, 0xA0, 0xE9, 0x200A, 0x2030, 0x2065, 0x206A, 0x30C4, 0xFE0F, 0x1F600] as [UInt32])
  func ordinaryTextIsSafe(_ value: UInt32) throws {
    #expect(!OutputSafety.isUnsafe(try #require(Unicode.Scalar(value))))
  }

  @Test(arguments: [
    ("plain Grüße 日本", "plain Grüße 日本"),
    ("esc\u{1B}[2J bel\u{7}", #"esc\u{1B}[2J bel\u{7}"#),
    ("Pay\u{202E}lmth.exe", #"Pay\u{202E}lmth.exe"#),
    ("a\u{200D}b \u{200B}", #"a\u{200D}b \u{200B}"#),
    // A joiner inside an emoji sequence only joins it; a joiner at an edge is shown.
    ("👨\u{200D}👩\u{200D}👧 ❤\u{FE0F}\u{200D}🔥", "👨\u{200D}👩\u{200D}👧 ❤\u{FE0F}\u{200D}🔥"),
    ("\u{200D}👩 👩\u{200D}", #"\u{200D}👩 👩\u{200D}"#),
    ("1\u{200D}2", #"1\u{200D}2"#),
  ])
  func visibleEscapesShowUnsafeCharacters(value: String, expected: String) {
    #expect(OutputSafety.visible(value) == expected)
  }

  @Test func visibleKeepsWhatAFormatCanCarry() {
    #expect(OutputSafety.visible("a\nb\tc\rd", keeping: ["\n", "\t"]) == "a\nb\tc\\u{D}d")
  }

  @Test func terminalTextTurnsWhitespaceIntoSpaces() {
    #expect("a\nb\tc\rd\u{202E}e\u{1B}".terminalSafe == #"a b c d\u{202E}e\u{1B}"#)
  }

  @Test func jsonEscapesAreLossless() throws {
    let json = "{\n  \"a\" : \"x\u{202E}y\u{7F}\u{85}\u{200D}\"\n}"
    let escaped = OutputSafety.jsonEscapingUnsafe(json)
    #expect(escaped == "{\n  \"a\" : \"x\\u202ey\\u007f\\u0085\\u200d\"\n}")
    #expect(!escaped.unicodeScalars.contains { OutputSafety.isUnsafe($0) && $0 != "\n" })
  }
}

@testable import DarkshareReporters
import Testing

/// CSV quoting (RFC 4180), spreadsheet formula neutralisation, and unsafe characters made visible.
@Suite struct CSVEscapingTests {
  @Test(arguments: [
    ("=HYPERLINK(\"https://evil.example\")", #""'=HYPERLINK(""https://evil.example"")""#),
    ("+1 555 0100", "'+1 555 0100"),
    ("-10% today", "'-10% today"),
    ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
    ("\tcmd", "'\tcmd"),
    ("\r=1+1", "\\u{D}=1+1"),
    ("a=b", "a=b"),
    ("https://shop.example/?a=-1", "https://shop.example/?a=-1"),
  ])
  func csvNeutralisesFormulas(value: String, expected: String) {
    #expect(CSVEscaping.field(value) == expected)
  }

  @Test(arguments: [
    ("plain", "plain"),
    ("a,b", "\"a,b\""),
    (#"say "hi""#, #""say ""hi""""#),
    ("two\nlines", "\"two\nlines\""),
    ("cr\rlf", "cr\\u{D}lf"),
    ("tab\tkept", "tab\tkept"),
    ("esc\u{1B}[2J bel\u{7} nul\u{0} \u{202E}rtl\u{2066} zw\u{200B}\u{200D}j", #"esc\u{1B}[2J bel\u{7} nul\u{0} \u{202E}rtl\u{2066} zw\u{200B}\u{200D}j"#),
    ("family 👨\u{200D}👩\u{200D}👧", "family 👨\u{200D}👩\u{200D}👧"),
    ("Grüße & <b>", "Grüße & <b>"),
    ("", ""),
  ])
  func csvQuotesWhatRFC4180Requires(value: String, expected: String) {
    #expect(CSVEscaping.field(value) == expected)
  }

  @Test func csvRecordsEndWithCRLF() {
    #expect(CSVEscaping.record(["a", "b,c", ""]) == "a,\"b,c\",\r\n")
  }
}

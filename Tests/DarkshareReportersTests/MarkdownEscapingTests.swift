@testable import DarkshareReporters
import Testing

/// Markdown table cells: code spans and plain text that show what was written.
@Suite struct MarkdownEscapingTests {
  @Test(arguments: [
    ("a|b", "`a\\|b`"),
    ("has `tick`", "`` has `tick` ``"),
    ("``double``", "``` ``double`` ```"),
    ("`edge", "`` `edge ``"),
  ])
  func markdownCodeSpans(value: String, expected: String) {
    #expect(MarkdownReporter.code(value) == expected)
  }

  @Test func markdownPlainTextShowsAsWritten() {
    #expect(MarkdownReporter.text("Grüße & <b>*x*</b> | `y`\n\u{1}z") == #"Grüße &amp; &lt;b&gt;\*x\*&lt;/b&gt; \| \`y\` \\u{1}z"#)
  }
}

@testable import DarkshareReporters
import Testing

/// XML escaping of markup characters, and dropping of what XML 1.0 forbids.
@Suite struct XMLEscapingTests {
  @Test(arguments: [
    ("a & b < c > d \" e ' f", "a &amp; b &lt; c &gt; d &quot; e &apos; f", "a &amp; b &lt; c &gt; d &quot; e &apos; f"),
    ("nul\u{0}bell\u{7}esc\u{1B}", "nulbellesc", "nulbellesc"),
    ("\u{FFFE}\u{FFFF}ok\u{FFFD}", "ok\u{FFFD}", "ok\u{FFFD}"),
    ("tab\tline\ncr\r", "tab&#9;line&#10;cr&#13;", "tab\tline\ncr&#13;"),
    ("Grüße 🙂 \u{7F}", "Grüße 🙂 \u{7F}", "Grüße 🙂 \u{7F}"),
  ])
  func xmlEscapesMarkupAndDropsForbiddenCharacters(value: String, attribute: String, content: String) {
    #expect(XMLEscaping.attribute(value) == attribute)
    #expect(XMLEscaping.content(value) == content)
  }
}

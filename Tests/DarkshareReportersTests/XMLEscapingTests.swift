@testable import DarkshareReporters
import Testing

/// XML escaping of markup characters, unsafe characters as character references, and what XML
/// 1.0 forbids as visible escapes.
@Suite struct XMLEscapingTests {
  @Test(arguments: [
    ("a & b < c > d \" e ' f", "a &amp; b &lt; c &gt; d &quot; e &apos; f", "a &amp; b &lt; c &gt; d &quot; e &apos; f"),
    ("nul\u{0}bell\u{7}esc\u{1B}", #"nul\u{0}bell\u{7}esc\u{1B}"#, #"nul\u{0}bell\u{7}esc\u{1B}"#),
    ("rtl\u{202E}lre\u{202A}fsi\u{2068}lrm\u{200E}zwj\u{200D}bom\u{FEFF}nel\u{85}", "rtl&#x202E;lre&#x202A;fsi&#x2068;lrm&#x200E;zwj&#x200D;bom&#xFEFF;nel&#x85;", "rtl&#x202E;lre&#x202A;fsi&#x2068;lrm&#x200E;zwj&#x200D;bom&#xFEFF;nel&#x85;"),
    ("\u{FFFE}\u{FFFF}ok\u{FFFD}", "ok\u{FFFD}", "ok\u{FFFD}"),
    ("tab\tline\ncr\r", "tab&#9;line&#10;cr&#13;", "tab\tline\ncr&#13;"),
    ("Grüße 🙂 \u{7F}", "Grüße 🙂 &#x7F;", "Grüße 🙂 &#x7F;"),
  ])
  func xmlEscapesMarkupAndUnsafeCharacters(value: String, attribute: String, content: String) {
    #expect(XMLEscaping.attribute(value) == attribute)
    #expect(XMLEscaping.content(value) == content)
  }
}

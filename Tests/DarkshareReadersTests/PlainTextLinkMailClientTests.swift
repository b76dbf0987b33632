import DarkshareReaders
import Testing

/// Plain-text links cut the way mail clients cut them (issue 11, class 3), with what other
/// linkifiers do for the same text.
///
/// Where each comment's facts come from (read, not run):
/// - **Android** `Linkify`: AOSP `core/java/android/util/Patterns.java` (`AUTOLINK_WEB_URL` =
///   `WEB_URL_WITH_PROTOCOL` | `WEB_URL_WITHOUT_PROTOCOL`, both wrapped in `WORD_BOUNDARY`
///   `(?:\b|$|^)`; the scheme-less one adds `(?<!://)`; `PATH_AND_QUERY` takes letters, `;/?:@&=#~-.+!*'(),_`
///   and `%XX`, and does not take `[`, `]`). Android's `\b` is Java's: `_` is a word character.
/// - **linkify-it** (markdown-it): `lib/re.mjs` and `src/linkifyit.ts` of markdown-it/linkify-it
///   (`schema_search` = `(^|(?!_)(?:[><｜]|\p{Z}|\p{P}|\p{Cc}))(http:|https:|…)`; `tpl_link_fuzzy`:
///   a fuzzy link "can't be prepended with .:/\-_@ and non punctuation"; `src_path` takes `()`,
///   `[]`, `{}` only as balanced pairs and leaves `.,;!?'"-` out at the end), and its
///   `test/fixtures/links.txt`.
/// - **Thunderbird** (a mail client): `mozTXTToHTMLConv.cpp` (`FindURLStart`, `freetext` mode:
///   the scheme is read backwards from `://` over ASCII letters, digits, `+-.`; `ShouldLinkify`
///   links only a known scheme) and `netwerk/test/unit/test_mozTXTToHTMLConv.js`
///   (`(thunderbird)http://mozilla.org/thunderbird` → `http://mozilla.org/thunderbird`). Thunderbird
///   links scheme-less text only when it starts `www.` or `ftp.`, or is an e-mail address.
/// - **GitHub** cmark-gfm autolink extension: trailing `?!.,:*_~'"` is excluded
///   (github/cmark-gfm#72); robinst/linkify#11 and quantizor/markdown-to-jsx#839 drop trailing
///   `**` for the same reason.
/// - **Gmail**: its linkifier is not public. Public reports show it links scheme-less hosts in
///   capitals (`GOV.UK`, alphagov/signon#265) and lower case (`login.gov`,
///   cisagov/manage.get.gov#1072), and that it once joined a URL with the next line's word in a
///   text/plain mail (UEWBot/dipvis#223).
/// - **Apple Mail** (`NSDataDetector`): not public; no public report found for these cases.
///
/// So for most cases below only Thunderbird speaks for the mail clients; where the brief's rule
/// goes against the linkifiers that could be read, the comment says so.
@Suite struct PlainTextLinkMailClientTests {
  private func urls(_ text: String) -> [String] { PlainTextLinkDetector.links(in: text).map(\.url) }

  /// A URL glued to the word before it starts at its scheme. Thunderbird links it after
  /// punctuation (`Link:https://…`, `(x)http://…`) and so do Android and linkify-it; after a
  /// letter (`Mottowagenhttps://…`) none of the three does (Thunderbird reads the scheme as
  /// `mottowagenhttps`, Android and linkify-it want a boundary before the scheme). darkshare
  /// reports it anyway, as the brief asks: the link was sent, a reader copies it, and HTML-to-text
  /// conversions glue URLs to words (a real Proofpoint footer: `…as spam.https://…`).
  @Test(arguments: [
    ("Mottowagenhttps://a.example/x", ["https://a.example/x"]),
    ("Link:https://a.example/x", ["https://a.example/x"]),
    ("siehehttp://a.example/x", ["http://a.example/x"]),
    ("Click here to report this email as spam.https://a.example/t/1", ["https://a.example/t/1"]),
    ("(thunderbird)http://a.example/thunderbird", ["http://a.example/thunderbird"]),
    ("FooHTTPS://A.EXAMPLE/X", ["HTTPS://A.EXAMPLE/X"]),
    ("_https://a.example/x_", ["https://a.example/x"]),
    // A scheme-less host still needs a boundary: no link starts inside a word, so a glued
    // `www.` is part of the word's host (as in Android and linkify-it), and after `_` nothing is.
    ("siehewww.shop.com", ["siehewww.shop.com"]),
    ("siehe_www.shop.com", []),
    ("Mottowagenhttps:// nothing", []),
  ] as [(String, [String])])
  func gluedToTheWordBefore(_ text: String, _ expected: [String]) {
    #expect(urls(text) == expected, "\(text)")
  }

  /// Markdown links and parentheses. linkify-it cuts every case here the same way; Android
  /// stops at `]` (it takes no brackets) but keeps an unbalanced `)` (`…/x)and`); Thunderbird's
  /// tests show `(http://localhost/) etc.` → `http://localhost/` and keep
  /// `…/Performance_(Thunderbird)`.
  @Test(arguments: [
    ("[Shop](https://a.example/x)", ["https://a.example/x"]),
    ("https://a.example/x](https://a.example/x)", ["https://a.example/x", "https://a.example/x"]),
    ("[https://a.example/x](https://a.example/y).", ["https://a.example/x", "https://a.example/y"]),
    ("(see https://a.example/x)and more", ["https://a.example/x"]),
    ("(see https://a.example/x/(y)z)and more", ["https://a.example/x/(y)z"]),
    ("https://en.wikipedia.org/wiki/Fish_(food)", ["https://en.wikipedia.org/wiki/Fish_(food)"]),
    ("https://a.example/x)", ["https://a.example/x"]),
    ("[see https://a.example/x]more", ["https://a.example/x"]),
    ("http://[2001:db8::1]:80/x", ["http://[2001:db8::1]:80/x"]),  // Thunderbird's tests
    ("https://[ nothing", []),
    ("[Shop](shop.example.com/x)", ["shop.example.com/x"]),
  ] as [(String, [String])])
  func markdownAndParentheses(_ text: String, _ expected: [String]) {
    #expect(urls(text) == expected, "\(text)")
  }

  /// Trailing Markdown emphasis is no part of the URL; an `_` of the URL is. cmark-gfm drops
  /// trailing `*` and `_`; linkify-it keeps them (markdown-it parses emphasis before it
  /// linkifies); Android drops `**` before a space (its trailing `\b`) but keeps a trailing `_`
  /// (a word character), and finds no URL after a leading `_`.
  @Test(arguments: [
    ("**https://a.example/x**", ["https://a.example/x"]),
    ("*https://a.example/x*", ["https://a.example/x"]),
    ("_https://a.example/x_", ["https://a.example/x"]),
    ("__https://a.example/x__, then", ["https://a.example/x"]),
    ("**www.shop.com/sale**", ["www.shop.com/sale"]),
    ("https://a.example/foo_bar_baz", ["https://a.example/foo_bar_baz"]),
    // A base64url token ends in `_` (a SendGrid click link of the bench corpus): only an `_`
    // that opened the emphasis right before the URL makes a trailing `_` emphasis.
    ("see https://u1.ct.sendgrid.net/ls/click?upn=jNTc-2yQR_", ["https://u1.ct.sendgrid.net/ls/click?upn=jNTc-2yQR_"]),
    ("see https://u1.ct.sendgrid.net/ls/click?upn=jNTc-2yQR_.", ["https://u1.ct.sendgrid.net/ls/click?upn=jNTc-2yQR_"]),
    ("https://a.example/?q=a*b", ["https://a.example/?q=a*b"]),
  ] as [(String, [String])])
  func markdownEmphasis(_ text: String, _ expected: [String]) {
    #expect(urls(text) == expected, "\(text)")
  }

  /// No scheme-less link starts inside a percent-escape or an e-mail address. Both Android
  /// (`\b` holds between `%` and a digit) and linkify-it (`%` is punctuation, which may precede a
  /// fuzzy link) would link `40host.de` in `%40host.de`; the brief asks not to, since such text
  /// is the tail of a URL that lost its start (a line break, a quoting client). E-mail addresses
  /// are links to `mailto:` in every client, never web links to their domain.
  @Test(arguments: [
    ("%40host.de", []),
    ("%2Fmailchi.mp/x", []),
    ("%3Dwww.a.com", []),
    ("u=jane%40shop.de&x=1", []),
    ("jane.doe@shop.example.com", []),
    ("jane.doe+news@shop.example.com", []),
    ("Jane.Doe+News@Shop.Example.COM", []),
    ("shop.de+news@x.com", []),
    ("news_shop.de@x.com", []),
    ("<jane@www.shop.com>", []),
    ("medium.com/@user", ["medium.com/@user"]),
    ("write to jane@shop.com or visit shop.com", ["shop.com"]),
  ] as [(String, [String])])
  func percentEscapesAndEmailAddresses(_ text: String, _ expected: [String]) {
    #expect(urls(text) == expected, "\(text)")
  }

  /// A scheme'd URL inside another URL's query is part of the outer URL, escaped or not.
  @Test(arguments: [
    ("https://a.example/r?u=https%3A%2F%2Fb.example%2Fx", ["https://a.example/r?u=https%3A%2F%2Fb.example%2Fx"]),
    ("https://a.example/r?u=https://b.example/x", ["https://a.example/r?u=https://b.example/x"]),
    ("shop.example.com/r?u=https://b.example/x&v=1", ["shop.example.com/r?u=https://b.example/x&v=1"]),
  ] as [(String, [String])])
  func urlsInsideQueries(_ text: String, _ expected: [String]) {
    #expect(urls(text) == expected, "\(text)")
  }

  /// `word.In` sentence joins are no hosts. Android and linkify-it match top-level domains in
  /// any case, so both would link `today.In` and `delays.You` (`.in` and `.you` are real
  /// top-level domains); Thunderbird links no scheme-less text but `www.`/`ftp.`. The brief's
  /// rule, with two refinements from real mail: an acronym label (`lvmail01.LL.com`) and a
  /// top-level domain in capitals (`news.Stanford.EDU`, a Usenet path in a real message) still
  /// read as hosts.
  @Test(arguments: [
    ("zur Anmeldung.Die Frist", []),
    ("see you today.In the meantime", []),
    ("Deutsch lernen.Das ist", []),
    ("no delays.You can", []),
    ("heute.De", []),
    ("Shop.Example.Com", []),
    ("Example.com", ["Example.com"]),
    ("Shop.Example.Com/x", ["Shop.Example.Com/x"]),
    ("Shop.Example.Com:8080", ["Shop.Example.Com:8080"]),
    ("today.In: nothing", []),
    ("WWW.SHOP.COM", ["WWW.SHOP.COM"]),
    ("GOV.UK", ["GOV.UK"]),
    ("www.Shop.Com", ["www.Shop.Com"]),
    ("shop.example.com", ["shop.example.com"]),
    ("lvmail01.LL.com", ["lvmail01.LL.com"]),
    ("news.Stanford.EDU", ["news.Stanford.EDU"]),
    ("https://today.In", ["https://today.In"]),
  ] as [(String, [String])])
  func sentenceJoins(_ text: String, _ expected: [String]) {
    #expect(urls(text) == expected, "\(text)")
  }

  /// Other endings. Angle brackets and ASCII quotes end a URL in every linkifier read
  /// (linkify-it: `<http://domain.com>.`; Thunderbird: RFC 2396 Appendix E `<…>`; Android takes
  /// no `<>"`). Trailing `.!?` are left out everywhere. Typographic quotes and CJK or full-width
  /// punctuation end the URL here: Android's IRI characters and linkify-it's path take them as
  /// URL characters, but an unescaped `。` or `»` is never meant as part of a URL, and CJK text
  /// has no space after a URL. `'s` after a path stays (Android and linkify-it keep
  /// `…/blah_I'm_king`); directly after a host it cannot be part of the URL.
  @Test(arguments: [
    ("<https://a.example/x>", ["https://a.example/x"]),
    ("<https://a.example/x>.", ["https://a.example/x"]),
    ("https://a.example/x.", ["https://a.example/x"]),
    ("https://a.example/x!", ["https://a.example/x"]),
    ("https://a.example/x?", ["https://a.example/x"]),
    ("https://a.example/x?!...", ["https://a.example/x"]),
    ("\"https://a.example/x\"", ["https://a.example/x"]),
    ("«https://a.example/x»", ["https://a.example/x"]),
    ("»https://a.example/x«", ["https://a.example/x"]),
    ("„https://a.example/x“", ["https://a.example/x"]),
    ("“https://a.example/x”", ["https://a.example/x"]),
    ("‹https://a.example/x›", ["https://a.example/x"]),
    ("https://a.example/x。次の文", ["https://a.example/x"]),
    ("（https://a.example/x）", ["https://a.example/x"]),
    ("https://a.example/x，https://b.example/y", ["https://a.example/x", "https://b.example/y"]),
    ("「www.shop.com/x」", ["www.shop.com/x"]),
    ("https://shop.example's new range", ["https://shop.example"]),
    ("https://shop.example’s new range", ["https://shop.example"]),
    ("shop.example.com's new range", ["shop.example.com"]),
    ("https://a.example/x's", ["https://a.example/x's"]),
    ("https://a.example/x’s", ["https://a.example/x"]),
  ] as [(String, [String])])
  func otherEndings(_ text: String, _ expected: [String]) {
    #expect(urls(text) == expected, "\(text)")
  }

  /// A URL hard-wrapped across lines in text/plain is cut at the line end: the detector never
  /// joins lines (a `format=flowed` soft break is undone by the MIME reader before this). Gmail
  /// has been seen joining a URL with the next line (UEWBot/dipvis#223); Android, linkify-it and
  /// Thunderbird end at the line break.
  @Test func aURLSplitAcrossLinesIsCutAtTheLineEnd() {
    let links = PlainTextLinkDetector.links(in: "https://a.example/very/long/pa\nth?utm_source=x")
    #expect(links.map(\.url) == ["https://a.example/very/long/pa"])
    #expect(links.map(\.line) == [1])
  }

  /// The column of a glued URL is its scheme's, in Unicode scalars.
  @Test func aGluedURLIsLocatedAtItsScheme() {
    let links = PlainTextLinkDetector.links(in: "é Mottowagenhttps://a.example/x")
    #expect(links.map(\.column) == [13])
    #expect(links.map(\.endColumn) == [13 + "https://a.example/x".unicodeScalars.count])
  }
}

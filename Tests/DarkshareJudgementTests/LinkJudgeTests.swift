import DarkshareCore
import DarkshareTestSupport
@testable import DarkshareJudgement
import Testing

@Suite struct LinkJudgeTests {
  private func judge(_ url: String, text: String? = nil) -> JudgedLink {
    LinkJudge().judge(
      Link(url: url, location: SourceLocation(file: "t.html", line: 1, column: 1), text: text, element: "a", channel: .email))
  }

  /// The §2 table, one case a row.
  @Test(arguments: [
    ("https://s.example/?utm_source=a&utm_medium=b&utm_campaign=c", LinkStatus.tracked),
    ("https://s.example/?utm_source=a&utm_medium=b&utm_campaign=c&gclid=x", .tracked),
    ("https://s.example/?utm_source=a&utm_campaign=c", .partial),
    ("https://s.example/?utm_source=a&utm_medium=&utm_campaign=c", .partial),
    ("https://s.example/?UTM_SOURCE=a&utm_medium=b&utm_campaign=c", .partial),
    ("https://s.example/?utm_source=a&amp;utm_medium=b&amp;utm_campaign=c", .partial),
    ("https://s.example/p&utm_source=a&utm_medium=b&utm_campaign=c", .dark),
    ("https://s.example/#utm_source=a&utm_medium=b&utm_campaign=c", .dark),
    ("https://s.example/", .dark),
    ("https://s.example/?mc_cid=1", .dark),
    ("https://s.example/?fbclid=1", .atRisk),
    ("https://s.example/?s_cid=1", .atRisk),
    ("https://bit.ly/abc", .unknown),
    ("{{ product.url }}", .unknown),
    ("https://x.us1.list-manage.com/track/click?u=1&id=2", .unknown),
    ("mailto:a@b.example", .excluded),
    ("#top", .excluded),
    ("", .excluded),
    ("*|UNSUB|*", .excluded),
    ("%%unsub_center_url%%", .excluded),
    ("https://s.example/email-preferences?id=1", .excluded),
  ])
  func statusTable(_ url: String, _ expected: LinkStatus) {
    #expect(judge(url).status == expected, "\(url)")
  }

  /// `&name=` in a path with no query: named parameters are found, a bare `&`, an empty name
  /// or a name cut by `/` are not, and a combining mark does not hide the `&` (bytes, as
  /// analytics splits).
  @Test(arguments: [
    ("https://s.example/p&utm_source=a", true),
    ("https://s.example/p&&x=1", true),
    ("https://s.example/p&é=1/q", true),
    ("https://s.example/p&\u{301}utm_source=a", true),
    ("https://s.example/p&=1", false),
    ("https://s.example/a&b/c=d", false),
    ("https://s.example/p&x", false),
    ("https://s.example/p&", false),
    ("https://s.example/p?a&b=1", false),
  ])
  func parametersInThePath(_ url: String, _ expected: Bool) {
    #expect(judge(url).attribution.malformations.contains(.parametersInPath) == expected, "\(url)")
  }

  /// A required key in the URL that analytics cannot read is named with what hides it, in
  /// any case and whether the second `?` is written or percent-encoded in the value.
  @Test(arguments: [
    ("https://s.example/?x=1?utm_source=nl", Attribution.Malformation.secondQuestionMark),
    ("https://s.example/?x=1?UTM_Source=nl", .secondQuestionMark),
    ("https://s.example/?x=1%3Futm_source%3Dnl", .secondQuestionMark),
    ("https://s.example/?x=1&amp;utm_source=nl", .doubleEscapedAmpersand),
    ("https://s.example/?x=1&AMP;Utm_Source=nl", .doubleEscapedAmpersand),
    ("https://s.example/?x=1&amp%3Butm_source=nl", .doubleEscapedAmpersand),
    ("https://s.example/p&utm_source=nl", .parametersInPath),
    ("https://s.example/p&UTM_SOURCE=nl?x=1", .parametersInPath),
  ])
  func unreadableKeysNameTheirCause(_ url: String, _ cause: Attribution.Malformation) {
    let attribution = judge(url).attribution
    #expect(attribution.unreadable.first { $0.required == "utm_source" }?.cause == cause, "\(url)")
    #expect(!attribution.missing.contains("utm_source"), "\(url)")
  }

  /// A required key nowhere in the URL is missing, not unreadable, whatever else is malformed.
  @Test(arguments: [
    "https://s.example/?x=1?y=2", "https://s.example/?x=1&amp;y=2", "https://s.example/p&y=1",
    "https://s.example/?x=%3Futm_sourcex%3D1",
  ])
  func absentKeysAreMissingBesideMalformations(_ url: String) {
    let attribution = judge(url).attribution
    #expect(attribution.missing.contains("utm_source"), "\(url)")
    #expect(attribution.unreadable.isEmpty, "\(url)")
  }

  @Test func serviceLinksAreRecognisedByAnchorText() {
    #expect(judge("https://s.example/p?id=1", text: "View this email in your browser").status == .excluded)
    #expect(judge("https://s.example/p?id=1", text: "Opt-out").status == .excluded)
    #expect(judge("https://s.example/p?id=1", text: "Our interview online").status == .dark)
    #expect(judge("https://s.example/p?id=1", text: "Resubscribe here").status == .dark)
  }

  @Test func placeholderValuesCountAsPresent() {
    let link = judge("https://s.example/?utm_source={{ s }}&utm_medium=email&utm_campaign=%%=v(@c)=%%")
    #expect(link.status == .tracked)
  }

  @Test func nestedWrappersAreUnwrapped() {
    let inner = "https://s.example/a?utm_source=a%26utm_medium%3Db"
    let google = "https://www.google.com/url?q=" + inner.replacingOccurrences(of: "%", with: "%25")
    let safeLinks = "https://eur01.safelinks.protection.outlook.com/?url="
      + google.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "?", with: "%3F")
        .replacingOccurrences(of: "=", with: "%3D").replacingOccurrences(of: "&", with: "%26") + "&data=x"
    let link = judge(safeLinks)
    #expect(link.wrappers.count == 2)
    #expect(link.destination == "https://s.example/a?utm_source=a%26utm_medium%3Db")
  }

  /// `youtu.be/<id>` is rebuilt as the reference's notes say (`www.youtube.com/watch?v=<id>`),
  /// its own query carried over: a known destination, not an opaque short link.
  @Test func youTubeShortLinksAreRebuilt() {
    let shared = judge("https://youtu.be/dQw4w9WgXcQ?si=AbCdEfGhIjKl&t=42")
    #expect(shared.destination == "https://www.youtube.com/watch?v=dQw4w9WgXcQ&si=AbCdEfGhIjKl&t=42")
    #expect(shared.status == .dark)
    let tagged = judge("https://youtu.be/dQw4w9WgXcQ?utm_source=sms&utm_medium=sms&utm_campaign=launch")
    #expect(tagged.status == .tracked)
    #expect(judge("https://youtu.be/dQw4w9WgXcQ").destination == "https://www.youtube.com/watch?v=dQw4w9WgXcQ")
  }

  /// A rebuild template is filled in as Foundation fills it: every `<group1>`, at the start, the
  /// end or twice, and a value that itself holds `<group1>` or non-ASCII left as it is.
  @Test(arguments: [
    "https://www.youtube.com/watch?v=<group1>", "<group1>", "<group1>/x/<group1>", "https://a.example/", "<group1><group1>",
    "x<group1", "https://é.example/<group1>?e\u{301}=1", "<group1>\u{301}",
  ])
  func rebuildTemplatesAreFilledAsFoundationFillsThem(template: String) {
    for value in ["dQw4w9WgXcQ", "", "<group1>", "ü", "\u{301}x"] {
      #expect(Unwrapper.filled(template, with: value) == template.replacingOccurrences(of: "<group1>", with: value))
    }
  }

  @Test func queryIsReadAsAnalyticsReadsIt() {
    let url = LinkURL("https://S.example:8443/p?a=1?b=2&c=3#d=4")
    #expect(url.host == "s.example")
    #expect(url.query == "a=1?b=2&c=3")
    #expect(url.fragment == "d=4")
    #expect(url.queryParameters.map(\.key) == ["a", "c"])
    #expect(url.queryParameters.first?.value == "1?b=2")
  }

  @Test func mergeTagsDoNotSplitTheURL() {
    let url = LinkURL("https://s.example/?e={{#if vip}}gold{{/if}}&x=1")
    #expect(url.fragment == nil)
    #expect(url.queryParameters.map(\.key) == ["e", "x"])
    #expect(url.queryParameters.first?.valueIsPlaceholder == true)
  }

  @Test func percentEncodingIsNotAMergeTag() {
    #expect(LinkURL("https://s.example/caf%C3%A9s%20%E2%82%AC").mergeTags.isEmpty)
    #expect(LinkURL("https://s.example/?u=%UNSUBSCRIBELINK%").mergeTags.count == 1)
  }

  @Test func hostileURLsStayLinear() {
    let hostile = "https://s.example/?" + String(repeating: "{{a&", count: 200_000)
    #expect(judge(hostile).status == .dark)
  }
}

/// Service links are recognised by anchor text in the main languages of e-mail.
@Suite struct MultilingualServiceTextTests {
  @Test(arguments: [
    "Unsubscribe", "Darse de baja", "Cancelar suscripción", "Ver en el navegador", "Se désabonner",
    "Voir la version en ligne", "Gérer mes préférences", "Abmelden", "Newsletter abbestellen", "Im Browser anzeigen",
    "Cancelar inscrição", "Ver no navegador", "Annulla l'iscrizione", "Visualizza nel browser", "Uitschrijven",
    "Bekijk in je browser", "Voorkeuren beheren", "Transférer à un ami",
  ])
  func recognised(_ text: String) {
    let link = Link(url: "https://esp.example/x?id=1", location: SourceLocation(file: "t", line: 1, column: 1), text: text, element: "a", channel: .email)
    #expect(LinkJudge().judge(link).status == .excluded, "\(text)")
  }

  /// Common punctuation outside ASCII (no-break space, arrows, curly quotes, ellipsis,
  /// guillemets, dashes, ™) separates words as ASCII punctuation does, alone or next to a
  /// combining mark (then the text is split by `Character`).
  @Test(arguments: [
    ("Unsubscribe \u{2192}", true), ("View in browser\u{2026}", true), ("\u{201C}Update your preferences\u{201D}", true),
    ("Opt\u{A0}out", true), ("Forward to a friend \u{BB}", true), ("Manage\u{2014}subscriptions", true),
    ("Unsubscribe \u{2192}\u{301}", true), ("View\u{2122} online", true), ("Shop now \u{2192}", false),
    ("Workshop\u{2019}s view\u{2013}online guide", true), ("Optout\u{A0}now", false),
  ])
  func punctuationOutsideASCIISeparatesWords(_ text: String, _ isService: Bool) {
    let link = Link(url: "https://shop.example/x", location: SourceLocation(file: "t", line: 1, column: 1), text: text, element: "a", channel: .email)
    #expect((LinkJudge().judge(link).status == .excluded) == isService, "\(text)")
  }

  @Test(arguments: ["Ver ofertas", "Nos préférences de café", "Browser-Tipps", "Online shop", "Bekijk de collectie"])
  func ordinaryCopyIsNot(_ text: String) {
    let link = Link(url: "https://shop.example/x", location: SourceLocation(file: "t", line: 1, column: 1), text: text, element: "a", channel: .email)
    #expect(LinkJudge().judge(link).status == .dark, "\(text)")
  }
}

/// The URL a browser opens: tabs and line breaks dropped byte by byte, a text link without a
/// scheme opened as `http://`.
@Suite struct OpenedFormTests {
  private func opened(_ url: String, element: String = "a") -> String {
    LinkJudge.openedForm(
      of: Link(url: url, location: SourceLocation(file: "t", line: 1, column: 1), text: nil, element: element, channel: .email))
  }

  @Test func lineBreaksAndTabsAreDropped() {
    #expect(opened("https://shop.example/sale?utm_source=nl\r\n&utm_medium=email") == "https://shop.example/sale?utm_source=nl&utm_medium=email")
    #expect(opened("https://shop.example/\tsale\n") == "https://shop.example/sale")
    #expect(opened("https://shop.example/caf\u{E9}\r\n") == "https://shop.example/caf\u{E9}")
  }

  @Test func aURLWithoutThemIsUnchanged() {
    #expect(opened("https://shop.example/sale?q=a b") == "https://shop.example/sale?q=a b")
  }

  @Test func textLinksWithoutASchemeOpenAsHTTP() {
    #expect(opened("www.shop.example/x", element: "text") == "http://www.shop.example/x")
    #expect(opened("HTTPS://shop.example/x", element: "text") == "HTTPS://shop.example/x")
    #expect(opened("Mailto:a@shop.example", element: "text") == "Mailto:a@shop.example")
    #expect(opened("ftp://files.example/a", element: "text") == "ftp://files.example/a")
  }

  /// `&amp;` in any ASCII case, anywhere in the URL (also in a value or the fragment), is a
  /// double-escaped ampersand; a near miss or one cut short is not.
  @Test(arguments: [
    ("https://a.example/?x=1&AMP;y=2", true), ("https://a.example/?x=1&aMp;y=2", true),
    ("https://a.example/?x=a%20b&amp;", true), ("https://a.example/#x&amp;y", true),
    ("https://a.example/?x=1&am;y=2", false), ("https://a.example/?x=1&amp", false), ("https://a.example/&am", false),
    ("https://a.example/?x=1&&amp", false),
  ])
  func escapedAmpersandsInAnyCase(url: String, escaped: Bool) {
    let link = Link(url: url, location: SourceLocation(file: "t", line: 1, column: 1), text: nil, element: "a", channel: .email)
    let judged = LinkJudge().judge(link)
    #expect(judged.attribution.malformations.contains(.doubleEscapedAmpersand) == escaped)
  }

  /// On random URLs: an `&amp;` in any case is a double-escaped ampersand, and a tab, line feed
  /// or carriage return written in the URL is white space, wherever they stand.
  @Test func escapesAndLineBreaksAreFoundWhereverTheyStand() {
    let pieces = ["a", "=", "&", "&amp;", "&AmP;", "&am", "&amp", "p;", "\t", "\n", "\r", "\r\n", "x", "/", "é", "%26"]
    var random = SplitMix(seed: 61)
    for _ in 0..<4_000 {
      let rest = (0..<Int.random(in: 0...8, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
      let url = "https://a.example/p?" + rest
      let link = Link(url: url, location: SourceLocation(file: "t", line: 1, column: 1), text: nil, element: "a", channel: .email)
      let malformations = LinkJudge().judge(link).attribution.malformations
      let opened = Array(url.utf8.filter { $0 != 0x09 && $0 != 0x0A && $0 != 0x0D })
      let entity: [UInt8] = Array("&amp;".utf8)
      let escaped = opened.indices.contains { (index: Int) -> Bool in
        guard index + 5 <= opened.count else { return false }
        let window: [UInt8] = opened[index..<index + 5].map { $0.asciiLowercased }
        return window == entity
      }
      #expect(malformations.contains(.doubleEscapedAmpersand) == escaped, "\(url)")
      #expect(malformations.contains(.whitespace) == url.utf8.contains { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }, "\(url)")
    }
  }
}

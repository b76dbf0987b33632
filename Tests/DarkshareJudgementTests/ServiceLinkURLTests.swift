import DarkshareCore
@testable import DarkshareJudgement
import DarkshareTestSupport
import Testing

/// Service links recognised by their URL alone, as text/plain parts show them (no anchor text),
/// and by the phrases real mail uses; a wrapped service link still shows its destination.
@Suite struct ServiceLinkURLTests {
  private func judge(_ url: String, text: String? = nil, element: String = "text") -> JudgedLink {
    LinkJudge().judge(
      Link(url: url, location: SourceLocation(file: "m.eml", line: 1, column: 1), text: text, element: element, channel: .email))
  }

  @Test(arguments: [
    "https://shop.example/newsletter/unsubscribe.php?id=1",
    "https://shop.example/unsubscribe.html",
    "https://shop.example/Unsubscribe.aspx?u=9",
    "https://news.example/index.php?op=unsubscribe&id=4",
    "https://news.example/?op=email_web_version&id=9",
    "https://shop.example/optout?x=1",
    "https://shop.example/mail/opt-out/abc",
    "https://shop.example/newsletter/abmelden?id=1",
    "https://boutique.example/desinscription?id=1",
    "https://brand.us3.list-manage.com/profile?u=3f2&id=9bc&e=042",
    "https://brand.us3.list-manage.com/about?u=3f2&id=9bc&e=042",
    "https://brand.us3.list-manage.com/unsubscribe?u=3f2&id=9bc",
    "https://us3.campaign-archive.com/?u=3f2&id=9bc",
    "https://us3.forward-to-friend.com/forward?u=3f2&id=9bc&e=042",
    "https://info.brand.example/hs/preferences-center/en/page?data=W2nXS",
    "https://info.brand.example/hs/manage-preferences/unsubscribe?languagePreference=en",
    "https://manage.kmail-lists.com/subscriptions/manage?a=Xy9&r=01",
    "https://manage.kmail-lists.com/subscriptions/web-view?a=Xy9",
    "https://visitor.constantcontact.com/do?p=un&m=001&se=002",
    "https://visitor.r20.constantcontact.com/manage/optin?v=001",
    "https://brand.substack.com/action/disable_email?token=abc",
    "https://click.email.brand.example/unsub_center.aspx?qs=268c8e2e8c",
    "https://click.email.brand.example/profile_center.aspx?qs=268c8e2e8c",
    "https://shop.example/view-in-browser/2026-03",
    "https://shop.example/webversion?id=3",
    "https://view.email.brand.example/?qs=268c8e2e8c9235dc6f85fdf897f0cab733bfea4c9c36a7f901b3c6827608a647",
    "http://www.brand.example/de/profile/change_interests.html",
    "http://news.example/tell-a-friend?issue=18970",
    "http://www.imakenews.example/eletra/mod_input_proc.cfm?mod_name=tell_friend_form&XXDESXXuser=list",
    "http://www.imakenews.example/eletra/change.cfm?x=list%2Cjane@example.org%2Chtm",
    "http://www.imakenews.example/eletra/update.cfm?x=list%2Cjane%40example.org",
    // Compared without case, over bytes: keys, values, extensions, form names; empty labels.
    "https://news.example/index.php?OP=UnSubscribe&id=4",
    "http://www.imakenews.example/eletra/mod.cfm?mod_name=Tell_Friend_FORM",
    "https://shop.example/mail/UNSUBSCRIBE.PHP",
    "https://brand.us3.list-manage.com./profile?u=3f2",
    "http://www.imakenews.example/eletra/CHANGE.CFM?x=list%2Cjane@example.org%2Chtm",
    // An ESP domain name followed by more of a name (Mailchimp's numbered archives).
    "https://us3.campaign-archive2.com/?u=3f2&id=9bc", "https://brand.us3.list-manage2.com/profile?u=3f2",
    "https://t.createsend1.com/t/ViewEmail/r/ABC/DEF",
    // Segments after one that is not ASCII, found at their own bytes.
    "https://shop.example/é/ü/unsubscribe.php", "http://www.imakenews.example/fr/é/change.cfm?x=list%2Cjane@example.org",
  ])
  func recognisedByURL(_ url: String) {
    let link = judge(url)
    #expect(link.status == .excluded, "\(url): \(link.kind)")
  }

  @Test(arguments: [
    "https://shop.example/sale/unsubscribed-deals",
    "https://shop.example/blog/how-to-unsubscribe-from-spam",
    "https://shop.example/products/preferences-candle",
    "https://shop.example/?op=checkout",
    "https://shop.example/about?u=1",
    "https://brand.us3.list-manage.com/subscribe?u=3f2&id=9bc",
    // "update" and "change" pages without the subscriber's address are ordinary pages.
    "https://shop.example/blog/update.html?id=7",
    "https://shop.example/change?lang=de",
    // A referral programme's page is a campaign destination.
    "https://shop.example/refer-a-friend?code=7",
    // A form module that is not a forward form.
    "https://shop.example/form.cfm?mod_name=contest_form",
    // Not whole words, not ASCII, longer than any.
    "https://shop.example/unsubscribe.phpx/sale",
    "https://shop.example/ünsubscribe", "https://shop.example/unsubscribe\u{301}", "https://shop.example/é/change.cfm?x=1",
    "https://shop.example/unsubscribe-from-this-list-and-all-the-others-please",
    "https://shop.example/p?op=unsubscribe-from-this-list-and-all-the-others&x=_form",
    // An ESP domain's last letter joined by a combining mark is another name, as a Character.
    "https://us3.campaign-archive\u{301}.com/?u=3f2&id=9bc", "https://brand.list-manage\u{308}.com/profile?u=3f2",
  ])
  func ordinaryPagesAreNot(_ url: String) {
    #expect(judge(url).status == .dark, "\(url)")
  }

  @Test(arguments: [
    "Subscription preferences", "Manage your email preferences", "Why did I get this?",
    "Newsletter-Profil verwalten", "View this email online", "Gérer mes abonnements",
  ])
  func recognisedByWhatRealMailSays(_ text: String) {
    #expect(judge("https://s.example/p?id=1", text: text, element: "a").status == .excluded, "\(text)")
  }

  @Test func aWrappedServiceLinkShowsItsDestination() {
    let byText = judge(
      "https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fshop.example%2Fp%3Fid%3D1&data=x",
      text: "Unsubscribe", element: "a")
    #expect(byText.status == .excluded)
    #expect(byText.destination == "https://shop.example/p?id=1")
    #expect(byText.service == "Microsoft Defender Safe Links")
    let byURL = judge("https://www.google.com/url?q=https://shop.example/unsubscribe?id%3D1&sa=D")
    #expect(byURL.status == .excluded)
    #expect(byURL.destination == "https://shop.example/unsubscribe?id=1")
  }

  /// A plain-text `ftp://` or `mailto:` link keeps its scheme: it is no web link.
  @Test func textLinksWithOtherSchemesAreNotWebLinks() {
    #expect(judge("ftp://ftp.gnome.org/pub/x").status == .excluded)
    #expect(judge("mailto:sales@shop.example").status == .excluded)
    #expect(judge("www.shop.example/x").status == .dark)
  }

  /// Proofpoint v3 as gateways write it: one slash after the embedded scheme.
  @Test func proofpointV3WithOneSlashAfterTheScheme() {
    let link = judge("https://urldefense.com/v3/__https:/shop.example/sale?utm_source=nl*utm_medium=email__;Jg!!ORG!sig$")
    #expect(link.destination == "https://shop.example/sale?utm_source=nl&utm_medium=email")
    #expect(link.status == .partial)
    let twoSlashes = judge("https://urldefense.com/v3/__https://shop.example/a__;!!ORG!sig$")
    #expect(twoSlashes.destination == "https://shop.example/a")
  }
}

/// Plain-text service links told apart by the words that introduce them.
@Suite struct ServiceLinkLeadInTests {
  private func judge(_ url: String, leadIn: String?) -> JudgedLink {
    LinkJudge().judge(
      Link(
        url: url, location: SourceLocation(file: "m.eml", line: 1, column: 1), text: nil, element: "text",
        channel: .email, leadIn: leadIn))
  }

  @Test(arguments: [
    "To unsubscribe from promotional e-mail go to:", "If you no longer wish to receive these e-mails, visit",
    "To change your subscription visit", "Having trouble viewing this email?", "Si ce message ne s'affiche pas correctement",
  ])
  func serviceLeadIns(_ leadIn: String) {
    #expect(judge("https://news.example/p?id=1", leadIn: leadIn).status == .excluded, "\(leadIn)")
  }

  @Test(arguments: ["Read the full story:", "Shop the sale:", "Our new subscription box is here:"])
  func campaignLeadIns(_ leadIn: String) {
    #expect(judge("https://news.example/p?id=1", leadIn: leadIn).status == .dark, "\(leadIn)")
  }
}

/// Anchor texts in Latin letters with accents are split into words over their scalars: the
/// words are the ones the `Character` split finds, for any text.
@Suite struct ServiceTextWordsTests {
  private func bySplittingCharacters(_ text: String) -> [String] {
    text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
  }

  @Test(arguments: [
    "Se désabonner", "Gérer mes préférences", "Darse de baja — cancelar suscripción", "ÜBER UNS", "İstanbul’da",
    "Voir la version en ligne…", "a\u{301}b c", "e\u{301}", "x\r\ny", "ß ẞ", "ǅungla", "½ ² ³", "№ 5", "Ωmega", "😀 ok",
    "ﬁne", "ª º µ", "a\u{200D}b", "naïve café", "\u{A0}nbsp\u{A0}", "", "«Abmelden»",
  ])
  func wordsAreThoseOfTheCharacterSplit(text: String) {
    #expect(ServiceLinkRecognizer.words(text) == bySplittingCharacters(text))
  }

  /// 20,000 texts drawn from ASCII, Latin letters, the standalone punctuation, combining marks,
  /// joiners, CR LF and other scripts.
  @Test func randomTextsSplitAsCharactersDo() {
    let pieces: [String] = [
      "a", "Z", "0", " ", "-", "'", "é", "É", "ñ", "ø", "ß", "İ", "ı", "ǅ", "ª", "µ", "½", "²", "\u{A0}", "’", "—", "…",
      "«", "»", "©", "\u{301}", "\u{308}", "\u{200D}", "\u{200C}", "\r", "\n", "\r\n", "Ω", "ж", "中", "😀", "🇫🇷", "\u{AD}",
      "ſ", "ǰ", "Ÿ", "\t", "ﬃ", "Σ", "ς", "ά", "Ё", "\u{483}", "↑", "⇒", "東", "한", "\u{11A8}", "\u{1100}", "\u{3000}",
    ]
    var generator = SplitMix(seed: 7)
    for _ in 0..<20_000 {
      let count = Int.random(in: 1...12, using: &generator)
      let text = (0..<count).map { _ in pieces.randomElement(using: &generator)! }.joined()
      #expect(ServiceLinkRecognizer.words(text) == bySplittingCharacters(text), "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
    }
  }
}

/// An anchor text names the service of the first phrase its words hold, starting at its
/// earliest word, whether or not any of its words starts a phrase.
@Suite struct ServiceTextTests {
  private func byScanningPhrases(_ text: String) -> ServiceLinkRecognizer.Service? {
    let words = ServiceLinkRecognizer.words(text)
    for start in words.indices {
      for phrase in ServiceLinkRecognizer.texts where words[start...].starts(with: ServiceLinkRecognizer.words(phrase.text)) {
        return phrase.service
      }
    }
    return nil
  }

  @Test func randomTextsNameTheServiceOfTheirFirstPhrase() {
    let pieces = [
      "view", "View", "in", "your", "browser", "web", "version", "unsubscribe", "opt", "out", "update", "preferences",
      "manage", "Shop", "now", "read", "this", "issue", "online", "email", "Se", "désabonner", "—", "é", " ", " ", " ",
      "-", "2024", "a", "UNSUBSCRIBE", "forward", "to", "friend",
      // Words and scalars beyond ASCII: phrases that start with them or hold them, letters
      // below U+0300, standalone punctuation, and scalars that send the text to the split by
      // `Character` (a combining mark, other scripts, emoji).
      "gérer", "Gérer", "mes", "préférences", "PRÉFÉRENCES", "désinscription", "präferenzen", "verwalten", "cancelar",
      "suscripción", "½", "ß", "naïve", "e\u{301}", "中", "😀", "’", "\u{A0}", "…", "«", "»", "東京", "ΟΔΟΣ", "мой", "↑",
      "한\u{11A8}",
    ]
    var generator = SplitMix(seed: 11)
    for _ in 0..<6_000 {
      let text = (0..<Int.random(in: 0...8, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined(separator: " ")
      #expect(ServiceLinkRecognizer.service(forText: text) == byScanningPhrases(text), "\(text)")
    }
  }
}

/// A merge tag's name is squeezed to its lower-cased letters and digits; an ASCII name on its
/// bytes, as the scalar reading squeezes it.
@Suite struct ServiceTagNameTests {
  @Test func namesAreSqueezedAsTheirScalarsAre() {
    let pieces = ["UNSUB", "_", "Archive", "update_profile", "9", " ", ".", "|", "*", "-", "é", "ß", "İ", "Ω", "½", "٣", "\u{301}", "~", "$"]
    var generator = SplitMix(seed: 17)
    for _ in 0..<3_000 {
      let name = (0..<Int.random(in: 0...6, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
      let byScalars = String(name.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) })
      #expect(ServiceLinkRecognizer.squeezedTagName(name) == byScalars, "\(name)")
    }
    #expect(ServiceLinkRecognizer.service(forTag: "UPDATE_PROFILE") == .preferences)
    #expect(ServiceLinkRecognizer.service(forTag: "unsub_center_url") == .unsubscribe)
  }
}

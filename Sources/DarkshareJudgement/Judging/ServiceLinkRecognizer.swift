import DarkshareCore

/// Recognises service links: unsubscribe, view in browser, preference centre, forward to a
/// friend. They are part of every newsletter but are not campaign destinations, so they are
/// `excluded` rather than reported as dark.
///
/// Facts from shared/reference/wrappers.md §D ("Recognising unsubscribe / view-in-browser /
/// preference links"): the ESPs' system merge tags, URL shapes and anchor texts.
public enum ServiceLinkRecognizer {
  /// What a service link does.
  public enum Service: String, Sendable, Hashable {
    case unsubscribe = "unsubscribe link"
    case viewInBrowser = "view-in-browser link"
    case preferences = "preference-centre link"
    case forward = "forward-to-a-friend link"
  }

  /// Words in a merge tag's name (lower-case, letters and digits only) that name a service:
  /// Mailchimp `UNSUB`, `ARCHIVE`, `UPDATE_PROFILE`, `FORWARD`; Klaviyo `unsubscribe`,
  /// `manage_preferences`, `web_view`; HubSpot `unsubscribe_link`, `view_as_page_url`; SFMC
  /// `unsub_center_url`, `view_email_url`, `profile_center_url`, `ftaf_url`; SendGrid
  /// `asm_*_unsubscribe_*`; ActiveCampaign `UNSUBSCRIBELINK`, `UPDATELINK`, `WEBCOPY`,
  /// `FORWARD2FRIEND`; Brevo `mirror`, `update_profile`; Marketo `system.viewAsWebpageLink`.
  private static let tagWords: [(word: String, service: Service)] = [
    ("unsub", .unsubscribe), ("optout", .unsubscribe), ("archive", .viewInBrowser),
    ("webversion", .viewInBrowser), ("webview", .viewInBrowser), ("viewinbrowser", .viewInBrowser),
    ("viewonline", .viewInBrowser), ("viewaspage", .viewInBrowser), ("viewasweb", .viewInBrowser),
    ("viewemail", .viewInBrowser), ("mirror", .viewInBrowser), ("webcopy", .viewInBrowser),
    ("profile", .preferences), ("preference", .preferences), ("updatelink", .preferences),
    ("subscriptioncenter", .preferences), ("managesubscription", .preferences),
    ("forward", .forward), ("ftaf", .forward),
  ]

  /// Path segments (lower-case, a file extension such as `.php` or `.aspx` left out) that mark
  /// a service page.
  private static let pathSegments: [String: Service] = [
    "unsubscribe": .unsubscribe, "unsub": .unsubscribe, "unsub_center": .unsubscribe, "unsubcenter": .unsubscribe,
    "optout": .unsubscribe, "opt-out": .unsubscribe, "opt_out": .unsubscribe, "disable_email": .unsubscribe,
    "preferences": .preferences, "email-preferences": .preferences, "email_preferences": .preferences,
    "preference-center": .preferences, "preference_center": .preferences, "preferencecenter": .preferences,
    "preferences-center": .preferences, "manage-preferences": .preferences, "subscription-preferences": .preferences,
    "subscription-center": .preferences, "subscription_center": .preferences, "subscriptioncenter": .preferences,
    "manage-subscription": .preferences, "manage_subscription": .preferences, "managesubscription": .preferences,
    "profile_center": .preferences, "profile-center": .preferences,
    "view-in-browser": .viewInBrowser, "viewinbrowser": .viewInBrowser, "view_in_browser": .viewInBrowser,
    "webversion": .viewInBrowser, "web-version": .viewInBrowser, "web_version": .viewInBrowser,
    "view-online": .viewInBrowser, "viewonline": .viewInBrowser, "viewemail": .viewInBrowser,
    "view-email": .viewInBrowser, "email_web_version": .viewInBrowser, "web-view": .viewInBrowser,
    "forward-to-friend": .forward, "forward-to-a-friend": .forward, "forwardtofriend": .forward,
    // Older senders' forms that mail the issue on ("tell a friend", "send to a friend"); not
    // "refer-a-friend", a referral programme's landing page and so a campaign destination.
    "tell-a-friend": .forward, "tellafriend": .forward, "tell_a_friend": .forward, "tell-friend": .forward,
    "tell_friend": .forward, "send-to-friend": .forward, "sendtofriend": .forward, "send_to_friend": .forward,
    "send-to-a-friend": .forward, "email-a-friend": .forward, "emailafriend": .forward, "email_a_friend": .forward,
    // Interest-based preference centres ("choose the topics of your edition").
    "change_interests": .preferences, "change-interests": .preferences, "changeinterests": .preferences,
    "update_interests": .preferences, "update-interests": .preferences,
    // List servers' and older senders' pages: Mailman's `listinfo` (subscribe, unsubscribe,
    // options), `remove.cfm`, `removeme.html`.
    "listinfo": .preferences, "remove": .unsubscribe, "removeme": .unsubscribe, "remove-me": .unsubscribe,
    // Other languages' path words (es, fr, de, pt, it, nl).
    "darse-de-baja": .unsubscribe, "baja": .unsubscribe, "desuscribir": .unsubscribe, "desuscribirse": .unsubscribe,
    "desabonnement": .unsubscribe, "desinscription": .unsubscribe, "desinscrire": .unsubscribe, "abmelden": .unsubscribe,
    "abbestellen": .unsubscribe, "newsletter-abmelden": .unsubscribe, "descadastrar": .unsubscribe,
    "disiscrizione": .unsubscribe, "afmelden": .unsubscribe, "uitschrijven": .unsubscribe,
    "preferencias": .preferences, "preferences-email": .preferences, "praeferenzen": .preferences,
    "voorkeuren": .preferences,
  ]

  /// Query values (lower-case) that name a service page, for the keys web applications use
  /// to pick an action: `?op=unsubscribe`, `?op=email_web_version`, `?action=optout`.
  private static let actionKeys: Set<String> = ["op", "action", "act", "cmd", "mode", "task"]

  /// Service pages recognised by host: pages of an ESP's own domain that only serve
  /// subscribers (wrappers.md §D and the ESPs' own help pages).
  ///
  /// - Mailchimp: `*.campaign-archive.com` (and `…1`/`…2`) is the web version; on
  ///   `*.list-manage.com` `/profile` is the preference centre, `/about` the "why did I get
  ///   this?" page, `/unsubscribe` the unsubscribe page; `*.forward-to-friend.com/forward` the
  ///   rendered forward-to-a-friend form, which carries no URL to attribute.
  /// - Klaviyo: `manage.kmail-lists.com` serves only subscription pages (web view,
  ///   unsubscribe, manage preferences).
  /// - Constant Contact: `visitor.constantcontact.com/do?p=un` / `p=oo` unsubscribes,
  ///   `/manage/optin` is the preference page; `myemail.constantcontact.com` the web version.
  /// - Campaign Monitor: `/t/ViewEmail/` is the web version.
  /// - Salesforce Marketing Cloud: `view.<sender domain>/?qs=…` is the web version.
  private static func service(host: String, url: LinkURL) -> Service? {
    guard let (firstLabel, domain) = labels(of: host),
      // Each name below starts with its own letter (a Character equal to one is that byte):
      // most hosts are let go of on their first bytes, before any comparison of text.
      firstLabel.utf8.first == UInt8(ascii: "v") || domain.utf8.first.map(Self.serviceDomainInitials.contains) == true,
      hasASCIIPrefix(domain, "campaign-archive") || hasASCIIPrefix(domain, "list-manage") || domain == "forward-to-friend"
        || domain == "kmail-lists" || domain == "constantcontact" || firstLabel == "view" || hasASCIIPrefix(domain, "createsend")
    else { return nil }
    let path = url.path.split(separator: "/")
    let first = path.first.map { $0.lowercased() }
    if domain.hasPrefix("campaign-archive") { return .viewInBrowser }
    if domain.hasPrefix("list-manage") {
      switch first {
      case "profile", "about": return .preferences
      case "unsubscribe": return .unsubscribe
      default: return nil
      }
    }
    if domain == "forward-to-friend", first == "forward" { return .forward }
    if domain == "kmail-lists", firstLabel == "manage" {
      return path.contains { $0.lowercased().hasPrefix("web") } ? .viewInBrowser
        : path.contains { $0.lowercased().hasPrefix("unsub") } ? .unsubscribe : .preferences
    }
    if domain == "constantcontact" {
      if firstLabel == "myemail" { return .viewInBrowser }
      let action = url.queryParameters.first { $0.key == "p" }?.rawValue?.lowercased()
      if first == "do", action == "un" || action == "oo" { return .unsubscribe }
      if first == "manage", path.dropFirst().first?.lowercased() == "optin" { return .preferences }
    }
    if firstLabel == "view", path.isEmpty, url.queryParameters.first?.key == "qs" { return .viewInBrowser }
    if first == "t", path.dropFirst().first?.lowercased() == "viewemail", domain.hasPrefix("createsend") {
      return .viewInBrowser
    }
    return nil
  }

  /// `text.hasPrefix(prefix)` for an ASCII prefix, told from the bytes; by `Character` only
  /// where a byte over 0x7F follows the prefix (a combining mark there joins its last letter).
  private static func hasASCIIPrefix(_ text: Substring, _ prefix: StaticString) -> Bool {
    let bytes = UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount)
    guard text.utf8.starts(with: bytes) else { return false }
    guard let next = text.utf8.dropFirst(bytes.count).first, next >= 0x80 else { return true }
    return text.hasPrefix("\(prefix)")
  }

  /// The first letters of the ESP domains ``service(host:url:)`` knows.
  private static let serviceDomainInitials: [UInt8] = Array("clfk".utf8)

  /// Anchor texts (lower-case) that mark a service link, in the main languages of e-mail:
  /// English, Spanish, French, German, Portuguese, Italian and Dutch. Matched as whole words,
  /// so each phrase is specific enough not to catch ordinary copy.
  static let texts: [(text: String, service: Service)] = [
    ("unsubscribe", .unsubscribe), ("opt out", .unsubscribe), ("opt-out", .unsubscribe),
    ("view in browser", .viewInBrowser), ("view in your browser", .viewInBrowser),
    ("view this email in your browser", .viewInBrowser), ("view online", .viewInBrowser),
    ("view it online", .viewInBrowser), ("web version", .viewInBrowser),
    ("view as a web page", .viewInBrowser), ("view as web page", .viewInBrowser),
    ("view as a webpage", .viewInBrowser), ("view this email as a web page", .viewInBrowser),
    ("update your preferences", .preferences), ("update preferences", .preferences),
    ("manage preferences", .preferences), ("manage your preferences", .preferences),
    ("email preferences", .preferences), ("update your profile", .preferences),
    ("update profile", .preferences), ("manage subscription", .preferences),
    ("forward to a friend", .forward),
    // What real English-language mail also says (Mailchimp, HubSpot, Klaviyo, Substack footers).
    ("subscription preferences", .preferences), ("manage your subscription", .preferences),
    ("manage subscriptions", .preferences), ("manage your subscriptions", .preferences),
    ("manage email preferences", .preferences), ("manage your email preferences", .preferences),
    ("update subscription preferences", .preferences), ("update your email preferences", .preferences),
    ("change your preferences", .preferences), ("change preferences", .preferences),
    ("email settings", .preferences), ("why did i get this", .preferences),
    ("view this email online", .viewInBrowser), ("view email in browser", .viewInBrowser),
    ("view in web browser", .viewInBrowser), ("view web version", .viewInBrowser),
    ("view as webpage", .viewInBrowser), ("open in browser", .viewInBrowser),
    ("trouble viewing this email", .viewInBrowser), ("forward this email", .forward),
    ("view this issue", .viewInBrowser), ("read this issue online", .viewInBrowser),
    ("in your browser", .viewInBrowser), ("in your web browser", .viewInBrowser),
    ("account preferences", .preferences),
    // Spanish
    ("darse de baja", .unsubscribe), ("darme de baja", .unsubscribe), ("cancelar suscripción", .unsubscribe),
    ("cancelar la suscripción", .unsubscribe), ("anular suscripción", .unsubscribe),
    ("ver en el navegador", .viewInBrowser), ("ver en tu navegador", .viewInBrowser),
    ("ver versión web", .viewInBrowser), ("ver online", .viewInBrowser), ("ver en línea", .viewInBrowser),
    ("gestionar preferencias", .preferences), ("actualizar preferencias", .preferences),
    ("tus preferencias", .preferences), ("reenviar a un amigo", .forward),
    // French
    ("se désabonner", .unsubscribe), ("se désinscrire", .unsubscribe), ("désabonnement", .unsubscribe),
    ("désinscription", .unsubscribe), ("voir dans le navigateur", .viewInBrowser),
    ("voir dans votre navigateur", .viewInBrowser), ("afficher dans le navigateur", .viewInBrowser),
    ("version en ligne", .viewInBrowser), ("voir la version en ligne", .viewInBrowser),
    ("gérer mes préférences", .preferences), ("gérer vos préférences", .preferences),
    ("mes préférences", .preferences), ("transférer à un ami", .forward),
    // German
    ("abmelden", .unsubscribe), ("abbestellen", .unsubscribe), ("newsletter abbestellen", .unsubscribe),
    ("vom newsletter abmelden", .unsubscribe), ("im browser anzeigen", .viewInBrowser),
    ("im browser öffnen", .viewInBrowser), ("im browser ansehen", .viewInBrowser), ("online ansehen", .viewInBrowser),
    ("webversion", .viewInBrowser), ("einstellungen verwalten", .preferences), ("präferenzen verwalten", .preferences),
    ("profil aktualisieren", .preferences), ("an einen freund weiterleiten", .forward),
    ("newsletter profil verwalten", .preferences), ("profil verwalten", .preferences),
    ("abo verwalten", .preferences), ("einstellungen ändern", .preferences), ("online version", .viewInBrowser),
    ("gérer mes abonnements", .preferences), ("version web", .viewInBrowser),
    ("ver la versión web", .viewInBrowser),
    // Portuguese
    ("cancelar inscrição", .unsubscribe), ("cancelar a inscrição", .unsubscribe), ("descadastrar", .unsubscribe),
    ("descadastre se", .unsubscribe), ("ver no navegador", .viewInBrowser), ("visualizar no navegador", .viewInBrowser),
    ("versão online", .viewInBrowser), ("gerenciar preferências", .preferences), ("gerir preferências", .preferences),
    ("encaminhar para um amigo", .forward),
    // Italian
    ("annulla iscrizione", .unsubscribe), ("annulla l iscrizione", .unsubscribe), ("disiscriviti", .unsubscribe),
    ("cancellati", .unsubscribe), ("visualizza nel browser", .viewInBrowser), ("versione online", .viewInBrowser),
    ("versione web", .viewInBrowser), ("gestisci preferenze", .preferences), ("gestisci le preferenze", .preferences),
    ("inoltra a un amico", .forward),
    // Dutch
    ("afmelden", .unsubscribe), ("uitschrijven", .unsubscribe), ("bekijk in je browser", .viewInBrowser),
    ("bekijk in browser", .viewInBrowser), ("bekijk de online versie", .viewInBrowser), ("online bekijken", .viewInBrowser),
    ("voorkeuren beheren", .preferences), ("voorkeuren aanpassen", .preferences), ("doorsturen naar een vriend", .forward),
  ]

  /// The service a merge tag's name stands for, if any.
  static func service(forTag name: String) -> Service? {
    let squeezed = squeezedTagName(name)
    return tagWords.first { squeezed.containsBytes(of: $0.word) }?.service
  }

  /// A merge tag's name lower-cased, with only its letters and digits. An ASCII name (nearly
  /// every one) is squeezed on its bytes: there the letters are `A`–`Z` and `a`–`z`.
  static func squeezedTagName(_ name: String) -> String {
    guard name.utf8.isAllASCII else {
      return String(name.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) })
    }
    return String(unsafeUninitializedCapacity: name.utf8.count) { buffer in
      var count = 0
      for byte in name.utf8 where (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) {
        buffer[count] = byte.asciiLowercased
        count += 1
      }
      return count
    }
  }

  /// The service a URL points at, if any: recognised by its host (an ESP's subscription
  /// pages), a path segment or file name (`/unsubscribe`, `unsubscribe.php`, `/opt-out`,
  /// `/webversion`), or an action in the query (`?op=unsubscribe`).
  ///
  /// ```text
  /// https://shop.example/newsletter/unsubscribe.php?id=1     → unsubscribe link
  /// https://news.example/?op=email_web_version&id=9          → view-in-browser link
  /// https://brand.us3.list-manage.com/profile?u=…&id=…       → preference-centre link
  /// https://shop.example/sale/unsubscribed-deals              → nil (not a segment of its own)
  /// ```
  static func service(of url: LinkURL) -> Service? {
    if let host = url.host, let service = service(host: host, url: url) { return service }
    let path = url.path
    let (named, last) = pathService(path)
    if let named { return named }
    guard url.hasQuery else { return nil }
    for parameter in url.queryParameters {
      guard let value = parameter.rawValue else { continue }
      if let service = service(key: parameter.key, value: value) { return service }
    }
    if let last, isRecipientPage(last, of: path), let query = url.query,
      PersonalData.emailAddress(in: PercentDecoding.decode(query)) != nil
    {
      return .preferences
    }
    return nil
  }

  /// The service the first path segment that names one names, or else nil and the last
  /// segment's byte range. Segments are walked over the path's bytes (`/` found by `memchr`):
  /// most links name no service, and are let go of without a string made for any segment.
  private static func pathService(_ path: String) -> (service: Service?, last: Range<Int>?) {
    var bytes = path
    return bytes.withUTF8 { buffer in
      var start = 0
      var last: Range<Int>?
      while start < buffer.count {
        let end = buffer.firstIndex(of: UInt8(ascii: "/"), in: start..<buffer.count) ?? buffer.count
        if start < end {
          if let service = servicePage(start..<end, in: buffer, of: path) { return (service, nil) }
          last = start..<end
        }
        start = end + 1
      }
      return (nil, last)
    }
  }

  /// The service the path segment at `range` of `buffer` (the UTF-8 of `path`) names, if any:
  /// ``pathSegments`` with a page's extension left out.
  private static func servicePage(_ range: Range<Int>, in buffer: UnsafeBufferPointer<UInt8>, of path: String) -> Service? {
    let segment = buffer[range]
    guard segment.isAllASCII else { return pathSegments[pageStem(substring(range, of: path))] }
    return stemKey(segment).flatMap { pathSegmentKeys[$0] }
  }

  /// Whether the path segment at `range` of `path`'s UTF-8 is one of ``recipientPages``.
  private static func isRecipientPage(_ range: Range<Int>, of path: String) -> Bool {
    var bytes = path
    return bytes.withUTF8 { buffer in
      let segment = buffer[range]
      guard segment.isAllASCII else { return recipientPages.contains(pageStem(substring(range, of: path))) }
      return stemKey(segment).map(recipientPageKeys.contains) ?? false
    }
  }

  /// The part of `text` at UTF-8 offsets `range` (on scalar boundaries), as a slice of its
  /// UTF-8 view makes it.
  private static func substring(_ range: Range<Int>, of text: String) -> Substring {
    let utf8 = text.utf8
    let start = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
    return Substring(utf8[start..<utf8.index(start, offsetBy: range.count)])
  }

  /// The service a query parameter names, if any: an action key naming a service page
  /// (`?op=unsubscribe`), or a forward form named in any key (`?mod_name=tell_friend_form`:
  /// forward forms only, whose names say nothing else).
  private static func service(key: String, value: String) -> Service? {
    // No path segment is longer than a ``FoldedASCIIKey``, and a form name adds five bytes;
    // lower-casing makes at least one byte of a scalar's four at most. A longer value (a
    // destination URL carried in the query, most of them) names nothing, told from its length.
    guard value.utf8.count <= 4 * (FoldedASCIIKey.capacity + 5) else { return nil }
    guard let valueKey = FoldedASCIIKey(value.utf8), key.utf8.isAllASCII else {
      // An ASCII value longer than a key names nothing either.
      guard key.utf8.isAllASCII, value.utf8.isAllASCII else {
        let value = value.lowercased()
        if actionKeys.contains(key.lowercased()), let service = pathSegments[value] { return service }
        if let service = pathSegments[formName(value)], service == .forward { return service }
        return nil
      }
      return nil
    }
    if let keyKey = FoldedASCIIKey(key.utf8), actionKeyKeys.contains(keyKey), let service = pathSegmentKeys[valueKey] {
      return service
    }
    let utf8 = value.utf8
    let formStem = utf8.count > 5 && formSuffixes.contains(FoldedASCIIKey(utf8.suffix(5))!) ? FoldedASCIIKey(utf8.dropLast(5))! : valueKey
    return pathSegmentKeys[formStem] == .forward ? .forward : nil
  }

  /// An ASCII path segment's key, lower-cased, its page extension left out; nil when it is too
  /// long to be any.
  private static func stemKey(_ segment: Slice<UnsafeBufferPointer<UInt8>>) -> FoldedASCIIKey? {
    if let dot = segment.lastIndex(of: UInt8(ascii: ".")), let suffix = FoldedASCIIKey(segment[(dot + 1)...]),
      pageExtensionKeys.contains(suffix)
    {
      return FoldedASCIIKey(segment[..<dot])
    }
    return FoldedASCIIKey(segment)
  }

  /// The host's first label and its second-to-last, as `split(separator: ".")` finds them;
  /// nil for a host of one label.
  private static func labels(of host: String) -> (first: Substring, domain: Substring)? {
    guard host.utf8.isAllASCII else {
      let labels = host.split(separator: ".")
      return labels.count >= 2 ? (labels[0], labels[labels.count - 2]) : nil
    }
    // Found on the host's bytes, then taken as the host's own substrings.
    var bytes = host
    let found = bytes.withUTF8 { utf8 -> (first: Range<Int>, domain: Range<Int>)? in
      let dot = UInt8(ascii: ".")
      // Empty labels are not labels: `a..b.` has two.
      guard let firstStart = utf8.firstIndex(where: { $0 != dot }) else { return nil }
      let firstEnd = utf8[firstStart...].firstIndex(of: dot) ?? utf8.count
      guard let lastEnd = utf8.lastIndex(where: { $0 != dot }).map({ $0 + 1 }) else { return nil }
      let lastStart = utf8[..<lastEnd].lastIndex(of: dot).map { $0 + 1 } ?? 0
      guard let domainEnd = utf8[..<lastStart].lastIndex(where: { $0 != dot }).map({ $0 + 1 }) else { return nil }
      let domainStart = utf8[..<domainEnd].lastIndex(of: dot).map { $0 + 1 } ?? 0
      return (firstStart..<firstEnd, domainStart..<domainEnd)
    }
    guard let found else { return nil }
    return (substring(found.first, of: host), substring(found.domain, of: host))
  }

  /// `tell_friend_form` → `tell_friend`.
  private static func formName(_ value: String) -> String {
    for suffix in ["_form", "-form"] where value.hasSuffix(suffix) { return String(value.dropLast(suffix.count)) }
    return value
  }

  /// A path segment lower-cased, a web page's file extension left out.
  private static func pageStem(_ segment: Substring) -> String {
    let word = segment.lowercased()
    guard let dot = word.lastIndex(of: "."), pageExtensions.contains(String(word[word.index(after: dot)...])) else {
      return word
    }
    return String(word[..<dot])
  }

  /// Page names that, with the subscriber's own e-mail address in the query, are that
  /// subscriber's settings: iMakeNews `change.cfm?x=<list>,<address>,htm` (HTML or text) and
  /// `update.cfm?x=<list>,<address>` (subscriber information). Alone the words name ordinary
  /// pages (`/blog/update`), so the address is required.
  private static let recipientPages: Set<String> = ["change", "update", "edit", "modify"]

  /// File extensions of web pages, left out of a path segment before it is compared.
  private static let pageExtensions: Set<String> = ["php", "html", "htm", "aspx", "asp", "jsp", "cfm", "do", "pl", "cgi"]

  /// ``pathSegments``, ``recipientPages``, ``pageExtensions`` and ``actionKeys`` by byte key.
  private static let pathSegmentKeys = FoldedASCIIKeyTable(pathSegments.map { (FoldedASCIIKey($0.key), $0.value) })
  private static let recipientPageKeys = FoldedASCIIKeyTable(words: recipientPages)
  private static let pageExtensionKeys = FoldedASCIIKeyTable(words: pageExtensions)
  private static let actionKeyKeys = FoldedASCIIKeyTable(words: actionKeys)
  private static let formSuffixes = FoldedASCIIKeyTable(words: ["_form", "-form"])

  /// The service an anchor text names, if any. Whole words only: "interview online" does not
  /// say "view online".
  ///
  /// - Complexity: O(*w*) for *w* words: only phrases starting with a word of the text are tried.
  static func service(forText text: String) -> Service? {
    // Most anchor texts hold no word a phrase starts with: told without making their words.
    guard holdsPhraseStart(text) != false else { return nil }
    if let words = asciiWords(text) { return firstPhrase(in: words, of: asciiPhrasesByFirstWord) }
    return firstPhrase(in: words(text), of: phrasesByFirstWord)
  }

  /// Whether a word of `text`, as ``words(_:)`` splits it, is the first word of a phrase of
  /// ``texts``; nil for text beyond the scalars ``scalarWords(_:)`` reads (split by `Character`).
  /// Read on the UTF-8: an ASCII word is looked up as a key, and only a word with a letter over
  /// 0x7F is made into a string.
  private static func holdsPhraseStart(_ text: String) -> Bool? {
    var text = text
    return text.withUTF8 { bytes -> Bool? in
      var wordStart: Int?
      var wordIsASCII = true
      func startsPhrase(_ word: Range<Int>) -> Bool {
        guard wordIsASCII else { return phrasesByFirstWord[lowercasedWord(bytes[word])] != nil }
        return FoldedASCIIKey(bytes[word]).map(phraseStarts.contains) ?? false
      }
      var index = 0
      while index < bytes.count {
        let byte = bytes[index]
        let inWord: Bool
        var length = 1
        if byte < 0x80 {
          inWord = (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
        } else {
          // A String's UTF-8 is well formed: the lead byte tells the length.
          length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
          var value = UInt32(byte) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
          for offset in 1..<length { value = value << 6 | UInt32(bytes[index + offset] & 0x3F) }
          guard let letterOrNumber = isSelfContainedLetterOrNumber(value) else { return nil }
          inWord = letterOrNumber
          if inWord { wordIsASCII = false }
        }
        if inWord, wordStart == nil {
          wordStart = index
          wordIsASCII = byte < 0x80
        }
        if !inWord, let start = wordStart {
          if startsPhrase(start..<index) { return true }
          wordStart = nil
        }
        index += length
      }
      if let start = wordStart { return startsPhrase(start..<bytes.count) }
      return false
    }
  }

  /// Whether the scalar `value` (over 0x7F) is in a word, as ``scalarWords(_:)`` reads it: a
  /// ``SimpleText`` self-contained letter or number; false for a standalone punctuation mark or
  /// another self-contained scalar; nil for any other scalar. Its own function: the properties'
  /// type is set up only when it is called.
  @inline(never)
  private static func isSelfContainedLetterOrNumber(_ value: UInt32) -> Bool? {
    if SimpleText.isSelfContained(value), let scalar = Unicode.Scalar(value) {
      return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }
    return SimpleText.isStandalone(value) ? false : nil
  }

  /// A word's bytes lower-cased as ``scalarWords(_:)`` lower-cases them.
  @inline(never)
  private static func lowercasedWord(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> String {
    var word = ""
    for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
      if scalar.value < 0x80 {
        word.unicodeScalars.append(scalar.value >= 0x41 && scalar.value <= 0x5A ? Unicode.Scalar(UInt8(scalar.value) | 0x20) : scalar)
      } else {
        word += scalar.properties.lowercaseMapping
      }
    }
    return word
  }

  /// The service the words before a plain-text URL introduce ("To unsubscribe, go to:",
  /// "To change your subscription visit"), if any: the anchor-text phrases, and the ways a text
  /// footer words the same pages.
  static func service(forLeadIn leadIn: String) -> Service? {
    if let words = asciiWords(leadIn) {
      return firstPhrase(in: words, of: asciiPhrasesByFirstWord) ?? firstPhrase(in: words, of: asciiLeadInPhrasesByFirstWord)
    }
    let words = words(leadIn)
    return firstPhrase(in: words, of: phrasesByFirstWord) ?? firstPhrase(in: words, of: leadInPhrasesByFirstWord)
  }

  /// The service of the first phrase of `phrases` (indexed by first word) that `words` hold.
  ///
  /// - Complexity: O(*w*) for *w* words: only phrases starting with a word of the text are tried.
  private static func firstPhrase<Word: Hashable>(
    in words: [Word], of phrases: [Word: [(words: [Word], service: Service)]]
  ) -> Service? {
    for start in words.indices {
      for phrase in phrases[words[start]] ?? [] where words[start...].starts(with: phrase.words) {
        return phrase.service
      }
    }
    return nil
  }

  /// How text footers introduce service links, beyond the anchor texts.
  private static let leadInPhrases: [(text: String, service: Service)] = [
    ("to be removed", .unsubscribe), ("remove yourself", .unsubscribe), ("stop receiving", .unsubscribe),
    ("no longer wish to receive", .unsubscribe), ("no longer want to receive", .unsubscribe),
    ("change your subscription", .preferences), ("change your email address", .preferences),
    ("change your e mail address", .preferences), ("change your address", .preferences),
    ("update your subscription", .preferences), ("subscription options", .preferences),
    ("subscription changes", .preferences), ("manage your profile", .preferences),
    ("view this newsletter", .viewInBrowser), ("trouble viewing", .viewInBrowser), ("can t see this email", .viewInBrowser),
    ("cannot see this email", .viewInBrowser), ("ne s affiche pas correctement", .viewInBrowser),
  ]

  private static let leadInPhrasesByFirstWord: [String: [(words: [String], service: Service)]] = Dictionary(
    grouping: leadInPhrases.map { (words: words($0.text), service: $0.service) }, by: { $0.words[0] })

  /// ``texts`` split into words, indexed by their first word.
  private static let phrasesByFirstWord: [String: [(words: [String], service: Service)]] = Dictionary(
    grouping: texts.map { (words: words($0.text), service: $0.service) }, by: { $0.words[0] })

  /// The phrases of `byFirstWord` written in ASCII, as keys: the only ones ASCII text can hold.
  private static func asciiPhrases(
    _ byFirstWord: [String: [(words: [String], service: Service)]]
  ) -> [FoldedASCIIKey?: [(words: [FoldedASCIIKey?], service: Service)]] {
    let phrases = byFirstWord.values.joined().compactMap { phrase -> (words: [FoldedASCIIKey?], service: Service)? in
      let keys = phrase.words.map { FoldedASCIIKey($0.utf8) }
      return keys.contains(nil) ? nil : (keys, phrase.service)
    }
    // Each group keeps the order of the group it comes from: the first phrase listed wins where two start alike.
    return Dictionary(grouping: phrases, by: { $0.words[0] })
  }

  private static let asciiPhrasesByFirstWord = asciiPhrases(phrasesByFirstWord)
  /// The first words of ``phrasesByFirstWord`` written in ASCII, as keys.
  private static let phraseStarts = FoldedASCIIKeyTable(phrasesByFirstWord.keys.compactMap { word in
    FoldedASCIIKey(word.utf8).map { ($0, true) }
  })
  private static let asciiLeadInPhrasesByFirstWord = asciiPhrases(leadInPhrasesByFirstWord)

  /// The words of text in ASCII and ``SimpleText`` standalone scalars as keys (a word too long for a
  /// key is nil, which no phrase holds); nil for any other text. The words are
  /// ``words(_:)``'s, without a `String` each: such a separator is its own `Character`, never
  /// a letter or a number, and joins no neighbour into a grapheme cluster.
  private static func asciiWords(_ text: String) -> [FoldedASCIIKey?]? {
    var words = [FoldedASCIIKey?]()
    return forEachASCIIWord(of: text) { words.append($0) } ? words : nil
  }

  /// Calls `body` with each of ``asciiWords(_:)``, in order; false (after calling it for some
  /// words, or none) when the text is not of the scalars those words are made of.
  private static func forEachASCIIWord(of text: String, _ body: (FoldedASCIIKey?) -> Void) -> Bool {
    let scalars = text.unicodeScalars
    var start: String.Index?
    for index in scalars.indices {
      let value = scalars[index].value
      guard value < 0x80 || SimpleText.isStandalone(value) else { return false }
      let inWord =
        (value >= 0x61 && value <= 0x7A) || (value >= 0x41 && value <= 0x5A) || (value >= 0x30 && value <= 0x39)
      if inWord, start == nil { start = index }
      if !inWord, let wordStart = start {
        body(FoldedASCIIKey(text.utf8[wordStart..<index]))
        start = nil
      }
    }
    if let wordStart = start { body(FoldedASCIIKey(text.utf8[wordStart...])) }
    return true
  }

  /// Lower-case words; punctuation separates them.
  ///
  /// Text in ASCII, accented Latin, Greek, Cyrillic, CJK, Hangul and common punctuation, nearly
  /// every anchor text, is split over its scalars (``scalarWords(_:)``); other text by
  /// `Character` (so a letter with a combining accent stays in its word).
  static func words(_ text: String) -> [String] {
    scalarWords(text) ?? text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
  }

  /// ``words(_:)`` of text written in ASCII and ``SimpleText`` self-contained and standalone
  /// scalars, without making `Character`s; nil for any other text. Each of these scalars is a
  /// `Character` of its own, a letter or
  /// number exactly when it is alphabetic or numeric, and lower-cased by its own mapping, so
  /// the words are those the `Character` split finds (CR LF, one `Character`, separates as two
  /// scalars do).
  private static func scalarWords(_ text: String) -> [String]? {
    var words = [String]()
    var word = ""
    for scalar in text.unicodeScalars {
      let value = scalar.value
      let inWord: Bool
      if value < 0x80 {
        inWord = (value >= 0x61 && value <= 0x7A) || (value >= 0x41 && value <= 0x5A) || (value >= 0x30 && value <= 0x39)
      } else if SimpleText.isSelfContained(value) {
        inWord = scalar.properties.isAlphabetic || scalar.properties.numericType != nil
      } else if SimpleText.isStandalone(value) {
        inWord = false
      } else {
        return nil
      }
      if inWord {
        if value < 0x80 {
          word.unicodeScalars.append(value >= 0x41 && value <= 0x5A ? Unicode.Scalar(UInt8(value) | 0x20) : scalar)
        } else {
          word += scalar.properties.lowercaseMapping
        }
      } else if !word.isEmpty {
        words.append(word)
        word = ""
      }
    }
    if !word.isEmpty { words.append(word) }
    return words
  }
}

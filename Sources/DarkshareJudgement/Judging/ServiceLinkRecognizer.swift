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

  /// Path segments (lower-case) that mark a service page.
  private static let pathSegments: [String: Service] = [
    "unsubscribe": .unsubscribe, "unsub": .unsubscribe, "optout": .unsubscribe,
    "opt-out": .unsubscribe, "opt_out": .unsubscribe, "preferences": .preferences,
    "email-preferences": .preferences, "preference-center": .preferences,
    "manage-preferences": .preferences, "subscription-center": .preferences,
    "view-in-browser": .viewInBrowser, "viewinbrowser": .viewInBrowser,
    "webversion": .viewInBrowser, "web-version": .viewInBrowser, "view-online": .viewInBrowser,
    "viewemail": .viewInBrowser,
    // Other languages' path words (es, fr, de, pt, it, nl).
    "darse-de-baja": .unsubscribe, "baja": .unsubscribe, "desuscribir": .unsubscribe, "desuscribirse": .unsubscribe,
    "desabonnement": .unsubscribe, "desinscription": .unsubscribe, "abmelden": .unsubscribe,
    "abbestellen": .unsubscribe, "descadastrar": .unsubscribe, "disiscrizione": .unsubscribe,
    "afmelden": .unsubscribe, "uitschrijven": .unsubscribe, "preferencias": .preferences,
    "preferences-email": .preferences, "praeferenzen": .preferences, "voorkeuren": .preferences,
  ]

  /// Anchor texts (lower-case) that mark a service link, in the main languages of e-mail:
  /// English, Spanish, French, German, Portuguese, Italian and Dutch. Matched as whole words,
  /// so each phrase is specific enough not to catch ordinary copy.
  private static let texts: [(text: String, service: Service)] = [
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
    let squeezed = String(name.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) })
    return tagWords.first { squeezed.containsBytes(of: $0.word) }?.service
  }

  /// The service a URL's host and path point at, if any.
  static func service(host: String?, path: String) -> Service? {
    if let host, host.hasSuffix("campaign-archive.com") { return .viewInBrowser }
    for segment in path.lowercased().split(separator: "/") {
      if let service = pathSegments[String(segment)] { return service }
    }
    return nil
  }

  /// The service an anchor text names, if any. Whole words only: "interview online" does not
  /// say "view online".
  ///
  /// - Complexity: O(*w*) for *w* words: only phrases starting with a word of the text are tried.
  static func service(forText text: String) -> Service? {
    let words = words(text)
    for start in words.indices {
      for phrase in phrasesByFirstWord[words[start]] ?? [] where words[start...].starts(with: phrase.words) {
        return phrase.service
      }
    }
    return nil
  }

  /// ``texts`` split into words, indexed by their first word.
  private static let phrasesByFirstWord: [String: [(words: [String], service: Service)]] = Dictionary(
    grouping: texts.map { (words: words($0.text), service: $0.service) }, by: { $0.words[0] })

  /// Lower-case words; punctuation separates them.
  private static func words(_ text: String) -> [String] {
    text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
  }
}

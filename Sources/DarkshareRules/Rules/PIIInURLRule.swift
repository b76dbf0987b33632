import DarkshareCore
import DarkshareJudgement
import Foundation

/// Flags e-mail addresses and phone numbers inside a URL.
struct PIIInURLRule: Rule {
  static let description = RuleDescription(
    identifier: "pii-in-url",
    name: "Personal Data in URL",
    summary: "The URL contains an e-mail address or a phone number.",
    rationale: """
      A URL travels to the site's logs, to analytics, to every redirect in between and, when \
      forwarded, to whoever receives it. Personal data in it is a privacy breach (and Google \
      Analytics' terms forbid sending it). Identify recipients with an opaque id on your own \
      side, or not at all.
      """,
    defaultSeverity: .error,
    triggeringExamples: [
      #"<a href="↓https://shop.example/welcome?email=jane%40example.com">Hi</a>"#,
      #"<a href="↓https://shop.example/call?phone=%2B14155550123">Call</a>"#,
      #"<a href="↓https://shop.example/account?email=*|EMAIL|*">Your account</a>"#,
    ],
    nonTriggeringExamples: [
      #"<a href="https://shop.example/?utm_source=nl&amp;utm_medium=email&amp;utm_campaign=2026-05-14">Shop</a>"#,
      #"<a href="mailto:jane@example.com">Mail</a>"#,
    ])

  private static let email = try! NSRegularExpression(
    pattern: #"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"#)
  private static let phone = try! NSRegularExpression(pattern: #"(?:^|[^0-9A-Za-z])\+[0-9][0-9 ().-]{7,18}[0-9]"#)
  private static let phoneKeys: Set<String> = ["phone", "tel", "telephone", "mobile", "msisdn", "cell", "phone_number"]

  func check(_ link: JudgedLink, in context: RuleContext) -> [Finding] {
    guard link.isOutbound else { return [] }
    let decoded = PercentDecoding.decode(link.judgedURL.string)
    var found = [String]()
    // The regular expressions are the costly part; run each only where its anchor character is.
    let hasAt = decoded.utf8.contains(UInt8(ascii: "@"))
    let hasPlus = decoded.utf8.contains(UInt8(ascii: "+"))
    if hasAt, let match = Self.firstMatch(Self.email, in: decoded) { found.append("an e-mail address ('\(match)')") }
    if hasPlus, let match = Self.firstMatch(Self.phone, in: decoded) {
      found.append("a phone number ('\(match.trimmingCharacters(in: CharacterSet(charactersIn: "+0123456789").inverted))')")
    } else if let parameter = link.attribution.parameters.first(where: {
      Self.phoneKeys.contains($0.key.lowercased()) && ($0.value ?? "").filter(\.isNumber).count >= 7
    }) {
      found.append("a phone number in '\(parameter.key)'")
    }
    // A tag still in sent mail carried no one's details (`unrendered-merge-tag` reports it).
    if !link.link.isSent, let tag = link.judgedURL.mergeTags.first(where: { Self.isPersonalDataTag($0.name) }) {
      found.append("a merge tag that fills in the recipient's contact details ('\(tag.name)')")
    }
    guard !found.isEmpty else { return [] }
    return [finding(link, "the URL contains \(found.joined(separator: " and ")); remove it", in: context)]
  }

  /// `*|EMAIL|*`, `{{ contact.email }}`, `%%emailaddr%%`, `{{ phone_number }}`: tags that render
  /// an address or a number.
  private static func isPersonalDataTag(_ name: String) -> Bool {
    let lowered = name.lowercased()
    return ["email", "e-mail", "phone", "mobile"].contains { lowered.containsBytes(of: $0) }
  }

  private static func firstMatch(_ regex: NSRegularExpression, in text: String) -> String? {
    let range = NSRange(text.startIndex..., in: text)
    guard let match = regex.firstMatch(in: text, range: range), let found = Range(match.range, in: text) else {
      return nil
    }
    return String(text[found])
  }
}

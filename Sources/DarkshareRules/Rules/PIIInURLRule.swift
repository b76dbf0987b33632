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

  func check(_ link: JudgedLink, in context: RuleContext) -> [Finding] {
    guard link.isOutbound else { return [] }
    let written = link.judgedURL.string
    // Decoded only when the decoding could hold an address or a number (nearly no URL does).
    let decoded = PersonalData.mayHoldAddressOrNumber(onceDecoded: written) ? PercentDecoding.decode(written) : ""
    var found = [String]()
    if let match = PersonalData.emailAddress(in: decoded) { found.append("an e-mail address ('\(match)')") }
    if let match = PersonalData.phoneNumber(in: decoded) {
      found.append("a phone number ('\(match.trimmingCharacters(in: CharacterSet(charactersIn: "+0123456789").inverted))')")
    } else if let parameter = link.attribution.parameters.first(where: PersonalData.isPhoneParameter) {
      found.append("a phone number in '\(parameter.key)'")
    }
    // A tag still in sent mail carried no one's details (`unrendered-merge-tag` reports it).
    if !link.link.isSent, let tag = link.judgedURL.mergeTags.first(where: { PersonalData.isPersonalDataTag($0.name) }) {
      found.append("a merge tag that fills in the recipient's contact details ('\(tag.name)')")
    }
    guard !found.isEmpty else { return [] }
    // The suggestion (URLRepair) leaves out what this rule found, so it is the fix the message asks for.
    return [
      finding(
        link, "the URL contains \(found.joined(separator: " and ")); remove it",
        suggestion: URLRepair.repaired(link, in: context), in: context)
    ]
  }
}

import DarkshareCore
import DarkshareJudgement
import Foundation

/// Masks per-recipient values in a result (`--redact`), so an audit of real sends can be
/// shared and committed: the values of recipient-id parameters (`mc_eid`, `_hsenc`, `mkt_tok`,
/// … — every `recipient id` of the tracking-parameter reference), e-mail addresses (also
/// `%40`-encoded) and phone numbers, in URLs, destinations, anchor texts, messages and
/// suggestions. Parameter names, statuses and rules are kept, so the report still says what
/// is wrong.
///
/// ```
/// https://shop.example/?mc_eid=5a1b2c3d&email=jane%40example.com
/// → https://shop.example/?mc_eid=REDACTED&email=[email]
/// ```
public struct Redactor: Sendable {
  private let recipientParameters: NSRegularExpression
  private let email: NSRegularExpression
  private let phone: NSRegularExpression

  public init() {
    let names = TrackingParameter.all.filter { $0.kind == .recipientIdentifier }.map { parameter in
      NSRegularExpression.escapedPattern(for: parameter.name) + (parameter.matchesPrefix ? "[^=&#\\s]*" : "")
    }
    // Force-try: the patterns are built here from escaped names and are always valid.
    recipientParameters = try! NSRegularExpression(pattern: "(^|[?&#;])(\(names.joined(separator: "|")))=[^&#\\s\"'<>]*")
    email = try! NSRegularExpression(pattern: #"[A-Za-z0-9._%+-]+(?:@|%40)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"#)
    phone = try! NSRegularExpression(pattern: #"(?:\+|%2B)[0-9][0-9 ().-]{7,18}[0-9]"#)
  }

  /// Masks one string.
  public func redact(_ text: String) -> String {
    var result = replace(recipientParameters, in: text, with: "$1$2=REDACTED")
    result = replace(email, in: result, with: "[email]")
    return replace(phone, in: result, with: "[phone]")
  }

  /// `result` with every per-recipient value masked.
  public func redact(_ result: FileResult) -> FileResult {
    var redacted = result
    for index in redacted.links.indices {
      var audited = redacted.links[index]
      audited.link.url = redact(audited.link.url)
      audited.link.text = audited.link.text.map(redact)
      audited.destination = audited.destination.map(redact)
      for finding in audited.findings.indices {
        audited.findings[finding].message = redact(audited.findings[finding].message)
        audited.findings[finding].suggestion = audited.findings[finding].suggestion.map(redact)
      }
      redacted.links[index] = audited
    }
    return redacted
  }

  private func replace(_ regex: NSRegularExpression, in text: String, with template: String) -> String {
    regex.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: template)
  }
}

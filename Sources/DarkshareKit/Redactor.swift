import DarkshareCore
import DarkshareJudgement
import Foundation

/// Masks personal data in a result (`--redact`), so an audit of real sends can be shared and
/// committed. Every field a report prints goes through it: URLs, destinations, redirect hops,
/// anchor texts, finding messages and suggestions, input errors, the labels of archive entries
/// (`chat.zip!/WhatsApp Chat with Jane Doe.txt`), and the message context (sender, subject,
/// Message-ID). What it masks:
///
/// - the values of recipient-id parameters (`mc_eid`, `_hsenc`, `mkt_tok`, … — every
///   `recipient id` of the tracking-parameter reference) and of phone parameters (`phone`,
///   `tel`, `mobile`, … — the keys `pii-in-url` reads);
/// - e-mail addresses (also `%40`-encoded) and international phone numbers (`+44 7700 900123`,
///   `%2B…`) anywhere; the number of a `tel:`/`sms:` link and of a `wa.me/NUMBER` link;
/// - national phone numbers (`07700 900123`, `(415) 555-0123`, `415-555-0123`) in free text
///   (subjects, anchor texts, errors), where they cannot be part of a URL's own structure;
/// - the sender: a message's `from` is always a person or their address, so it is masked whole
///   by kind: `Jane Doe <jane@example.com>` → `[name] <[email]>`, an SMS address or a WhatsApp
///   sender saved without a name → `[phone]`, a WhatsApp or Telegram sender name, an SMS
///   `contact_name` or a CSV `from` that is neither → `[name]`;
/// - contact names: each sender name seen so far in the run (three characters or more) is also
///   masked wherever it appears as whole words, whatever separates them (a subject `Jane Doe,
///   your order`, an anchor text, an entry label, `utm_campaign=jane-doe` in a suggestion).
///
/// Parameter names, statuses, rules, dates, files and positions are kept, so the report still
/// says what is wrong and where.
///
/// ```
/// https://shop.example/?mc_eid=5a1b2c3d&email=jane%40example.com&phone=07700900123
/// → https://shop.example/?mc_eid=REDACTED&email=[email]&phone=[phone]
/// ```
public struct Redactor: Sendable {
  private let recipientParameters: NSRegularExpression
  private let phoneParameters: NSRegularExpression
  private let email: NSRegularExpression
  private let phone: NSRegularExpression
  private let nationalPhone: NSRegularExpression
  private let numberLinks: NSRegularExpression
  /// The contact names seen in senders so far, by their first word (lowercased).
  private var names: [String: [Name]] = [:]
  private var nameCount = 0
  /// The last archive-entry label masked, so every part of one input keeps one label.
  private var label: (file: String, redacted: String)?
  /// At most this many names are remembered: enough for any address book, bounded for an archive.
  static let nameLimit = 20_000

  public init() {
    let names = TrackingParameter.all.filter { $0.kind == .recipientIdentifier }.map { parameter in
      NSRegularExpression.escapedPattern(for: parameter.name) + (parameter.matchesPrefix ? "[^=&#\\s]*" : "")
    }
    // Force-try: the patterns are built here from escaped names and are always valid.
    recipientParameters = try! NSRegularExpression(pattern: "(^|[?&#;])(\(names.joined(separator: "|")))=[^&#\\s\"'<>]*")
    phoneParameters = try! NSRegularExpression(
      pattern: "(?i)(^|[?&#;])(\(PersonalData.phoneKeys.sorted().joined(separator: "|")))=[^&#\\s\"'<>]*")
    email = try! NSRegularExpression(pattern: #"[A-Za-z0-9._%+-]+(?:@|%40)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"#)
    phone = try! NSRegularExpression(pattern: #"(?:\+|%2B)[0-9][0-9 ().-]{7,18}[0-9]"#)
    nationalPhone = try! NSRegularExpression(
      pattern: #"(?<![0-9A-Za-z])(?:\(?0[0-9]{2,4}\)?[ .-]?[0-9]{3,4}[ .-]?[0-9]{3,4}|\([0-9]{3}\) ?[0-9]{3}[ .-][0-9]{4}|[0-9]{3}[.-][0-9]{3}[.-][0-9]{4})(?![0-9A-Za-z])"#
    )
    numberLinks = try! NSRegularExpression(pattern: #"(?i)\b(tel:|sms:|callto:|wa\.me/)\+?[0-9][0-9 ().%-]*"#)
  }

  /// Masks the addresses, numbers, ids and contact names seen so far in one string (a URL or
  /// any text).
  public func redact(_ text: String) -> String {
    var result = replace(recipientParameters, in: text, with: "$1$2=REDACTED")
    result = replace(phoneParameters, in: result, with: "$1$2=[phone]")
    result = replace(numberLinks, in: result, with: "$1[phone]")
    result = replace(email, in: result, with: "[email]")
    return maskingNames(in: replace(phone, in: result, with: "[phone]"))
  }

  /// Masks free text (a subject, an anchor text, an error): as ``redact(_:)-(String)``, plus
  /// national phone numbers, which in a URL could be any number.
  public func redactText(_ text: String) -> String {
    replace(nationalPhone, in: redact(text), with: "[phone]")
  }

  /// A contact name and the pattern that finds it as whole words, whatever separates them
  /// (`Dave Dunn`, `dave+dunn`, `dave%20dunn`, `dave-dunn` in a suggested campaign value).
  private struct Name: Sendable {
    var text: String
    var pattern: NSRegularExpression
  }

  private func maskingNames(in text: String) -> String {
    guard !names.isEmpty else { return text }
    // Look up only the names that start with one of the text's words, longest first.
    let words = Set(text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init))
    var result = text
    for name in words.flatMap({ names[$0] ?? [] }).sorted(by: { $0.text.count > $1.text.count }) {
      result = replace(name.pattern, in: result, with: "[name]")
    }
    return result
  }

  /// A sender (`from`) masked whole, by kind: `[name] <[email]>`, `[email]`, `[phone]` or `[name]`.
  public func redactSender(_ from: String) -> String {
    let trimmed = from.trimmingCharacters(in: .whitespaces)
    if matches(email, trimmed) {
      let rest = Self.displayName(in: replace(email, in: trimmed, with: ""))
      return rest.isEmpty ? "[email]" : "[name] <[email]>"
    }
    if Self.isPhoneNumber(trimmed) { return "[phone]" }
    return trimmed.isEmpty ? trimmed : "[name]"
  }

  /// `result` with every personal value masked; the contact names of its senders are
  /// remembered and masked in free text from now on.
  public mutating func redact(_ result: FileResult) -> FileResult {
    for audited in result.links {
      if let from = audited.link.message?.from { remember(from) }
    }
    var redacted = result
    redacted.file = redactFile(result.file)
    redacted.error = result.error.map(redactText)
    for index in redacted.links.indices {
      var audited = redacted.links[index]
      audited.link.url = redact(audited.link.url)
      audited.link.location.file = redactFile(audited.link.location.file)
      audited.link.text = audited.link.text.map(redactText)
      audited.link.message = audited.link.message.map(redact)
      audited.destination = audited.destination.map(redact)
      audited.hops = audited.hops.map(redact)
      audited.resolutionError = audited.resolutionError.map(redactText)
      for finding in audited.findings.indices {
        audited.findings[finding].location.file = redactFile(audited.findings[finding].location.file)
        audited.findings[finding].message = redactText(audited.findings[finding].message)
        audited.findings[finding].suggestion = audited.findings[finding].suggestion.map(redact)
      }
      redacted.links[index] = audited
    }
    return redacted
  }

  /// A message's context: sender masked whole, subject and Message-ID as free text; the index
  /// and the date are kept.
  public func redact(_ message: MessageContext) -> MessageContext {
    var redacted = message
    redacted.from = message.from.map(redactSender)
    redacted.subject = message.subject.map(redactText)
    redacted.id = message.id.map(redactText)
    return redacted
  }

  /// The path as given, but the label of an archive entry (after `!/`) masked as free text:
  /// the path on disk is the user's own and reports point at it.
  private mutating func redactFile(_ file: String) -> String {
    guard let marker = file.range(of: "!/") else { return file }
    if let label, label.file == file { return label.redacted }
    let redacted = String(file[..<marker.upperBound]) + redactText(String(file[marker.upperBound...]))
    label = (file, redacted)
    return redacted
  }

  private mutating func remember(_ from: String) {
    var name = from.trimmingCharacters(in: .whitespaces)
    if matches(email, name) { name = Self.displayName(in: replace(email, in: name, with: "")) }
    // Two letters or fewer would mask parts of ordinary words.
    let words = name.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
    guard name.count >= 3, !Self.isPhoneNumber(name), nameCount < Self.nameLimit, let first = words.first,
      !(names[first] ?? []).contains(where: { $0.text.caseInsensitiveCompare(name) == .orderedSame })
    else { return }
    let separator = #"(?:[^\p{L}\p{N}]|%[0-9A-Fa-f]{2})+"#
    let body = words.map(NSRegularExpression.escapedPattern(for:)).joined(separator: separator)
    guard let pattern = try? NSRegularExpression(pattern: #"(?i)(?<![\p{L}\p{N}])"# + body + #"(?![\p{L}\p{N}])"#) else { return }
    names[first, default: []].append(Name(text: name, pattern: pattern))
    nameCount += 1
  }

  /// What is left of a `From` header once its address is taken out: the display name,
  /// without quotes, brackets or surrounding spaces.
  private static func displayName(in rest: String) -> String {
    rest.trimmingCharacters(in: CharacterSet(charactersIn: " \t\"'<>()[]"))
  }

  /// Digits with the separators numbers are written with, and at least five digits.
  private static func isPhoneNumber(_ text: String) -> Bool {
    let allowed = CharacterSet(charactersIn: "0123456789+-(). /")
    return text.unicodeScalars.allSatisfy(allowed.contains) && text.filter(\.isNumber).count >= 5
  }

  private func matches(_ regex: NSRegularExpression, _ text: String) -> Bool {
    regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
  }

  private func replace(_ regex: NSRegularExpression, in text: String, with template: String) -> String {
    regex.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: template)
  }
}

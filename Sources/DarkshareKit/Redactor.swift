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
/// says what is wrong and where. A suggestion that had to be masked is no longer offered as a
/// fix (SARIF `fixes`): applied, it would write the mask into the template.
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
  /// The contact names seen in senders so far, as their lowercased words, by their first word.
  private var names: [String: [[String]]] = [:]
  /// The hashes of the names' first words, to pass over texts that hold none quickly.
  private var firstWords: Set<UInt64> = []
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
    maskingNames(in: redactingPatterns(text))
  }

  /// Masks what the patterns find in one string (addresses, numbers, ids), not contact names:
  /// the same text gives the same result whatever the run has seen, so it can be a key that
  /// another run computes again (a redacted baseline).
  public func redactingPatterns(_ text: String) -> String {
    // The regular expressions are the costly part: each runs only where its anchor is.
    var marks = Marks()
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "="): marks.equals = true
      case UInt8(ascii: "@"): marks.at = true
      case UInt8(ascii: "+"): marks.plus = true
      case UInt8(ascii: "%"): marks.percent = true
      case UInt8(ascii: ":"), UInt8(ascii: "/"): marks.colonOrSlash = true
      default: break
      }
    }
    var result = text
    if marks.equals {
      result = replace(recipientParameters, in: result, with: "$1$2=REDACTED")
      result = replace(phoneParameters, in: result, with: "$1$2=[phone]")
    }
    if marks.colonOrSlash { result = replace(numberLinks, in: result, with: "$1[phone]") }
    if marks.at || marks.percent { result = replace(email, in: result, with: "[email]") }
    if marks.plus || marks.percent { result = replace(phone, in: result, with: "[phone]") }
    return result
  }

  /// Which anchor characters of the patterns a text holds.
  private struct Marks {
    var equals = false
    var at = false
    var plus = false
    var percent = false
    var colonOrSlash = false
  }

  /// Masks free text (a subject, an anchor text, an error): as ``redact(_:)-(String)``, plus
  /// national phone numbers, which in a URL could be any number.
  public func redactText(_ text: String) -> String {
    let result = redact(text)
    // A national number has at least nine digits.
    guard result.utf8.lazy.filter({ $0 >= 0x30 && $0 <= 0x39 }).count >= 9 else { return result }
    return replace(nationalPhone, in: result, with: "[phone]")
  }

  private func maskingNames(in text: String) -> String {
    guard !names.isEmpty, mayHoldName(text) else { return text }
    let scalars = Array(text.unicodeScalars)
    let words = Self.words(in: scalars)
    var result = String.UnicodeScalarView()
    var copied = 0
    var index = 0
    while index < words.count {
      // The longest name whose words follow one another from here.
      let length = (names[words[index].text] ?? []).lazy.filter { name in
        index + name.count <= words.count && name.indices.allSatisfy { words[index + $0].text == name[$0] }
      }.map(\.count).max()
      guard let length else {
        index += 1
        continue
      }
      result.append(contentsOf: scalars[copied..<words[index].range.lowerBound])
      result.append(contentsOf: "[name]".unicodeScalars)
      copied = words[index + length - 1].range.upperBound
      index += length
    }
    guard copied > 0 else { return text }
    result.append(contentsOf: scalars[copied...])
    return String(result)
  }

  /// Whether an ASCII text has a word that starts a known name (always true for other text):
  /// most texts are URLs that hold none, and this looks at their bytes without allocating.
  private func mayHoldName(_ text: String) -> Bool {
    let bytes = text.utf8
    guard bytes.isAllASCII else { return true }
    func isHex(_ byte: UInt8) -> Bool {
      (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66)
    }
    var hash = Self.hashSeed
    var inWord = false
    var index = bytes.startIndex
    while index != bytes.endIndex {
      let byte = bytes[index]
      let lowered = byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
      if (lowered >= 0x61 && lowered <= 0x7A) || (byte >= 0x30 && byte <= 0x39) {
        hash = (hash ^ UInt64(lowered)) &* Self.hashPrime
        inWord = true
        index = bytes.index(after: index)
        continue
      }
      if inWord, firstWords.contains(hash) { return true }
      inWord = false
      hash = Self.hashSeed
      index = bytes.index(after: index)
      // A percent escape separates words, as in ``words(in:)``: its two digits are not a word.
      if byte == UInt8(ascii: "%"), index != bytes.endIndex, isHex(bytes[index]) {
        let second = bytes.index(after: index)
        if second != bytes.endIndex, isHex(bytes[second]) { index = bytes.index(after: second) }
      }
    }
    return inWord && firstWords.contains(hash)
  }

  private static let hashSeed: UInt64 = 0xcbf2_9ce4_8422_2325
  private static let hashPrime: UInt64 = 0x100_0000_01b3

  /// The FNV-1a hash of a lowercased ASCII word, as ``mayHoldName(_:)`` computes it.
  private static func hash(_ word: String) -> UInt64 {
    word.utf8.reduce(hashSeed) { ($0 ^ UInt64($1)) &* hashPrime }
  }

  /// The words of a text, lowercased: runs of letters and digits. Anything else separates
  /// them, and so does a percent escape (`dave%20dunn` is two words).
  private static func words(in scalars: [Unicode.Scalar]) -> [(range: Range<Int>, text: String)] {
    func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
      scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }
    func isEscape(at index: Int) -> Bool {
      scalars[index] == "%" && index + 2 < scalars.count && scalars[index + 1].properties.isASCIIHexDigit
        && scalars[index + 2].properties.isASCIIHexDigit
    }
    var words = [(range: Range<Int>, text: String)]()
    var index = 0
    while index < scalars.count {
      if isEscape(at: index) {
        index += 3
      } else if isWordScalar(scalars[index]) {
        let start = index
        while index < scalars.count, isWordScalar(scalars[index]) { index += 1 }
        words.append((start..<index, String(String.UnicodeScalarView(scalars[start..<index])).lowercased()))
      } else {
        index += 1
      }
    }
    return words
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
    var last: String?
    for audited in result.links {
      // Consecutive links mostly share their message: look at each sender once.
      guard let from = audited.link.message?.from, from != last else { continue }
      last = from
      remember(from)
    }
    var redacted = result
    redacted.file = redactFile(result.file)
    redacted.error = result.error.map(redactText)
    var message: (original: MessageContext, redacted: MessageContext)?
    for index in redacted.links.indices {
      var audited = redacted.links[index]
      audited.link.url = redact(audited.link.url)
      audited.link.location.file = redactFile(audited.link.location.file)
      audited.link.text = audited.link.text.map(redactText)
      if let context = audited.link.message {
        // The links of one message follow one another: mask its context once.
        if message?.original != context { message = (context, redact(context)) }
        audited.link.message = message?.redacted
      }
      audited.destination = audited.destination.map(redact)
      audited.hops = audited.hops.map(redact)
      audited.resolutionError = audited.resolutionError.map(redactText)
      for finding in audited.findings.indices {
        audited.findings[finding].location.file = redactFile(audited.findings[finding].location.file)
        audited.findings[finding].message = redactText(audited.findings[finding].message)
        let suggestion = audited.findings[finding].suggestion
        audited.findings[finding].suggestion = suggestion.map(redact)
        // A masked suggestion is for reading: where the URL ends is forgotten, so no report
        // offers it as a fix that would write `REDACTED` or `[name]` into the template.
        if audited.findings[finding].suggestion != suggestion { audited.link.urlEnd = nil }
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
    let words = Self.words(in: Array(name.unicodeScalars)).map(\.text)
    guard name.count >= 3, !Self.isPhoneNumber(name), nameCount < Self.nameLimit, let first = words.first,
      !(names[first] ?? []).contains(words)
    else { return }
    names[first, default: []].append(words)
    firstWords.insert(Self.hash(first))
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

import DarkshareCore
import Foundation

/// What counts as personal data in a URL: e-mail addresses, phone numbers, and merge tags that
/// render them. One definition for the rule that reports it (`pii-in-url`), the suggestion
/// that must leave it out, and `--redact`, so the three never disagree.
public enum PersonalData {
  /// Query keys whose value is a phone number when it holds seven digits or more.
  public static let phoneKeys: Set<String> = ["phone", "tel", "telephone", "mobile", "msisdn", "cell", "phone_number"]
  /// ``phoneKeys`` as keys an ASCII parameter name is looked up by, without lower-casing it.
  private static let phoneKeyKeys = FoldedASCIIKeyTable(words: phoneKeys)

  // Force-try: constant patterns.
  static let emailPattern = #"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"#
  static let phonePattern = #"(?:^|[^0-9A-Za-z])\+[0-9][0-9 ().-]{7,18}[0-9]"#
  private static let email = try! NSRegularExpression(pattern: emailPattern)
  private static let phone = try! NSRegularExpression(pattern: phonePattern)

  /// The first e-mail address in decoded text.
  public static func emailAddress(in text: String) -> String? {
    // The regular expressions are the costly part (and the first one compiled in a process
    // initialises ICU's engine): run each only where its anchor could match.
    guard Anchors.mayHoldEmail(text, encoded: false) else { return nil }
    return firstMatch(email, in: text)
  }

  /// Whether `text`, percent-decoded once, may hold what ``emailAddress(in:)`` and
  /// ``phoneNumber(in:)`` look for: both need an `@` or a `+`, which decoding makes only of
  /// `%40` and `%2B`. False (nearly every URL) lets a caller skip the decoding.
  public static func mayHoldAddressOrNumber(onceDecoded text: String) -> Bool {
    var text = text
    let candidates = addressOrNumberBytes
    return text.withUTF8 { bytes in
      // The bytes in between (nearly all of them) are passed over with a table load each.
      var start = 0
      while let index = candidates.firstIndex(in: bytes, from: start) {
        start = index + 1
        // `@` or `+`; a `%` may start `%40` or `%2B`.
        guard bytes[index] == UInt8(ascii: "%") else { return true }
        guard index + 2 < bytes.count else { continue }
        let high = bytes[index + 1]
        let low = bytes[index + 2] | 0x20
        if high == UInt8(ascii: "4") && low == UInt8(ascii: "0") || high == UInt8(ascii: "2") && low == UInt8(ascii: "b") {
          return true
        }
      }
      return false
    }
  }

  /// `@`, `+` and `%`.
  private static let addressOrNumberBytes = ByteSet { $0 == UInt8(ascii: "@") || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "%") }

  /// The first international phone number (`+` and 9 to 20 digits and separators) in decoded
  /// text, with the character before the `+`, if any.
  public static func phoneNumber(in text: String) -> String? {
    guard Anchors.mayHoldPhone(text, encoded: false) else { return nil }
    return firstMatch(phone, in: text)
  }

  /// Whether `parameter` is a phone parameter (`phone=07700900123`) by its key and digits.
  public static func isPhoneParameter(_ parameter: QueryParameter) -> Bool {
    let isPhoneKey = FoldedASCIIKey(parameter.key.utf8).map(phoneKeyKeys.contains) ?? phoneKeys.contains(parameter.key.lowercased())
    return isPhoneKey && (parameter.value ?? "").filter(\.isNumber).count >= 7
  }

  /// `*|EMAIL|*`, `{{ contact.email }}`, `%%emailaddr%%`, `{{ phone_number }}`: a tag name that
  /// renders an address or a number.
  public static func isPersonalDataTag(_ name: String) -> Bool {
    let lowered = name.lowercased()
    return ["email", "e-mail", "phone", "mobile"].contains { lowered.containsBytes(of: $0) }
  }

  /// Whether a query or fragment parameter carries personal data: an address or number in its
  /// decoded value, a phone key with a number, or (in a template, not in sent mail, where the
  /// tag reached no one filled in) a merge tag that renders contact details.
  public static func isPersonal(_ parameter: QueryParameter, inTemplate: Bool) -> Bool {
    // `+` is a space to analytics but stays `+` to the rule's reading of the whole URL: try both.
    let values = [parameter.value ?? "", PercentDecoding.decode(parameter.rawValue ?? ""), parameter.key]
    if values.contains(where: { emailAddress(in: $0) != nil || phoneNumber(in: $0) != nil }) || isPhoneParameter(parameter) {
      return true
    }
    return inTemplate && parameter.valueIsPlaceholder && isPersonalDataTag(parameter.rawValue ?? "")
  }

  /// `text` (a URL's path or fragment, as written) with every address and international
  /// number, plain or percent-encoded, replaced by `REMOVED`.
  public static func removing(from text: String) -> String {
    var result = text
    if Anchors.mayHoldEmail(result, encoded: true) {
      result = encodedEmail.stringByReplacingMatches(
        in: result, range: NSRange(result.startIndex..., in: result), withTemplate: "REMOVED")
    }
    if Anchors.mayHoldPhone(result, encoded: true) {
      result = encodedPhone.stringByReplacingMatches(
        in: result, range: NSRange(result.startIndex..., in: result), withTemplate: "$1REMOVED")
    }
    return result
  }

  /// What the patterns need around their anchor character, checked on bytes: text without it
  /// cannot match, so the regular expression is not run. (The patterns' classes are ASCII; a
  /// byte of a multibyte character is never in them, as the character is not.)
  enum Anchors {
    /// An `@` (or `%40` when `encoded`) between a byte of `[A-Za-z0-9._%+-]` and one of
    /// `[A-Za-z0-9-]`, as both address patterns require.
    static func mayHoldEmail(_ text: String, encoded: Bool) -> Bool {
      // Nearly no URL holds an `@`: said by one `memchr` before the byte-by-byte look.
      guard holds(text, UInt8(ascii: "@")) || encoded && holds(text, UInt8(ascii: "%")) else { return false }
      var utf8 = text.utf8.makeIterator()
      var previous: UInt8 = 0
      var window: (UInt8, UInt8, UInt8) = (0, 0, 0)  // the three bytes before the current one
      while let byte = utf8.next() {
        if window.2 == UInt8(ascii: "@"), isLocalPart(window.1), isDomain(byte) { return true }
        if encoded, window == (UInt8(ascii: "%"), UInt8(ascii: "4"), UInt8(ascii: "0")), isLocalPart(previous), isDomain(byte) {
          return true
        }
        previous = window.0
        window = (window.1, window.2, byte)
      }
      return false
    }

    /// A `+` (or `%2B`/`%2b` when `encoded`) followed by an ASCII digit, as both phone patterns
    /// require.
    static func mayHoldPhone(_ text: String, encoded: Bool) -> Bool {
      guard holds(text, UInt8(ascii: "+")) || encoded && holds(text, UInt8(ascii: "%")) else { return false }
      var utf8 = text.utf8.makeIterator()
      var window: (UInt8, UInt8, UInt8) = (0, 0, 0)
      while let byte = utf8.next() {
        if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
          if window.2 == UInt8(ascii: "+") { return true }
          if encoded, window.0 == UInt8(ascii: "%"), window.1 == UInt8(ascii: "2"), window.2 | 0x20 == UInt8(ascii: "b") {
            return true
          }
        }
        window = (window.1, window.2, byte)
      }
      return false
    }

    /// Whether `text`'s UTF-8 holds `byte`.
    private static func holds(_ text: String, _ byte: UInt8) -> Bool {
      text.utf8.withContiguousStorageIfAvailable { buffer in
        buffer.firstIndex(of: byte, in: 0..<buffer.count) != nil
      } ?? text.utf8.contains(byte)
    }

    private static func isDomain(_ byte: UInt8) -> Bool {
      isASCIIAlphanumeric(byte) || byte == UInt8(ascii: "-")
    }

    private static func isLocalPart(_ byte: UInt8) -> Bool {
      isASCIIAlphanumeric(byte) || [UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "%"), UInt8(ascii: "+"), UInt8(ascii: "-")].contains(byte)
    }

    private static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
      (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
    }
  }

  static let encodedEmailPattern = #"[A-Za-z0-9._%+-]+(?:@|%40)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"#
  static let encodedPhonePattern = #"(^|[^0-9A-Za-z])(?:\+|%2[Bb])[0-9][0-9 ().-]{7,18}[0-9]"#
  private static let encodedEmail = try! NSRegularExpression(pattern: encodedEmailPattern)
  private static let encodedPhone = try! NSRegularExpression(pattern: encodedPhonePattern)

  private static func firstMatch(_ regex: NSRegularExpression, in text: String) -> String? {
    let range = NSRange(text.startIndex..., in: text)
    guard let match = regex.firstMatch(in: text, range: range), let found = Range(match.range, in: text) else {
      return nil
    }
    return String(text[found])
  }
}

import Foundation

/// What counts as personal data in a URL: e-mail addresses, phone numbers, and merge tags that
/// render them. One definition for the rule that reports it (`pii-in-url`), the suggestion
/// that must leave it out, and `--redact`, so the three never disagree.
public enum PersonalData {
  /// Query keys whose value is a phone number when it holds seven digits or more.
  public static let phoneKeys: Set<String> = ["phone", "tel", "telephone", "mobile", "msisdn", "cell", "phone_number"]

  // Force-try: constant patterns.
  private static let email = try! NSRegularExpression(
    pattern: #"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"#)
  private static let phone = try! NSRegularExpression(pattern: #"(?:^|[^0-9A-Za-z])\+[0-9][0-9 ().-]{7,18}[0-9]"#)

  /// The first e-mail address in decoded text.
  public static func emailAddress(in text: String) -> String? {
    // The regular expressions are the costly part; run each only where its anchor character is.
    guard text.utf8.contains(UInt8(ascii: "@")) else { return nil }
    return firstMatch(email, in: text)
  }

  /// The first international phone number (`+` and 9 to 20 digits and separators) in decoded
  /// text, with the character before the `+`, if any.
  public static func phoneNumber(in text: String) -> String? {
    guard text.utf8.contains(UInt8(ascii: "+")) else { return nil }
    return firstMatch(phone, in: text)
  }

  /// Whether `parameter` is a phone parameter (`phone=07700900123`) by its key and digits.
  public static func isPhoneParameter(_ parameter: QueryParameter) -> Bool {
    phoneKeys.contains(parameter.key.lowercased()) && (parameter.value ?? "").filter(\.isNumber).count >= 7
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
    let decodedMarks = text.contains("%40") || text.contains("%2B") || text.contains("%2b")
    guard decodedMarks || text.contains("@") || text.contains("+") else { return text }
    let range = NSRange(text.startIndex..., in: text)
    var result = encodedEmail.stringByReplacingMatches(in: text, range: range, withTemplate: "REMOVED")
    result = encodedPhone.stringByReplacingMatches(
      in: result, range: NSRange(result.startIndex..., in: result), withTemplate: "$1REMOVED")
    return result
  }

  private static let encodedEmail = try! NSRegularExpression(
    pattern: #"[A-Za-z0-9._%+-]+(?:@|%40)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"#)
  private static let encodedPhone = try! NSRegularExpression(
    pattern: #"(^|[^0-9A-Za-z])(?:\+|%2[Bb])[0-9][0-9 ().-]{7,18}[0-9]"#)

  private static func firstMatch(_ regex: NSRegularExpression, in text: String) -> String? {
    let range = NSRange(text.startIndex..., in: text)
    guard let match = regex.firstMatch(in: text, range: range), let found = Range(match.range, in: text) else {
      return nil
    }
    return String(text[found])
  }
}

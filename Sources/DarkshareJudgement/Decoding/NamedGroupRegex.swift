import Foundation

/// A regular expression whose named groups are read by name, written in the reference's
/// Python syntax.
///
/// The reference writes `(?P<enc_bytes>…)`; ICU (behind `NSRegularExpression`) spells named
/// groups `(?<name>…)` and allows only letters and digits in names. So each `(?P<name>` becomes
/// a plain group and the names are kept in order: the pattern must have no other capturing
/// group before a named one.
struct NamedGroupRegex {
  private let regex: NSRegularExpression
  private let names: [String]

  init?(_ pattern: String) {
    var names = [String]()
    var plain = ""
    var rest = Substring(pattern)
    while let open = rest.range(of: "(?P<"), let close = rest[open.upperBound...].firstIndex(of: ">") {
      names.append(String(rest[open.upperBound..<close]))
      plain += rest[..<open.lowerBound] + "("
      rest = rest[rest.index(after: close)...]
    }
    plain += rest
    guard let regex = try? NSRegularExpression(pattern: plain) else { return nil }
    self.regex = regex
    self.names = names
  }

  /// The text of each group in `groups` at the first match in `subject`; nil without a match
  /// or when a group did not take part in it.
  func match(_ subject: String, groups: [String]) -> [String]? {
    guard let match = regex.firstMatch(in: subject, range: NSRange(subject.startIndex..., in: subject)) else { return nil }
    var texts = [String]()
    for group in groups {
      guard let number = names.firstIndex(of: group).map({ $0 + 1 }), number < match.numberOfRanges,
        let range = Range(match.range(at: number), in: subject)
      else { return nil }
      texts.append(String(subject[range]))
    }
    return texts
  }
}

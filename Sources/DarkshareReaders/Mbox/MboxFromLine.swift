/// Recognises the `From ` line that starts each message of an mbox (its "From_ line").
///
/// A From_ line is `From `, the envelope sender (one word) and an asctime date, optionally
/// followed by more information. Real files bend this, and a body line that starts with
/// `From ` and was not quoted (mboxo writers, Thunderbird) must stay body text, so a line is a
/// separator only when the rest parses:
///
/// ```
/// From MAILER-DAEMON Sun Aug  7 11:40:37 2022 extra info      asctime, extra info: yes
/// From 1583290388308606088@xxx Mon Nov 06 04:42:58 +0000 2017  Gmail Takeout: yes
/// From - Tue Jan 01 00:00:00 2019                             Netscape, Thunderbird: yes
/// From -                                                      Netscape without a date: yes
/// From 1844347792267117879@xxx                                address, no date: yes
/// From time to time                                           body text: no
/// ```
///
/// The date is accepted in asctime order (`Sat Jan  3 01:05:34 1996`, a zone before or after
/// the year) and in RFC 5322 order (`Sat, 3 Jan 1996 01:05:34 +0000`): the words after the sender
/// must start with a weekday, month or day number, and the first eight must hold a month name,
/// a time (`hh:mm` or `hh:mm:ss`) and a four-digit year. With no date at all, the sender must be
/// `-` or contain `@` (so `From me` alone is body text), and an address without a date
/// separates messages only after a blank line (see ``Kind``).
enum MboxFromLine {
  private static let prefix = Array("From ".utf8)
  private static let weekdays: Set<String> = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
  private static let months: Set<String> = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
  ]

  /// How sure a line is to be a From_ line.
  enum Kind: Equatable {
    /// Not a From_ line: body text.
    case none
    /// `From <address>` with no date: a separator only after a blank line (or at the start).
    case weak
    /// A sender and a date, or Netscape's `From -`: a separator even without a blank line
    /// before it, as Netscape-era files (`content-length.mbox.txt`) write them.
    case strong
  }

  /// Whether `line` (without its line break; a trailing CR is ignored) is a From_ line, when it
  /// follows a blank line or starts the file.
  static func isSeparator(_ line: ArraySlice<UInt8>) -> Bool {
    kind(of: line) != .none
  }

  /// What `line` (without its line break; a trailing CR is ignored) is.
  static func kind(of line: ArraySlice<UInt8>) -> Kind {
    guard line.starts(with: prefix), line.count <= 1000 else { return .none }
    var rest = line.dropFirst(prefix.count)
    if rest.last == 0x0D { rest = rest.dropLast() }
    let words = rest.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 }).prefix(10)
      .map { String(decoding: $0, as: UTF8.self).lowercased() }
    guard let sender = words.first else { return .none }
    let date = words.dropFirst()
    if date.isEmpty { return sender == "-" ? .strong : sender.contains("@") ? .weak : .none }
    return isDate(Array(date.prefix(8))) ? .strong : .none
  }

  /// Whether `words` (lower-case) start an asctime or RFC 5322 date.
  private static func isDate(_ words: [String]) -> Bool {
    guard let first = words.first else { return false }
    let head = String(first.prefix { $0 != "," })
    guard weekdays.contains(head) || months.contains(head) || isNumber(first, digits: 1...2) else { return false }
    let hasMonth = words.contains { months.contains(String($0.prefix(3))) && $0.count <= 9 && $0.allSatisfy(\.isLetter) }
    let hasTime = words.contains(where: isTime)
    let hasYear = words.contains { isNumber($0, digits: 4...4) }
    return hasMonth && hasTime && hasYear
  }

  private static func isNumber(_ word: String, digits: ClosedRange<Int>) -> Bool {
    digits.contains(word.count) && word.allSatisfy { $0.isASCII && $0.isNumber }
  }

  /// `h:mm`, `hh:mm` or `hh:mm:ss`.
  private static func isTime(_ word: String) -> Bool {
    let parts = word.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 2 || parts.count == 3 else { return false }
    return parts.enumerated().allSatisfy { index, part in
      (index == 0 ? 1...2 : 2...2).contains(part.count) && part.allSatisfy { $0.isASCII && $0.isNumber }
    }
  }
}

/// One format for every message date darkshare reports: ISO 8601 with seconds and a numeric
/// offset (`2026-03-14T09:26:53+00:00`), whatever the input wrote.
///
/// Readers pass what they found through the function that fits it; each returns nil when the
/// text is not what it expects, and the reader then keeps the date as written (real mail has
/// impossible dates, and a locale's own spelling cannot be read without guessing).
///
/// - An instant without a zone (SMS Backup & Restore's `date`, epoch milliseconds; a CSV
///   timestamp column in epoch seconds or milliseconds) is given in UTC, `+00:00`: the phone's
///   time zone is not in the backup.
/// - A local time with its instant (Telegram's `date` and `date_unixtime`) keeps the local
///   time, with the offset the two imply.
/// - An RFC 5322 `Date:` header (`Tue, 3 Mar 2026 09:00:00 +0100`) keeps its time and offset.
/// - A date already in ISO 8601 with an offset or `Z` is normalised to the same shape.
///
/// Pure arithmetic on the proleptic Gregorian calendar (no Foundation formatter, no locale).
public enum MessageDate {
  /// `epochSeconds` as local time at `offsetSeconds` east of UTC.
  public static func iso8601(epochSeconds: Int64, offsetSeconds: Int = 0) -> String {
    let local = epochSeconds + Int64(offsetSeconds)
    let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
    let secondOfDay = Int(local - days * 86_400)
    let (year, month, day) = civil(fromDays: days)
    let sign = offsetSeconds < 0 ? "-" : "+"
    let offset = abs(offsetSeconds) / 60
    guard year >= 0 else {
      return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))"
        + "\(sign)\(pad(offset / 60, 2)):\(pad(offset % 60, 2))"
    }
    // Every field is non-negative: written digit by digit into the string's own buffer (a
    // backup dates every message, and the interpolation made a string per field). No field
    // has more than 20 digits.
    let signByte = offsetSeconds < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+")
    return String(unsafeUninitializedCapacity: 8 * 21) { buffer in
      var count = 0
      func write(_ value: Int, _ width: Int, then separator: UInt8?) {
        count = writePadded(value, width, into: buffer, at: count)
        guard let separator else { return }
        buffer[count] = separator
        count += 1
      }
      write(year, 4, then: UInt8(ascii: "-"))
      write(month, 2, then: UInt8(ascii: "-"))
      write(day, 2, then: UInt8(ascii: "T"))
      write(secondOfDay / 3600, 2, then: UInt8(ascii: ":"))
      write(secondOfDay / 60 % 60, 2, then: UInt8(ascii: ":"))
      write(secondOfDay % 60, 2, then: signByte)
      write(offset / 60, 2, then: UInt8(ascii: ":"))
      write(offset % 60, 2, then: nil)
      return count
    }
  }

  /// Writes `value` (not negative) in decimal, zero-padded to `width` digits, as ``pad(_:_:)``
  /// writes it, at `start` in `buffer`; returns the index after it.
  private static func writePadded(_ value: Int, _ width: Int, into buffer: UnsafeMutableBufferPointer<UInt8>, at start: Int) -> Int {
    var digits = 1
    var rest = value / 10
    while rest > 0 {
      digits += 1
      rest /= 10
    }
    let length = max(digits, width)
    var remaining = value
    for index in stride(from: start + length - 1, through: start, by: -1) {
      buffer[index] = UInt8(ascii: "0") + UInt8(remaining % 10)
      remaining /= 10
    }
    return start + length
  }

  /// Epoch milliseconds (`1710408413000`, SMS Backup & Restore's `date`) in UTC.
  public static func fromEpochMilliseconds(_ text: String) -> String? {
    guard let milliseconds = wholeNumber(text), (0...253_402_300_799_999).contains(milliseconds) else { return nil }
    return iso8601(epochSeconds: milliseconds / 1000)
  }

  /// Epoch seconds (10 digits) or milliseconds (13 digits), as a CSV export's timestamp column
  /// may hold them, in UTC; nil for anything else.
  public static func fromEpoch(_ text: String) -> String? {
    switch text.count {
    case 10: wholeNumber(text).map { iso8601(epochSeconds: $0) }
    case 13: fromEpochMilliseconds(text)
    default: nil
    }
  }

  /// A local date and time without offset (`2026-03-14T10:26:53`, Telegram's `date`) given with
  /// its instant in epoch seconds (`date_unixtime`): the local time with the offset they imply.
  public static func fromLocal(_ local: String, epochSeconds: String) -> String? {
    guard let instant = wholeNumber(epochSeconds) else { return nil }
    guard let fields = isoFields(local), fields.offset == nil else { return iso8601(epochSeconds: instant) }
    let offset = fields.localSeconds - instant
    // Real offsets are whole minutes within ±18 hours; anything else is not this message's zone.
    guard offset % 60 == 0, abs(offset) <= 18 * 3600 else { return iso8601(epochSeconds: instant) }
    return iso8601(epochSeconds: instant, offsetSeconds: Int(offset))
  }

  /// An ISO 8601 date-time with a `Z` or numeric offset, normalised (`2026-03-14T09:26:53Z` →
  /// `2026-03-14T09:26:53+00:00`); nil when it has no offset or is not one.
  public static func fromISO8601(_ text: String) -> String? {
    guard let fields = isoFields(text), let offset = fields.offset else { return nil }
    return iso8601(epochSeconds: fields.localSeconds - Int64(offset), offsetSeconds: offset)
  }

  /// An RFC 5322 date (`Tue, 3 Mar 2026 09:00:00 +0100`; the day name, seconds and comments are
  /// optional; the obsolete zones `UT`, `GMT`, `EST`… are read), with its own offset.
  public static func fromRFC5322(_ text: String) -> String? {
    var words = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }).map(String.init)
    if let first = words.first, first.hasSuffix(",") || dayNames.contains(first.lowercased()) { words.removeFirst() }
    if let first = words.first, let comma = first.firstIndex(of: ","), dayNames.contains(first[..<comma].lowercased()) {
      words[0] = String(first[first.index(after: comma)...])
      if words[0].isEmpty { words.removeFirst() }
    }
    guard words.count >= 5, let day = Int(words[0]), (1...31).contains(day),
      let month = monthNames.firstIndex(of: words[1].lowercased().prefix(3).description), var year = Int(words[2])
    else { return nil }
    if words[2].count == 2 { year += year < 50 ? 2000 : 1900 } else if words[2].count == 3 { year += 1900 }
    // Four digits at most, as the other readers' dates: a hostile year of eighteen digits
    // overflowed the day count.
    guard (0...9999).contains(year) else { return nil }
    let time = words[3].split(separator: ":").map { Int($0) }
    guard (2...3).contains(time.count), !time.contains(nil) else { return nil }
    let hour = time[0]!, minute = time[1]!, second = time.count == 3 ? time[2]! : 0
    guard (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second),
      let offset = zoneOffset(words[4]), day <= daysIn(month: month + 1, year: year)
    else { return nil }
    let local = days(year: year, month: month + 1, day: day) * 86_400 + Int64(hour * 3600 + minute * 60 + min(second, 59))
    return iso8601(epochSeconds: local - Int64(offset), offsetSeconds: offset)
  }

  // MARK: - Calendar arithmetic (Howard Hinnant's days_from_civil and civil_from_days)

  static func days(year: Int, month: Int, day: Int) -> Int64 {
    let y = Int64(month <= 2 ? year - 1 : year)
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let monthIndex = Int64(month > 2 ? month - 3 : month + 9)
    let dayOfYear = (153 * monthIndex + 2) / 5 + Int64(day) - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  static func civil(fromDays days: Int64) -> (year: Int, month: Int, day: Int) {
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthIndex = (5 * dayOfYear + 2) / 153
    let day = Int(dayOfYear - (153 * monthIndex + 2) / 5 + 1)
    let month = Int(monthIndex < 10 ? monthIndex + 3 : monthIndex - 9)
    return (Int(yearOfEra + era * 400) + (month <= 2 ? 1 : 0), month, day)
  }

  private static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }

  // MARK: - Reading

  private static let dayNames: Set<String> = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
  private static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
  /// RFC 5322 §4.3's obsolete zones, in seconds east of UTC.
  private static let namedZones: [String: Int] = [
    "ut": 0, "utc": 0, "gmt": 0, "z": 0, "est": -5 * 3600, "edt": -4 * 3600, "cst": -6 * 3600, "cdt": -5 * 3600,
    "mst": -7 * 3600, "mdt": -6 * 3600, "pst": -8 * 3600, "pdt": -7 * 3600,
  ]

  /// `+0100`, `-0530` or a named zone, in seconds east of UTC.
  private static func zoneOffset(_ text: String) -> Int? {
    if let named = namedZones[text.lowercased()] { return named }
    let scalars = Array(text.unicodeScalars)
    guard scalars.count == 5, scalars[0] == "+" || scalars[0] == "-", let value = Int(String(text.dropFirst())) else { return nil }
    let minutes = value / 100 * 60 + value % 100
    guard value % 100 < 60, minutes <= 18 * 60 else { return nil }
    return (scalars[0] == "-" ? -1 : 1) * minutes * 60
  }

  /// `YYYY-MM-DDTHH:MM:SS[.fff][Z|±HH:MM|±HHMM]` (a space for `T` too): the local time as
  /// seconds since the epoch read as UTC, and the offset when one is written.
  private static func isoFields(_ text: String) -> (localSeconds: Int64, offset: Int?)? {
    let chars = Array(text.utf8)
    func number(_ range: Range<Int>) -> Int? {
      guard range.upperBound <= chars.count, chars[range].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
      return chars[range].reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }
    guard chars.count >= 19, chars[4] == 0x2D, chars[7] == 0x2D, chars[10] == 0x54 || chars[10] == 0x20,
      chars[13] == 0x3A, chars[16] == 0x3A, let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
      let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
      (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day), hour < 24, minute < 60, second < 61
    else { return nil }
    var rest = chars[19...]
    if rest.first == 0x2E {
      rest = rest.dropFirst()
      while let first = rest.first, first >= 0x30, first <= 0x39 { rest = rest.dropFirst() }
    }
    let local = days(year: year, month: month, day: day) * 86_400 + Int64(hour * 3600 + minute * 60 + min(second, 59))
    if rest.isEmpty { return (local, nil) }
    if rest.elementsEqual([0x5A]) { return (local, 0) }
    let zone = String(decoding: rest.filter { $0 != 0x3A }, as: UTF8.self)
    guard zone.hasPrefix("+") || zone.hasPrefix("-"), let offset = zoneOffset(zone) else { return nil }
    return (local, offset)
  }

  private static func wholeNumber(_ text: String) -> Int64? {
    guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
    return Int64(text)
  }

  private static func pad(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
  }
}

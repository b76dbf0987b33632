/// Turns a Unix time in milliseconds (Facebook's `timestamp_ms`) into an ISO 8601 UTC date,
/// without Foundation's formatters (which are not `Sendable` and differ on Linux).
///
/// ```swift
/// EpochMilliseconds.isoDate(1415147732056)   // "2014-11-05T00:35:32.056Z"
/// EpochMilliseconds.isoDate(0)               // "1970-01-01T00:00:00.000Z"
/// ```
enum EpochMilliseconds {
  /// The date, or nil for a time outside the years 0001–9999.
  static func isoDate(_ milliseconds: Int64) -> String? {
    // 0001-01-01 and 10000-01-01 in milliseconds since 1970.
    guard milliseconds >= -62_135_596_800_000, milliseconds < 253_402_300_800_000 else { return nil }
    let millisecond = Int(((milliseconds % 1000) + 1000) % 1000)
    let seconds = (milliseconds - Int64(millisecond)) / 1000
    let secondOfDay = Int(((seconds % 86_400) + 86_400) % 86_400)
    let days = (seconds - Int64(secondOfDay)) / 86_400
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthIndex = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
    let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
    let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    func pad(_ value: Int64, _ width: Int) -> String {
      let text = String(value)
      return String(repeating: "0", count: max(0, width - text.count)) + text
    }
    return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(Int64(secondOfDay / 3600), 2)):"
      + "\(pad(Int64(secondOfDay / 60 % 60), 2)):\(pad(Int64(secondOfDay % 60), 2)).\(pad(Int64(millisecond), 3))Z"
  }
}

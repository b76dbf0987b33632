@testable import DarkshareCore
import DarkshareReaders
import Foundation
import Testing

/// Message dates come out in one format, ISO 8601 with offset, whatever the input wrote.
@Suite struct MessageDateTests {
  /// The message dates of every link `reader` finds in `text`.
  private func dates(_ reader: some InputReader, _ text: String) throws -> [String?] {
    try reader.read(Array(text.utf8), file: "input").links.map { $0.message?.date }
  }

  @Test func instantsAreFormattedWithTheirOffset() {
    #expect(MessageDate.iso8601(epochSeconds: 0) == "1970-01-01T00:00:00+00:00")
    #expect(MessageDate.iso8601(epochSeconds: 1_773_480_413) == "2026-03-14T09:26:53+00:00")
    #expect(MessageDate.iso8601(epochSeconds: 1_773_480_413, offsetSeconds: 3600) == "2026-03-14T10:26:53+01:00")
    #expect(MessageDate.iso8601(epochSeconds: 1_773_480_413, offsetSeconds: -(5 * 3600 + 1800)) == "2026-03-14T03:56:53-05:30")
    #expect(MessageDate.iso8601(epochSeconds: 951_782_400) == "2000-02-29T00:00:00+00:00")
    #expect(MessageDate.iso8601(epochSeconds: -1) == "1969-12-31T23:59:59+00:00")
  }

  /// Instants from 1970 to 9999 at offsets of ±18 hours are written as Foundation's calendar
  /// reads them, digit for digit (the fields are written into one buffer, not interpolated).
  @Test func randomInstantsAreWrittenAsTheCalendarReadsThem() throws {
    var random = SystemRandomNumberGenerator()
    for _ in 0..<2000 {
      let instant = Int64.random(in: 0...253_402_300_799 - 18 * 3600, using: &random)
      let offset = Int.random(in: -(18 * 60)...(18 * 60), using: &random) * 60
      var calendar = Calendar(identifier: .gregorian)
      calendar.timeZone = try #require(TimeZone(secondsFromGMT: offset))
      let parts = calendar.dateComponents(
        [.year, .month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: TimeInterval(instant)))
      let zone = String(format: "%@%02d:%02d", offset < 0 ? "-" : "+", abs(offset) / 3600, abs(offset) / 60 % 60)
      let expected = String(
        format: "%04d-%02d-%02dT%02d:%02d:%02d", parts.year!, parts.month!, parts.day!, parts.hour!, parts.minute!, parts.second!)
        + zone
      #expect(MessageDate.iso8601(epochSeconds: instant, offsetSeconds: offset) == expected, "\(instant) \(offset)")
    }
  }

  /// Every day of four centuries round-trips through the calendar arithmetic, checked against
  /// Foundation's Gregorian calendar.
  @Test func calendarArithmeticAgreesWithFoundation() {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    var mismatches = 0
    for day in stride(from: Int64(-25_000), through: 120_000, by: 1) {
      let components = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: Double(day) * 86_400))
      let civil = MessageDate.civil(fromDays: day)
      if civil.year != components.year || civil.month != components.month || civil.day != components.day { mismatches += 1 }
      if MessageDate.days(year: civil.year, month: civil.month, day: civil.day) != day { mismatches += 1 }
    }
    #expect(mismatches == 0)
  }

  @Test func eachSpellingIsRead() {
    #expect(MessageDate.fromEpochMilliseconds("1773480413000") == "2026-03-14T09:26:53+00:00")
    #expect(MessageDate.fromEpochMilliseconds("Mar 14, 2026") == nil)
    #expect(MessageDate.fromEpoch("1773480413") == "2026-03-14T09:26:53+00:00")
    #expect(MessageDate.fromEpoch("1773480413999") == "2026-03-14T09:26:53+00:00")
    #expect(MessageDate.fromEpoch("20260314") == nil)
    #expect(MessageDate.fromLocal("2026-03-14T10:26:53", epochSeconds: "1773480413") == "2026-03-14T10:26:53+01:00")
    #expect(MessageDate.fromLocal("2026-03-13T23:56:53", epochSeconds: "1773480413") == "2026-03-13T23:56:53-09:30")
    #expect(MessageDate.fromLocal("garbage", epochSeconds: "1773480413") == "2026-03-14T09:26:53+00:00")
    #expect(MessageDate.fromISO8601("2026-03-14T09:26:53Z") == "2026-03-14T09:26:53+00:00")
    #expect(MessageDate.fromISO8601("2026-03-14 10:26:53.250+01:00") == "2026-03-14T10:26:53+01:00")
    #expect(MessageDate.fromISO8601("2026-03-14T10:26:53") == nil)
    #expect(MessageDate.fromISO8601("2026-02-30T10:26:53Z") == nil)
    #expect(MessageDate.fromRFC5322("Tue, 3 Mar 2026 09:00:00 +0100") == "2026-03-03T09:00:00+01:00")
    #expect(MessageDate.fromRFC5322("3 Mar 26 09:00 -0500 (EST)") == "2026-03-03T09:00:00-05:00")
    #expect(MessageDate.fromRFC5322("Sat, 14 Mar 2026 09:26:53 GMT") == "2026-03-14T09:26:53+00:00")
    #expect(MessageDate.fromRFC5322("Mon,14 Mar 2026 01:02:03 PDT") == "2026-03-14T01:02:03-07:00")
    #expect(MessageDate.fromRFC5322("Tue, 31 Feb 2026 09:00:00 +0100") == nil)
    // A hostile year (found by FuzzMbox) is no date, not an overflow; four digits are read.
    #expect(MessageDate.fromRFC5322("1 Jan 999999999999999999 00:00:00 +0000") == nil)
    #expect(MessageDate.fromRFC5322("1 Jan 10000 00:00:00 +0000") == nil)
    #expect(MessageDate.fromRFC5322("31 Dec 9999 23:59:59 +0000") == "9999-12-31T23:59:59+00:00")
    #expect(MessageDate.fromRFC5322("sometime last week") == nil)
  }

  @Test func anSMSBackupDateIsISO8601WhateverReadableDateSays() throws {
    let xml = """
      <?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
      <smses count="3">
        <sms address="+15550001" date="1773480413000" readable_date="14 mars 2026 10:26:53" body="a https://a.example/x" contact_name="Ann" />
        <sms address="+15550002" date="1773480414000" readable_date="Mar 14, 2026 5:26:54 AM" body="b https://b.example/y" contact_name="Bob" />
        <sms address="+15550003" date="null" readable_date="3/14/26 9:27" body="c https://c.example/z" contact_name="Cy" />
      </smses>
      """
    #expect(try dates(SMSBackupReader(), xml) == ["2026-03-14T09:26:53+00:00", "2026-03-14T09:26:54+00:00", "3/14/26 9:27"])
  }

  @Test func mailTelegramAndCSVDatesAreISO8601Too() throws {
    let mail = "From: a@shop.example\r\nDate: Sat, 14 Mar 2026 10:26:53 +0100\r\nSubject: s\r\n\r\nhttps://shop.example/x\r\n"
    #expect(try dates(EMLReader(), mail) == ["2026-03-14T10:26:53+01:00"])
    let broken = "From: a@shop.example\r\nDate: the day before yesterday\r\n\r\nhttps://shop.example/x\r\n"
    #expect(try dates(EMLReader(), broken) == ["the day before yesterday"])
    let telegram = #"{"name":"A","type":"personal_chat","id":1,"messages":[{"id":7,"type":"message","date":"2026-03-14T10:26:53","date_unixtime":"1773480413","from":"Ann","text":[{"type":"link","text":"https://a.example/"}]}]}"#
    #expect(try dates(TelegramExportReader(), telegram) == ["2026-03-14T10:26:53+01:00"])
    let csv = "date,from,body\n1773480413,+1555,see https://a.example/\n2026-03-14T09:26:53Z,+1555,see https://b.example/\n14/03/2026,+1555,see https://c.example/\n"
    #expect(try dates(CSVMessageLogReader(), csv) == [
      "2026-03-14T09:26:53+00:00", "2026-03-14T09:26:53+00:00", "14/03/2026",
    ])
  }
}

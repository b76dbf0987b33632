import Testing

@testable import DarkshareReaders

/// Which lines start an mbox message: the shapes real writers use, and body text that only
/// looks like one.
@Suite struct MboxFromLineTests {
  @Test(arguments: [
    "From MAILER-DAEMON Sun Aug  7 11:40:37 2022 extra info",  // eml-cpython/mailbox_01.mbox
    "From 1583290388308606088@xxx Mon Nov 06 04:42:58 +0000 2017",  // Gmail Takeout
    "From - Tue Jan 01 00:00:00 2019",  // Thunderbird
    "From - Mon Jun  3 12:50:27 1996",  // eml-mimekit/mbox/content-length.mbox.txt
    "From -",  // eml-mimekit/mbox/unmunged.mbox.txt
    "From - ",  // eml-mimekit/mbox/simple.mbox.txt
    "From sender@example.com Sat Jan  3 01:05:34 1996",
    "From sender@example.com  Sat Jan  3 01:05:34 1996",  // two spaces
    "From sender@example.com Sat Jan  3 01:05:34 1996\r",  // CRLF file
    "From ???@??? Mon Jan 15 10:00:00 2001",  // Eudora
    "From sender@example.com Sat, 3 Jan 1996 01:05:34 +0000",  // RFC 5322 date order
    "From sender@example.com Jan  3 01:05 1996",  // no weekday, no seconds
    "From sender@example.com Sat Jan  3 01:05:34 PST 1996",  // zone name before the year
  ])
  func separators(_ line: String) {
    #expect(MboxFromLine.kind(of: Array(line.utf8)[...]) == .strong, "\(line)")
  }

  @Test(arguments: [
    "From 1844347792267117879@xxx",  // eml-mimekit/mbox/issue1189.mbox.txt: Takeout id, no date
    "From sender@example.com",
  ])
  func addressesWithoutDateNeedABlankLineBefore(_ line: String) {
    #expect(MboxFromLine.kind(of: Array(line.utf8)[...]) == .weak, "\(line)")
  }

  @Test(arguments: [
    "From time to time",  // eml-cpython/mailbox_01.mbox body
    "From Russia with love",  // eml-mimekit/mbox/unmunged.mbox.txt body
    "From me",
    "From",
    "From ",
    "from sender@example.com Sat Jan  3 01:05:34 1996",  // lower-case
    ">From sender@example.com Sat Jan  3 01:05:34 1996",  // quoted
    "From: sender@example.com",  // a header
    "From 10:30 to 12:00 on Mon Jan 5 2026",
    "From the desk of Jan, 2026",
    "From sender@example.com with thanks",
    " From sender@example.com Sat Jan  3 01:05:34 1996",
  ])
  func bodyText(_ line: String) {
    #expect(MboxFromLine.kind(of: Array(line.utf8)[...]) == .none, "\(line)")
  }

  @Test func overlongLinesAreNotSeparators() {
    let line = "From sender@example.com Sat Jan  3 01:05:34 1996 " + String(repeating: "x", count: 2000)
    #expect(MboxFromLine.kind(of: Array(line.utf8)[...]) == .none)
  }
}

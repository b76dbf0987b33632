@testable import DarkshareKit
import Testing

/// The content hash (FIPS 180-4 test vectors) and the month and sender the database groups by.
@Suite struct AuditDatabaseHelpersTests {
  private func sha256(_ text: String, chunk: Int = .max) -> String {
    var hash = SHA256()
    let bytes = Array(text.utf8)
    var start = 0
    repeat {
      let end = min(bytes.count, start + chunk)
      hash.update(bytes[start..<end])
      start = end
    } while start < bytes.count
    return hash.hexDigest()
  }

  @Test func sha256MatchesTheStandardsVectors() {
    #expect(sha256("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    #expect(sha256("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    let twoBlocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
    #expect(sha256(twoBlocks) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    #expect(sha256(twoBlocks, chunk: 7) == sha256(twoBlocks))
    #expect(sha256(String(repeating: "a", count: 1_000_000), chunk: 65_537)
      == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
  }

  @Test func theMonthOfADate() {
    #expect(MessageMonth(date: "Tue, 14 May 2024 09:00:00 +0000")?.text == "2024-05")
    #expect(MessageMonth(date: "3 Dec 2002 10:00:00 -0500")?.text == "2002-12")
    #expect(MessageMonth(date: "2026-03-02T17:05:00+00:00")?.text == "2026-03")
    #expect(MessageMonth(date: "yesterday") == nil)
    #expect(MessageMonth(date: "May 2024") == nil)
  }

  @Test func theSenderIsTheAddress() {
    #expect(AuditDatabase.sender(from: "News <News@Brand.example>") == "news@brand.example")
    #expect(AuditDatabase.sender(from: "\"Brand, Inc.\" <a@b.example>") == "a@b.example")
    #expect(AuditDatabase.sender(from: "Harbor Outfitters") == "Harbor Outfitters")
  }

  @Test func theInputOfADocument() {
    #expect(AuditDatabase.inputName(of: "exports/chat.zip!/_chat.txt") == "exports/chat.zip")
    #expect(AuditDatabase.inputName(of: "news.html") == "news.html")
  }
}

import DarkshareCore
import DarkshareReaders
import DarkshareTestSupport
import Foundation
import Testing

/// Readers on generated hostile markup and MIME (issue 15, defects 1 and 4): a budget refusal
/// names the line and keeps what was read before it; no MIME body is skipped without a word.
@Suite struct HostileMarkupAndMIMETests {
  private func attributes(_ count: Int) -> String {
    (0..<count).map { "a\($0)=\"1\"" }.joined(separator: " ")
  }

  @Test func htmlOverTheBudgetIsAnErrorNamingTheLine() {
    let html = "<p>\n<a href=\"https://x.example/\" \(attributes(100_000))>x</a>"
    #expect {
      try HTMLReader().links(in: Array(html.utf8), file: "n.html")
    } throws: { error in
      (error as? ReaderError)?.message.contains("line 2: an element has more than 1000 attributes") == true
    }
  }

  @Test func smsBackupStopsAtTheHostileElementAndKeepsTheLinksBefore() throws {
    let xml = "<?xml version='1.0' encoding='UTF-8'?>\n<smses count=\"3\">\n<sms body=\"see https://before.example/\" address=\"1\" />\n"
      + "<sms body=\"x\" \(attributes(100_000)) />\n<sms body=\"https://after.example/\" address=\"2\" />\n</smses>\n"
    let read = try SMSBackupReader().read(Array(xml.utf8), file: "sms.xml")
    #expect(read.links.map(\.url) == ["https://before.example/"])
    #expect(read.problem?.message.contains("not read past line 4: an element has more than 1000 attributes") == true)
  }

  @Test func anHTMLPartOverTheBudgetIsTheMessagesProblem() throws {
    let message = """
      From: a@b.example
      Content-Type: multipart/alternative; boundary=b

      --b
      Content-Type: text/plain

      https://plain.example/
      --b
      Content-Type: text/html

      <a href="https://html.example/" \(attributes(5000))>x</a>
      --b--
      """
    let read = try EMLReader().read(Array(message.utf8), file: "m.eml")
    #expect(read.links.map(\.url) == ["https://plain.example/"])
    #expect(read.problem?.message.contains("an HTML part was not read: line 1: an element has more than 1000 attributes") == true)
  }

  // MARK: MIME parts read as Python's email reads them

  private func nested(_ depth: Int) -> String {
    var message = "From: x@y.example\nContent-Type: multipart/mixed; boundary=b0\n\n"
    for level in 1...depth { message += "--b\(level - 1)\nContent-Type: multipart/mixed; boundary=b\(level)\n\n" }
    message += "--b\(depth)\nContent-Type: text/plain\n\nhttps://deep.example/\n--b\(depth)--\n"
    for level in (0..<depth).reversed() { message += "--b\(level)--\n" }
    return message
  }

  /// 40 levels (Python's email reads it; darkshare used to skip everything below 32).
  @Test func aTextPartBelowFortyMultipartsIsRead() throws {
    let read = try EMLReader().read(Array(nested(40).utf8), file: "m.eml")
    #expect(read.links.map(\.url) == ["https://deep.example/"])
    #expect(read.problem == nil)
  }

  /// Deeper than the limit: an error, never a silent exit 0.
  @Test func deeperThanTheLimitIsReported() {
    #expect {
      try EMLReader().links(in: Array(nested(5_000).utf8), file: "m.eml")
    } throws: { error in
      (error as? ReaderError)?.message.contains("nested more than 64 levels deep was not read") == true
    }
  }

  @Test func aMultipartWithoutBoundaryIsReadAsText() throws {
    let message = "MIME-Version: 1.0\nContent-Type: multipart/mixed\n\n--x\nContent-Type: text/plain\n\nhttps://nobound.example/\n--x--\n"
    #expect(try EMLReader().links(in: Array(message.utf8), file: "m.eml").map(\.url) == ["https://nobound.example/"])
  }

  @Test func anEmptyBoundaryDelimitsWithTwoDashes() throws {
    let message = "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"\"\n\n--\nContent-Type: text/html\n\n<a href=\"https://empty.example/\">e</a>\n----\n"
    let links = try EMLReader().links(in: Array(message.utf8), file: "m.eml")
    #expect(links.map(\.url) == ["https://empty.example/"])
    #expect(links.first?.element == "a")
  }

  @Test func aBoundaryThatNeverOccursLeavesTheBodyAsText() throws {
    let message = "MIME-Version: 1.0\nContent-Type: multipart/alternative; boundary=zz\n\nhttps://noparts.example/\n"
    #expect(try EMLReader().links(in: Array(message.utf8), file: "m.eml").map(\.url) == ["https://noparts.example/"])
  }

  /// The URLs Python's `email` package finds in the decoded leaf payloads of a message (what a
  /// mail client shows), or nil without python3.
  private func pythonURLs(_ message: String) throws -> [String]? {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("darkshare-mime-\(UUID().uuidString).eml")
    try Data(message.utf8).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let script = """
      import email, re, sys
      m = email.message_from_bytes(open(sys.argv[1], 'rb').read())
      for part in m.walk():
          if not part.is_multipart():
              for url in re.findall(rb'https?://[^\\s"<>]+', part.get_payload(decode=True) or b''):
                  print(url.decode())
      """
    guard let run = try? runTool(["python3", "-c", script, file.path]), run.status == 0 else { return nil }
    return run.output.split(separator: "\n").map(String.init)
  }

  /// darkshare finds what Python's `email` finds in the three shapes it used to drop.
  @Test func theLinksMatchPythonsEmailPackage() throws {
    let messages = [
      nested(40),
      "MIME-Version: 1.0\nContent-Type: multipart/mixed\n\n--x\nContent-Type: text/plain\n\nhttps://nobound.example/\n--x--\n",
      "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"\"\n\n--\nContent-Type: text/plain\n\nhttps://empty.example/\n----\n",
    ]
    for message in messages {
      guard let expected = try pythonURLs(message) else { return }  // no python3 here
      let found = try EMLReader().links(in: Array(message.utf8), file: "m.eml").map(\.url)
      #expect(found == expected, "\(message.prefix(80))")
    }
  }

  @Test func mboxMessagesReportTheirSkippedParts() throws {
    let mbox = "From a@b.example Tue Mar  3 09:00:00 2026\n" + nested(100) + "\nFrom c@d.example Tue Mar  3 09:00:00 2026\nSubject: ok\n\nhttps://ok.example/\n"
    let read = try MboxReader().read(Array(mbox.utf8), file: "a.mbox")
    #expect(read.links.map(\.url) == ["https://ok.example/"])
    #expect(read.problem?.message.contains("From_ line at line 1: message 0: a MIME part nested more than 64 levels deep was not read") == true)
  }
}

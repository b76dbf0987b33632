import DarkshareCore
import DarkshareKit
import DarkshareTestSupport
import Foundation
import Testing

/// `--redact` leaves no address, phone number or contact name in any field of any format:
/// every format × `audit`/`links` over mail (`.eml`, mbox), an SMS backup, a CSV log and chat
/// exports (WhatsApp, in a zip whose entry names the contact, and Telegram), all written here
/// and full of personal data in senders, subjects, Message-IDs, URLs, anchor texts and links.
@Suite struct RedactionTests {
  /// Every personal value the inputs hold, as it could appear in a report.
  static let secrets = [
    // names
    "Jane Doe", "Carol Cole", "Alice Archer", "Bob Baker", "Dave Dunn", "Erin Evans", "Zoë Zimmer",
    // addresses, plain and percent-encoded
    "jane.doe@example.com", "jane.doe%40example.com", "carol.cole@example.com", "carol.cole%40example.com",
    "bob.baker@example.com", "erin%40example.com", "erin@example.com", "dave.dunn@example.org", "frank@example.com",
    "zoe@example.net",
    // phone numbers in the spellings written, and their digits
    "+44 7700 900123", "07700 900123", "7700900123", "900123", "+447700900654", "7700900654", "900654",
    "+44 7700 900456", "07700900456", "7700900456", "900456", "07700 900789", "900789", "+1 415 555 0199",
    "4155550199", "555 0199", "+44 7700 900321", "447700900321", "900321",
    // a per-recipient id
    "5a1b2c3d4e",
  ]

  static let eml = """
    From: "Jane Doe" <jane.doe@example.com>\r
    To: frank@example.com\r
    Subject: Jane Doe, 07700 900123 is the number we have on file\r
    Message-ID: <offer.jane.doe@example.com>\r
    Date: Tue, 12 May 2026 10:00:00 +0100\r
    Content-Type: text/html; charset=utf-8\r
    \r
    <a href="https://shop.example/welcome?email=jane.doe%40example.com&amp;mc_eid=5a1b2c3d4e">Hi Jane Doe (jane.doe@example.com)</a>
    <a href="https://shop.example/call?phone=%2B447700900123">Call 07700 900123</a>
    <a href="tel:+447700900123">+44 7700 900123</a>
    <a href="mailto:jane.doe@example.com">jane.doe@example.com</a>
    <a href="https://shop.example/u/jane.doe@example.com/prefs">Prefs for Jane Doe</a>\r

    """

  static let mbox = """
    From carol.cole@example.com Tue May 12 10:00:00 2026
    From: Carol Cole <carol.cole@example.com>
    Subject: Carol Cole, ring +447700900654
    Message-ID: <a1@mail.example.com>
    Content-Type: text/html

    <a href="https://shop.example/m?email=carol.cole%40example.com">Carol Cole, your offer</a>
    <a href="https://wa.me/447700900654?text=hi">WhatsApp us</a>

    From zoe@example.net Tue May 12 11:00:00 2026
    From: =?UTF-8?Q?Zo=C3=AB_Zimmer?= <zoe@example.net>
    Subject: =?UTF-8?Q?Zo=C3=AB_Zimmer?= invited you
    Content-Type: text/plain

    Join https://shop.example/invite?from=zoe@example.net now

    """

  static let sms = """
    <?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
    <smses count="2">
      <sms protocol="0" address="+44 7700 900456" date="1747044000000" type="1" body="Alice Archer, your link https://shop.example/p?phone=07700900456" readable_date="12 May 2026 10:00:00" contact_name="Alice Archer" />
      <sms protocol="0" address="07700 900789" date="1747044060000" type="1" body="Offer https://shop.example/q?x=1" readable_date="12 May 2026 10:01:00" contact_name="(Unknown)" />
    </smses>

    """

  static let csv = """
    from,date,body
    Bob Baker,2026-05-12,"see https://shop.example/b?email=bob.baker@example.com"
    +1 415 555 0199,2026-05-12,https://shop.example/c
    dave.dunn@example.org,2026-05-12,https://shop.example/d

    """

  static let whatsApp = """
    12/05/2026, 10:15 - Dave Dunn: look https://shop.example/x?email=dave.dunn%40example.org
    12/05/2026, 10:16 - +44 7700 900321: https://wa.me/447700900321
    12/05/2026, 10:17 - Dave Dunn: and https://shop.example/y

    """

  static let telegram = """
    {"name": "Erin Evans", "type": "personal_chat", "id": 1, "messages": [
      {"id": 1, "type": "message", "date": "2026-05-12T10:00:00", "from": "Erin Evans", "from_id": "user1",
       "text": ["see ", {"type": "text_link", "text": "Erin Evans's offer", "href": "https://shop.example/e?email=erin%40example.com"},
                " or ", {"type": "link", "text": "https://shop.example/f?contact=erin@example.com"}]}
    ]}

    """

  /// The inputs, written to a fresh folder; their paths, in the order given to darkshare.
  static func inputs() throws -> [String] {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("darkshare-redact-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let files: [(String, [UInt8])] = [
      ("offer.eml", Array(eml.utf8)),
      ("archive.mbox", Array(mbox.utf8)),
      ("sms-backup.xml", Array(sms.utf8)),
      ("messages.csv", Array(csv.utf8)),
      ("chat.zip", TestArchives.zip([.init("WhatsApp Chat with Dave Dunn.txt", whatsApp)])),
      ("result.json", Array(telegram.utf8)),
    ]
    for (name, bytes) in files { try Data(bytes).write(to: folder.appendingPathComponent(name)) }
    return files.map { folder.appendingPathComponent($0.0).path }
  }

  static let formats = ["text", "json", "ndjson", "sarif", "junit", "github", "markdown", "csv"]

  /// The secrets found in `output`, compared without case.
  static func leaks(in output: String) -> [String] {
    let lowered = output.lowercased()
    return secrets.filter { lowered.contains($0.lowercased()) }
  }

  @Test func withoutRedactTheReportsHoldThePersonalData() throws {
    // The inputs really carry the data into the reports: otherwise the test below proves nothing.
    let paths = try Self.inputs()
    let json = try runDarkshare(["links", "--format", "json"] + paths)
    #expect(json.exitCode == 0, "\(json.standardError)")
    #expect(!json.standardError.contains("error"), "\(json.standardError)")
    let found = Set(Self.leaks(in: json.standardOutput))
    for name in ["Jane Doe", "Carol Cole", "Alice Archer", "Bob Baker", "Dave Dunn", "Erin Evans", "Zoë Zimmer"] {
      #expect(found.contains(name), "\(name) is not in the unredacted report")
    }
    for value in ["jane.doe@example.com", "07700900456", "07700 900789", "+1 415 555 0199", "447700900321", "5a1b2c3d4e"] {
      #expect(found.contains(value), "\(value) is not in the unredacted report")
    }
    let audit = try runDarkshare(["audit", "--format", "json"] + paths)
    #expect(audit.standardOutput.contains("pii-in-url"))
  }

  @Test(arguments: formats, ["audit", "links"])
  func noFormatLeaksAnAddressANumberOrAName(_ format: String, _ command: String) throws {
    let paths = try Self.inputs()
    let run = try runDarkshare([command, "--redact", "--format", format] + paths)
    #expect(run.exitCode != 2, "\(run.standardError)")
    #expect(!run.standardOutput.isEmpty)
    #expect(Self.leaks(in: run.standardOutput) == [], "\(run.standardOutput)")
    // Machine formats echo errors and the summary on standard error: nothing leaks there either.
    #expect(Self.leaks(in: run.standardError) == [], "\(run.standardError)")
  }

  @Test func theReportStillSaysWhatIsWrongAndWhoKindOfSenderItWas() throws {
    let paths = try Self.inputs()
    let run = try runDarkshare(["links", "--redact", "--format", "ndjson"] + paths)
    let links = run.standardOutput.split(separator: "\n").compactMap {
      try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
    }
    let senders = Set(links.compactMap { ($0["message"] as? [String: Any])?["from"] as? String })
    #expect(senders == ["[name] <[email]>", "[name]", "[phone]", "[email]"])
    let urls = links.compactMap { $0["url"] as? String }
    #expect(urls.contains("https://shop.example/welcome?email=[email]&mc_eid=REDACTED"))
    #expect(urls.contains("https://shop.example/call?phone=[phone]"))
    #expect(urls.contains("tel:[phone]"))
    #expect(urls.contains("https://wa.me/[phone]?text=hi"))
    #expect(links.contains { ($0["rules"] as? [String] ?? []).contains("pii-in-url") })
    let files = Set(links.compactMap { $0["file"] as? String }.map { URL(fileURLWithPath: $0).lastPathComponent })
    #expect(files.contains("WhatsApp Chat with [name].txt"))
    let subjects = Set(links.compactMap { ($0["message"] as? [String: Any])?["subject"] as? String })
    #expect(subjects.contains("[name], [phone] is the number we have on file"))
  }

  @Test func contactNamesAreMaskedAsWholeWordsWhateverSeparatesThem() {
    func link(_ url: String, text: String?, from: String, index: Int) -> AuditedLink {
      let message = MessageContext(index: index, from: from)
      let location = SourceLocation(file: "chat.zip!/WhatsApp Chat with Dave Dunn.txt", line: index + 1, column: 1)
      return AuditedLink(
        link: Link(url: url, location: location, text: text, element: "text", channel: .chat, message: message),
        destination: nil, service: nil, status: .dark, findings: [])
    }
    var redactor = Redactor()
    let result = redactor.redact(
      FileResult(
        file: "chat.zip!/WhatsApp Chat with Dave Dunn.txt",
        links: [
          link("https://shop.example/?ref=dave%20dunn&by=DAVE+DUNN&x=davedunn", text: "Dave-Dunn's pick", from: "Dave Dunn", index: 0),
          link("https://shop.example/announcement?page=1", text: "Announcement by Ann", from: "Ann", index: 1),
          link("https://shop.example/?x=1", text: nil, from: "~\u{202F}Zoë Zimmer", index: 2),
          link("https://shop.example/?y=1", text: "zoë zimmer, al", from: "Al", index: 3),
        ]))
    #expect(result.file == "chat.zip!/WhatsApp Chat with [name].txt")
    #expect(result.links[0].link.url == "https://shop.example/?ref=[name]&by=[name]&x=davedunn")
    #expect(result.links[0].link.text == "[name]'s pick")
    // Whole words only: "Ann" is masked, "Announcement" and `announcement` are not.
    #expect(result.links[1].link.url == "https://shop.example/announcement?page=1")
    #expect(result.links[1].link.text == "Announcement by [name]")
    #expect(result.links[2].link.message?.from == "[name]")
    // A name of two letters is too short to look for; the sender field itself is still masked.
    #expect(result.links[3].link.text == "[name], al")
    #expect(result.links[3].link.message?.from == "[name]")
  }

  @Test func aMaskedSuggestionIsNotOfferedAsAFix() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("darkshare-redact-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let file = directory.appendingPathComponent("refer.html")
    try Data(#"<a href="https://shop.example/refer?mc_eid=5a1b2c3d4e">Refer a friend</a>"#.utf8).write(to: file)
    func fixes(_ arguments: [String]) throws -> [String] {
      let run = try runDarkshare(["audit", "--format", "sarif"] + arguments + [file.path])
      let log = try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any]
      let results = ((log?["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]]) ?? []
      return results.flatMap { $0["fixes"] as? [[String: Any]] ?? [] }.compactMap { ($0["description"] as? [String: Any])?["text"] as? String }
    }
    // Unredacted, the suggestion keeps the id and is a fix; redacted, applying it would write
    // `mc_eid=REDACTED` into the template, so it is only shown.
    #expect(try fixes([]).contains { $0.contains("mc_eid=5a1b2c3d4e&utm_source=") })
    #expect(try fixes(["--redact"]).isEmpty)
    let redacted = try runDarkshare(["audit", "--format", "sarif", "--redact", file.path]).standardOutput
    #expect(redacted.contains("mc_eid=REDACTED&utm_source="))
  }
}

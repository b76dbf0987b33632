import DarkshareKit
import DarkshareTestSupport
import Foundation
import Testing

/// Standard input is read like a file: its format is sniffed from its content (or named with
/// `--input-format`), and `--stdin-filename` gives it the name a file would have.
@Suite struct StandardInputTests {
  /// One input of each format darkshare reads, from `corpora/`.
  static let oneOfEachFormat = [
    "corpora/whatsapp/android-export.txt", "corpora/whatsapp/ios-export.txt", "corpora/csv/sms-log.csv",
    "corpora/sms-backup/sms-and-mms.xml", "corpora/text/notes.txt", "corpora/eml/forwarded-newsletter.eml",
    "corpora/mbox/takeout-newsletters.mbox", "corpora/telegram/result.json",
    "corpora/containers/whatsapp-ios-export.zip", "corpora/containers/autumn-newsletter.html.gz",
    "corpora/html/share-buttons.html",
  ]

  /// The links of an NDJSON `links` report: where each is, its status and channel, and the file
  /// it names.
  private func links(_ run: DarkshareRun) -> [(place: String, file: String)] {
    run.standardOutput.split(separator: "\n").compactMap { line in
      guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
      let place = ["line", "column", "status", "channel", "url"].map { "\(object[$0] ?? "")" }.joined(separator: " ")
      return (place, object["file"] as? String ?? "")
    }
  }

  @Test(arguments: oneOfEachFormat)
  func eachFormatIsRecognisedOnStandardInput(_ path: String) throws {
    let file = Corpus.packageRoot.appendingPathComponent(path)
    let named = try runDarkshare(["links", "--format", "ndjson", path])
    let piped = try runDarkshare(["links", "--format", "ndjson", "-"], inputFile: file)
    #expect(piped.exitCode == 0, "\(piped.standardError)")
    #expect(!links(named).isEmpty)
    #expect(links(piped).map(\.place) == links(named).map(\.place))
    #expect(links(piped).allSatisfy { $0.file == "-" || $0.file.hasPrefix("-!/") })
    // The gate fails on standard input as it does on the file.
    let audit = try runDarkshare(["audit", "--quiet", "-"], inputFile: file)
    #expect(audit.exitCode == 1)
  }

  /// Named with `--stdin-filename`, standard input gives the very report the file gives: the
  /// same name, configuration (found from the name's folder) and suggestions.
  @Test(arguments: Corpus.labelledFiles.filter { !$0.hasPrefix("corpora/maildir/") })
  func aNamedStandardInputReportsAsTheFile(_ path: String) throws {
    let file = Corpus.packageRoot.appendingPathComponent(path)
    let direct = try runDarkshare(["audit", "--format", "json", path])
    let piped = try runDarkshare(["audit", "--format", "json", "-", "--stdin-filename", path], inputFile: file)
    #expect(piped.exitCode == direct.exitCode)
    #expect(piped.standardOutput == direct.standardOutput)
  }

  @Test func theStdinFilenameIsTheStemOfSuggestionsAndTheConfigurationsFolder() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("darkshare-stdin-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder.appendingPathComponent("team"), withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    try Data("version: 1\nfix: {utm_source: team-news, utm_campaign: \"{stem}-2024\"}\n".utf8)
      .write(to: folder.appendingPathComponent("team/.darkshare.yml"))
    let html = Data(#"<p><a href="https://shop.example/sale">Sale</a></p>"#.utf8)
    func suggestion(_ arguments: [String]) throws -> String {
      let run = try runDarkshare(["audit", "--format", "ndjson", "-"] + arguments, input: html, in: folder)
      let object = try JSONSerialization.jsonObject(with: Data(run.standardOutput.split(separator: "\n")[0].utf8)) as? [String: Any]
      return "\(object?["file"] ?? "") \(object?["suggestion"] ?? "")"
    }
    #expect(try suggestion([]) == "- https://shop.example/sale?utm_source=newsletter&utm_medium=email&utm_campaign=-")
    #expect(
      try suggestion(["--stdin-filename", "team/spring-sale.html"])
        == "team/spring-sale.html https://shop.example/sale?utm_source=team-news&utm_medium=email&utm_campaign=spring-sale-2024")
  }

  @Test func theStdinFilenameChoosesTheFormatByItsExtension() throws {
    // A CSV without a body column in its header is not sniffed as CSV; named `.csv`, it is read
    // as one, and its missing body column is the error.
    let csv = Data("when,who,what\n2024-01-01,Ann,https://shop.example/\n".utf8)
    let named = try runDarkshare(["links", "-", "--stdin-filename", "log.csv"], input: csv)
    #expect(named.exitCode == 2)
    #expect(named.standardOutput.contains("log.csv: error: not a CSV message log: no body column"))
    let sniffed = try runDarkshare(["links", "--format", "ndjson", "-"], input: csv)
    #expect(sniffed.exitCode == 0)
    #expect(links(sniffed).count == 1)  // plain text
  }

  @Test func inputFormatOverridesSniffing() throws {
    // An HTML fragment that does not look like HTML in its first bytes is read as text unless named.
    let fragment = Data("<p>Hi <A\nHREF=\"https://shop.example/sale?a=1&amp;b=2\">Sale</a></p>".utf8)
    let sniffed = try runDarkshare(["links", "--format", "ndjson", "-"], input: fragment)
    #expect(sniffed.standardOutput.contains(#""url":"https://shop.example/sale?a=1&amp;b=2""#))
    let html = try runDarkshare(["links", "--format", "ndjson", "--input-format", "html", "-"], input: fragment)
    #expect(html.standardOutput.contains(#""text":"Sale""#))
    #expect(html.standardOutput.contains(#""url":"https://shop.example/sale?a=1&b=2""#))
  }

  /// A `.gz` piped in is still decompressed; the format named is that of what it holds.
  @Test func inputFormatAppliesInsideGzip() throws {
    let text = Array(#"see https://a.example/x and <a href="https://b.example/">b</a>"#.utf8)
    let gzip = Data(TestArchives.deflate(text, windowBits: 31))
    let sniffed = try runDarkshare(["links", "--format", "ndjson", "-"], input: gzip)
    #expect(links(sniffed).map(\.place) == ["1 38 dark email https://b.example/"])  // HTML: only the <a>
    let named = try runDarkshare(["links", "--format", "ndjson", "--input-format", "text", "-"], input: gzip)
    #expect(links(named).map(\.place) == ["1 5 dark email https://a.example/x", "1 38 dark email https://b.example/"])
  }

  @Test func inputFormatAppliesToNamedFilesButNotToFilesInFolders() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("darkshare-format-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let chat = "12/31/24, 9:41 PM - Ann: see https://shop.example/sale\n"
    try Data(chat.utf8).write(to: folder.appendingPathComponent("chat.txt"))
    try Data("see https://shop.example/sale\n".utf8).write(to: folder.appendingPathComponent("notes.log"))
    func channels(_ arguments: [String]) throws -> [String] {
      let run = try runDarkshare(["links", "--format", "ndjson"] + arguments, in: folder)
      return run.standardOutput.split(separator: "\n").compactMap {
        (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["channel"] as? String
      }
    }
    #expect(try channels(["chat.txt"]) == ["chat"])
    #expect(try channels(["--input-format", "text", "chat.txt"]) == ["email"])
    #expect(try channels(["--input-format", "text", "."]) == ["chat"])
    // A file of an unknown kind is an error, unless its format is named.
    let unknown = try runDarkshare(["links", "notes.log"], in: folder)
    #expect(unknown.exitCode == 2)
    #expect(unknown.standardOutput.contains("--input-format"))
    #expect(try channels(["--input-format", "text", "notes.log"]) == ["email"])
  }

  @Test func anUnknownInputFormatIsAUsageErrorListingTheFormats() throws {
    let run = try runDarkshare(["audit", "--input-format", "whatsap", "-"], input: Data("x".utf8))
    #expect(run.exitCode == 2)
    #expect(run.standardOutput.isEmpty)
    #expect(run.standardError.contains("unknown input format 'whatsap'"))
    for format in AuditRequest.inputFormats { #expect(run.standardError.contains(format)) }
    #expect(
      AuditRequest.inputFormats == [
        "msg", "emlx", "mjml", "template", "mbox", "eml", "imessage", "google-voice", "signal", "whatsapp", "messenger",
        "telegram", "csv", "sms-backup", "html", "text",
      ])
  }

  @Test func aStdinFilenameWithoutStandardInputIsAUsageError() throws {
    let run = try runDarkshare(["audit", "--stdin-filename", "news.html", "corpora/html/share-buttons.html"])
    #expect(run.exitCode == 2)
    #expect(run.standardError.contains("--stdin-filename"))
  }

  /// An empty or binary standard input is an error, never `0 links` and a pass.
  @Test func emptyOrBinaryStandardInputFailsTheGate() throws {
    let empty = try runDarkshare(["audit", "-"], input: Data())
    #expect(empty.exitCode == 2)
    #expect(empty.standardOutput.contains("-: error: the input is empty"))
    let binary = try runDarkshare(["audit", "-"], input: Data([0x7F, 0x45, 0x4C, 0x46, 0, 0, 1, 2, 3]))
    #expect(binary.exitCode == 2)
    #expect(binary.standardOutput.contains("-: error: unknown format"))
  }

  /// An mbox piped in streams: reading 48 MB of it takes no more memory than reading one
  /// message does, give or take a few megabytes (read whole, it would take 48 MB more).
  @Test func aLargeMboxOnStandardInputIsStreamed() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("darkshare-stdin-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    // Each message: a text part with one link and a 150 KB attachment, which is not read as text.
    let attachment = String(repeating: String(repeating: "QUJD", count: 19) + "\n", count: 2000)
    func message(_ index: Int) -> Data {
      Data(
        """
        From news@shop.example Sat Jan  3 01:05:34 2024
        From: news@shop.example
        Subject: Issue \(index)
        MIME-Version: 1.0
        Content-Type: multipart/mixed; boundary="b"

        --b
        Content-Type: text/plain

        Read https://shop.example/issue/\(index)
        --b
        Content-Type: application/octet-stream
        Content-Transfer-Encoding: base64

        \(attachment)--b--


        """.utf8)
    }
    func mbox(_ name: String, messages: Int) throws -> URL {
      let file = folder.appendingPathComponent(name)
      _ = FileManager.default.createFile(atPath: file.path, contents: nil)
      let handle = try FileHandle(forWritingTo: file)
      for index in 0..<messages { handle.write(message(index)) }
      try handle.close()
      return file
    }
    let large = try mbox("large.mbox", messages: 320)
    let size = try #require(try FileManager.default.attributesOfItem(atPath: large.path)[.size] as? Int)
    #expect(size > 48_000_000)
    let arguments = ["links", "--format", "ndjson", "--jobs", "1", "-"]
    let one = try runDarkshareMeasuringMemory(arguments, inputFile: try mbox("one.mbox", messages: 1))
    let run = try runDarkshareMeasuringMemory(arguments, inputFile: large)
    #expect(one.exitCode == 0)
    #expect(run.exitCode == 0)
    #expect(run.standardOutput.split(separator: "\n").count == 320)
    #expect(one.peakResidentBytes > 0)
    let growth = run.peakResidentBytes - one.peakResidentBytes
    #expect(growth < size / 4, "peak \(run.peakResidentBytes) bytes for \(size) bytes of input, \(one.peakResidentBytes) for one message")
  }
}

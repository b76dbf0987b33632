import DarkshareCore
import DarkshareKit
import DarkshareTestSupport
import Foundation
import Testing

/// `darkshare fix` end to end: the options, configuration, file safety and encodings.
@Suite struct FixCommandTests {
  /// A fresh folder with `files` (name → bytes) in it.
  static func folder(_ files: [String: [UInt8]]) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("darkshare-fix-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    for (name, bytes) in files {
      let file = url.appendingPathComponent(name)
      try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(bytes).write(to: file)
    }
    return url
  }

  static func bytes(_ url: URL) throws -> [UInt8] { [UInt8](try Data(contentsOf: url)) }

  static let page = Array("""
    <html><body>
    <p><a href="https://shop.example/sale">Shop the sale</a></p>
    <p><a href="https://shop.example/new?ref=nl&amp;x=1">New</a></p>
    <p><a href="https://shop.example/ok?utm_source=newsletter&amp;utm_medium=email&amp;utm_campaign=spring">Ok</a></p>
    </body></html>

    """.utf8)

  @Test func fixRewritesOnlyTheURLsAndKeepsEntities() throws {
    let dir = try Self.folder(["spring.html": Self.page])
    let run = try runDarkshare(["fix", "spring.html"], in: dir)
    #expect(run.exitCode == 0, "\(run.standardError)")
    let fixed = String(decoding: try Self.bytes(dir.appendingPathComponent("spring.html")), as: UTF8.self)
    #expect(fixed.contains(#"href="https://shop.example/sale?utm_source=newsletter&amp;utm_medium=email&amp;utm_campaign=spring""#))
    #expect(fixed.contains(#"href="https://shop.example/new?ref=nl&amp;x=1&amp;utm_source=newsletter&amp;utm_medium=email&amp;utm_campaign=spring""#))
    #expect(run.standardOutput.contains("spring.html:2:13  https://shop.example/sale → https://shop.example/sale?utm_source=newsletter&utm_medium=email&utm_campaign=spring"))
    #expect(run.standardOutput.contains("1 file changed, 2 links fixed, 0 links left"))
    let again = try runDarkshare(["fix", "--check", "spring.html"], in: dir)
    #expect(again.exitCode == 0)
    #expect(try Self.bytes(dir.appendingPathComponent("spring.html")) == Array(fixed.utf8))
  }

  @Test func bareAmpersandStaysBareAndTheDocumentDecidesForAURLWithoutOne() throws {
    let page = Array("""
      <a href="https://shop.example/a?ref=nl&x=1">A</a>
      <a href="https://shop.example/b">B</a>

      """.utf8)
    let dir = try Self.folder(["bare.html": page])
    let run = try runDarkshare(["fix", "bare.html"], in: dir)
    #expect(run.exitCode == 0)
    let fixed = String(decoding: try Self.bytes(dir.appendingPathComponent("bare.html")), as: UTF8.self)
    #expect(fixed.contains(#"https://shop.example/a?ref=nl&x=1&utm_source=newsletter&utm_medium=email&utm_campaign=bare""#))
    #expect(fixed.contains(#"https://shop.example/b?utm_source=newsletter&utm_medium=email&utm_campaign=bare""#))
  }

  @Test func checkWritesNothingAndExitsOne() throws {
    let dir = try Self.folder(["spring.html": Self.page])
    let run = try runDarkshare(["fix", "--check", "."], in: dir)
    #expect(run.exitCode == 1)
    #expect(run.standardOutput.contains("1 file would change, 2 links would be fixed"))
    #expect(try Self.bytes(dir.appendingPathComponent("spring.html")) == Self.page)
    let dry = try runDarkshare(["fix", "--dry-run", "spring.html"], in: dir)
    #expect(dry.exitCode == 0)
    #expect(dry.standardOutput.contains("spring.html:3:13  https://shop.example/new?ref=nl&x=1 → "))
    #expect(try Self.bytes(dir.appendingPathComponent("spring.html")) == Self.page)
  }

  @Test func diffIsAcceptedByGitApplyAndGivesTheFixedFile() throws {
    let crlf = Array("<p>\r\n<a href=\"https://shop.example/x\">X</a>\r\n</p>".utf8)
    let last = Array(#"<a href="https://shop.example/l">L</a>"#.utf8)  // changed last line, no line feed
    let dir = try Self.folder([
      "mail/spring.html": Self.page, "mail/crlf.html": crlf, "mail/last.html": last,
      "notes.txt": Array("See https://shop.example/notes today.\n".utf8),
    ])
    let git = { (arguments: [String]) throws -> Int32 in
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      process.arguments = ["git", "-c", "core.autocrlf=false"] + arguments
      process.currentDirectoryURL = dir
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      try process.run()
      process.waitUntilExit()
      return process.terminationStatus
    }
    try #require(try git(["init", "-q"]) == 0)
    let run = try runDarkshare(["fix", "--diff", "mail", "notes.txt"], in: dir)
    #expect(run.exitCode == 0, "\(run.standardError)")
    #expect(run.standardOutput.hasPrefix("--- a/mail/crlf.html\n+++ b/mail/crlf.html\n"))
    #expect(run.standardError.contains("4 files would change, 5 links would be fixed"))
    #expect(run.standardOutput.contains("\\ No newline at end of file\n"))
    #expect(try Self.bytes(dir.appendingPathComponent("mail/spring.html")) == Self.page)
    let patch = dir.appendingPathComponent("fix.patch")
    try Data(run.standardOutput.utf8).write(to: patch)
    #expect(try git(["apply", "--check", "fix.patch"]) == 0)
    #expect(try git(["apply", "fix.patch"]) == 0)
    // The patched files are what fix writes.
    let names = ["mail/spring.html", "mail/crlf.html", "mail/last.html"]
    let patched = try names.map { try Self.bytes(dir.appendingPathComponent($0)) }
    let other = try Self.folder(["mail/spring.html": Self.page, "mail/crlf.html": crlf, "mail/last.html": last])
    #expect(try runDarkshare(["fix", "mail"], in: other).exitCode == 0)
    #expect(try names.map { try Self.bytes(other.appendingPathComponent($0)) } == patched)
    #expect(patched[2].last == UInt8(ascii: ">"))
    #expect(patched[1].count(where: { $0 == 0x0D }) == 2)
  }

  @Test func jsonListsChangesLeftLinksErrorsAndArchives() throws {
    let dir = try Self.folder([
      "a.html": Array(#"<a href="https://shop.example/a">A</a> <a href="https://bit.ly/3xYz">B</a>"#.utf8),
      "b.eml": Array("From: a@example.com\nSubject: x\n\nhttps://shop.example/b\n".utf8),
    ])
    let run = try runDarkshare(["fix", "--format", "json", "--dry-run", "."], in: dir)
    #expect(run.exitCode == 0, "\(run.standardError)")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
    let changes = try #require(object["changes"] as? [[String: Any]])
    #expect(changes.count == 1)
    #expect(changes.first?["file"] as? String == "./a.html")
    #expect(changes.first?["line"] as? Int == 1)
    #expect(changes.first?["column"] as? Int == 10)
    #expect(changes.first?["old"] as? String == "https://shop.example/a")
    #expect(changes.first?["new"] as? String == "https://shop.example/a?utm_source=newsletter&utm_medium=email&utm_campaign=a")
    let left = try #require(object["left"] as? [[String: Any]])
    #expect(left.count == 1)
    #expect((left.first?["reason"] as? String)?.contains("shortened by Bitly") == true)
    let skipped = try #require(object["notRewritten"] as? [[String: Any]])
    #expect(skipped.first?["file"] as? String == "./b.eml")
    #expect(skipped.first?["reason"] as? String == "not rewritten: mail and message archives are never rewritten")
    #expect((object["errors"] as? [Any])?.isEmpty == true)
    let summary = try #require(object["summary"] as? [String: Int])
    #expect(summary["linksFixed"] == 1 && summary["linksLeft"] == 1 && summary["filesChanged"] == 1)
    #expect(run.standardError.contains("1 file would change"))
  }

  @Test func configurationIsHonouredAsAuditHonoursIt() throws {
    let config = Array("""
      version: 1
      own-domains: [shop.example]
      other-domains: exclude
      required-parameters: [utm_source, utm_medium]
      ignore:
        - "https://shop.example/ignored*"
      fix:
        utm_source: club
        utm_content: "{text}"

      """.utf8)
    let page = Array("""
      <a href="https://shop.example/a">Big Sale!</a>
      <a href="https://elsewhere.example/b">B</a>
      <a href="https://shop.example/ignored/c">C</a>
      <a data-darkshare-ignore href="https://shop.example/d">D</a>
      <!-- darkshare-ignore-next-link -->
      <a href="https://shop.example/e">E</a>

      """.utf8)
    let dir = try Self.folder([".darkshare.yml": config, "club.html": page])
    let run = try runDarkshare(["fix", "club.html"], in: dir)
    #expect(run.exitCode == 0, "\(run.standardError)")
    let fixed = String(decoding: try Self.bytes(dir.appendingPathComponent("club.html")), as: UTF8.self)
    let expected = String(decoding: page, as: UTF8.self).replacingOccurrences(
      of: "https://shop.example/a\"", with: "https://shop.example/a?utm_source=club&utm_medium=email&utm_content=big-sale\"")
    #expect(fixed == expected)
    // --config overrides discovery.
    let other = try Self.folder(["club.html": page, "conf/c.yml": config])
    #expect(try runDarkshare(["fix", "--config", "conf/c.yml", "club.html"], in: other).exitCode == 0)
    #expect(try Self.bytes(other.appendingPathComponent("club.html")) == Array(expected.utf8))
  }

  @Test func symbolicLinkOutOfTheTreeIsRefused() throws {
    let outside = try Self.folder(["target.html": Self.page])
    let dir = try Self.folder(["in.html": Self.page])
    try FileManager.default.createSymbolicLink(
      atPath: dir.appendingPathComponent("out.html").path, withDestinationPath: outside.appendingPathComponent("target.html").path)
    try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("same.html").path, withDestinationPath: "in.html")
    let run = try runDarkshare(["fix", "."], in: dir)
    #expect(run.exitCode == 2)
    #expect(run.standardError.contains("./out.html"))
    #expect(run.standardError.contains("outside"))
    #expect(try Self.bytes(outside.appendingPathComponent("target.html")) == Self.page)
    // The file inside is fixed once (same.html points at it) and the links stay links.
    #expect(try Self.bytes(dir.appendingPathComponent("in.html")) != Self.page)
    let attributes = try FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent("same.html").path)
    #expect(attributes[.type] as? FileAttributeType == .typeSymbolicLink)
  }

  @Test func permissionsAreKept() throws {
    let dir = try Self.folder(["p.html": Self.page])
    let path = dir.appendingPathComponent("p.html").path
    try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: path)
    #expect(try runDarkshare(["fix", "p.html"], in: dir).exitCode == 0)
    #expect(try Self.bytes(dir.appendingPathComponent("p.html")) != Self.page)
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o640)
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".") }
    #expect(leftovers == [])
  }

  @Test func windows1252BOMAndCRLFAreKept() throws {
    // "Bûche" in windows-1252 (0xFB), declared by <meta charset>.
    let legacy: [UInt8] = Array("<meta charset=\"windows-1252\">\r\n<p>B".utf8) + [0xFB]
      + Array("che <a href=\"https://shop.example/b".utf8) + [0xFB] + Array("che\">Voir</a></p>\r\n".utf8)
    let bom: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("<p>Café <a href=\"https://shop.example/café\">x</a></p>\n".utf8)
    let text: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("Crème: https://shop.example/crème\r\nBye\r\n".utf8)
    let dir = try Self.folder(["legacy.html": legacy, "bom.html": bom, "text.txt": text])
    let run = try runDarkshare(["fix", "."], in: dir)
    #expect(run.exitCode == 0, "\(run.standardError)")
    #expect(run.standardOutput.contains("3 files changed, 3 links fixed"))
    let query = Array("?utm_source=newsletter&utm_medium=email&utm_campaign=".utf8)
    var expectedLegacy = legacy
    expectedLegacy.insert(contentsOf: query + Array("legacy".utf8), at: legacy.lastIndex(of: 0xFB)! + 4)
    #expect(try Self.bytes(dir.appendingPathComponent("legacy.html")) == expectedLegacy)
    var expectedBOM = bom
    let cafe = bom.firstRange(of: Array("café\"".utf8))!
    expectedBOM.insert(contentsOf: query + Array("bom".utf8), at: cafe.upperBound - 1)
    #expect(try Self.bytes(dir.appendingPathComponent("bom.html")) == expectedBOM)
    var expectedText = text
    let creme = text.firstRange(of: Array("crème\r".utf8))!
    expectedText.insert(contentsOf: query + Array("text".utf8), at: creme.upperBound - 1)
    #expect(try Self.bytes(dir.appendingPathComponent("text.txt")) == expectedText)
  }

  @Test func aFailedWriteLeavesTheOriginalAndNamesTheFile() throws {
    let dir = try Self.folder(["a.html": Self.page, "b.html": Self.page])
    let run = try runDarkshare(["fix", "."], in: dir, environment: ["DARKSHARE_TEST_FAIL_WRITE_AFTER": "40"])
    #expect(run.exitCode == 2)
    #expect(run.standardError.contains("./a.html: cannot write"))
    #expect(run.standardError.contains("./b.html: cannot write"))
    #expect(try Self.bytes(dir.appendingPathComponent("a.html")) == Self.page)
    #expect(try Self.bytes(dir.appendingPathComponent("b.html")) == Self.page)
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["a.html", "b.html"])
    // Without the failure the same run writes.
    #expect(try runDarkshare(["fix", "."], in: dir).exitCode == 0)
    #expect(try Self.bytes(dir.appendingPathComponent("a.html")) != Self.page)
  }

  @Test func aFixKilledBeforeItsRenameLeavesTheOriginal() throws {
    let dir = try Self.folder(["a.html": Self.page])
    let marker = dir.appendingPathComponent("paused").path
    let process = Process()
    process.executableURL = try darkshareBinary()
    process.arguments = ["fix", "a.html"]
    process.currentDirectoryURL = dir
    var environment = ProcessInfo.processInfo.environment
    environment["DARKSHARE_TEST_PAUSE_BEFORE_RENAME"] = marker
    process.environment = environment
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    var waited = 0
    while !FileManager.default.fileExists(atPath: marker), waited < 600, process.isRunning {
      usleep(50_000)
      waited += 1
    }
    try #require(FileManager.default.fileExists(atPath: marker), "the fix never reached its rename")
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    #expect(process.terminationReason == .uncaughtSignal)
    #expect(try Self.bytes(dir.appendingPathComponent("a.html")) == Self.page)
    // The complete temporary file, beside it, is what would have replaced it.
    let temporary = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".a.html.darkshare-fix-") }
    try #require(temporary.count == 1)
    let content = String(decoding: try Self.bytes(dir.appendingPathComponent(temporary[0])), as: UTF8.self)
    #expect(content.contains("sale?utm_source=newsletter&amp;utm_medium=email&amp;utm_campaign=spring"))
  }

  @Test func anUnreadableFileIsAnErrorAndTheOthersAreStillFixed() throws {
    let dir = try Self.folder(["good.html": Self.page, "bad.html": [0x00, 0x01, 0x02, 0x00, 0xFF]])
    let run = try runDarkshare(["fix", "good.html", "bad.html", "missing.html"], in: dir)
    #expect(run.exitCode == 2)
    #expect(run.standardError.contains("bad.html"))
    #expect(run.standardError.contains("missing.html"))
    #expect(try Self.bytes(dir.appendingPathComponent("good.html")) != Self.page)
  }
}

extension FixCommandTests {
  /// A link whose only rule is turned off is one `audit` does not report: `fix` leaves it.
  @Test func aLinkAuditDoesNotReportIsNotRewritten() throws {
    let page = Array(#"<a href="https://shop.example/a">A</a> <a href="https://shop.example/b?utm_source=x">B</a>"#.utf8)
    let config = Array("version: 1\nrules:\n  untagged-link: off\n".utf8)
    let dir = try Self.folder([".darkshare.yml": config, "r.html": page])
    let audit = try runDarkshare(["audit", "--format", "json", "r.html"], in: dir)
    #expect(!audit.standardOutput.contains("untagged-link"))
    let run = try runDarkshare(["fix", "r.html"], in: dir)
    #expect(run.exitCode == 0)
    let fixed = String(decoding: try Self.bytes(dir.appendingPathComponent("r.html")), as: UTF8.self)
    #expect(fixed.contains(#"href="https://shop.example/a""#))
    #expect(fixed.contains(#"href="https://shop.example/b?utm_source=x&utm_medium=email&utm_campaign=r""#))
  }
}

extension FixCommandTests {
  /// The owner is kept: only root may give a file away, so the test runs as root only.
  @Test(.enabled(if: getuid() == 0, "only root can give a file to another owner"))
  func ownershipIsKept() throws {
    let dir = try Self.folder(["o.html": Self.page])
    let path = dir.appendingPathComponent("o.html").path
    try #require(chown(path, 4242, 4343) == 0)
    #expect(try runDarkshare(["fix", "o.html"], in: dir).exitCode == 0)
    #expect(try Self.bytes(dir.appendingPathComponent("o.html")) != Self.page)
    var info = stat()
    try #require(stat(path, &info) == 0)
    #expect(info.st_uid == 4242)
    #expect(info.st_gid == 4343)
  }
}

extension FixCommandTests {
  @Test func diffAndJSONTogetherAreAUsageError() throws {
    let dir = try Self.folder(["a.html": Self.page])
    let run = try runDarkshare(["fix", "--diff", "--format", "json", "a.html"], in: dir)
    #expect(run.exitCode == 2)
    #expect(run.standardError.contains("--diff and --format json"))
    #expect(try Self.bytes(dir.appendingPathComponent("a.html")) == Self.page)
  }
}

extension FixCommandTests {
  @Test func aNamedFIFOIsRefusedWithoutBlocking() throws {
    let dir = try Self.folder(["a.html": Self.page])
    try #require(mkfifo(dir.appendingPathComponent("pipe.html").path, 0o600) == 0)
    let run = try runDarkshare(["fix", "pipe.html", "a.html"], in: dir)
    #expect(run.exitCode == 2)
    #expect(run.standardError.contains("pipe.html: not a regular file"))
    #expect(try Self.bytes(dir.appendingPathComponent("a.html")) != Self.page)
  }
}

extension FixCommandTests {
  /// A `.txt` a walk picked up that is no text is passed over, as `audit` passes it over;
  /// named on the command line, it is an error.
  @Test func aWalkedTextFileThatIsNoTextIsPassedOver() throws {
    let binary: [UInt8] = (0..<2000).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
    let dir = try Self.folder(["bin.txt": binary, "ok.txt": Array("x https://shop.example/a\n".utf8)])
    let walked = try runDarkshare(["fix", "."], in: dir)
    #expect(walked.exitCode == 0, "\(walked.standardError)")
    #expect(walked.standardOutput.contains("./bin.txt  passed over: not a document darkshare reads as text: the file is binary data"))
    #expect(walked.standardOutput.contains("1 file changed, 1 link fixed, 0 links left, 1 file not rewritten"))
    #expect(try Self.bytes(dir.appendingPathComponent("bin.txt")) == binary)
    let named = try runDarkshare(["fix", "bin.txt"], in: dir)
    #expect(named.exitCode == 2)
    #expect(named.standardError.contains("bin.txt: not a document darkshare reads as text: the file is binary data"))
  }
}

extension FixCommandTests {
  /// An editor saves the template while fix is writing it: the saved version wins.
  @Test func aFileChangedWhileBeingFixedIsNotReplaced() throws {
    let dir = try Self.folder(["a.html": Self.page])
    let marker = dir.appendingPathComponent("paused").path
    let process = Process()
    process.executableURL = try darkshareBinary()
    process.arguments = ["fix", "a.html"]
    process.currentDirectoryURL = dir
    var environment = ProcessInfo.processInfo.environment
    environment["DARKSHARE_TEST_PAUSE_BEFORE_RENAME"] = marker
    process.environment = environment
    let errors = Pipe()
    process.standardOutput = FileHandle.nullDevice
    process.standardError = errors
    try process.run()
    var waited = 0
    while !FileManager.default.fileExists(atPath: marker), waited < 600, process.isRunning {
      usleep(50_000)
      waited += 1
    }
    try #require(FileManager.default.fileExists(atPath: marker), "the fix never reached its rename")
    let saved = Array("<p>saved by an editor</p>\n".utf8)
    try Data(saved).write(to: dir.appendingPathComponent("a.html"))
    try FileManager.default.removeItem(atPath: marker)
    let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 2)
    #expect(message.contains("a.html: cannot write: the file changed while it was being fixed"))
    #expect(try Self.bytes(dir.appendingPathComponent("a.html")) == saved)
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["a.html"])
  }
}

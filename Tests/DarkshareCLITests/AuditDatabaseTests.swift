@testable import DarkshareKit
import DarkshareSQLite
import DarkshareTestSupport
import Foundation
import Testing

/// `--format sqlite`: the audit database, checked against the ndjson of the same run, written
/// again without duplicates, refreshed, and refused where it cannot be written.
@Suite struct AuditDatabaseTests {
  private func query(_ database: URL, _ sql: String) throws -> [[String?]] {
    let connection = try SQLiteDatabase(path: database.path, mode: .readOnly(immutable: false))
    let statement = try connection.prepare(sql)
    var rows = [[String?]]()
    while try statement.step() { rows.append((0..<statement.columnCount).map { statement.text(at: $0) }) }
    return rows
  }

  private func count(_ database: URL, _ sql: String) throws -> Int {
    Int(try query(database, sql).first?.first.flatMap { $0 } ?? "0") ?? -1
  }

  @Test func everyLinkOfTheRunIsARowWithItsStatus() throws {
    let (database, records) = try auditedIntoDatabase()
    #expect(try count(database, "SELECT count(*) FROM links") == records.count)
    var byStatus = [String: Int]()
    for record in records { byStatus[record["status"] as! String, default: 0] += 1 }
    for (status, expected) in byStatus {
      #expect(try count(database, "SELECT count(*) FROM links WHERE status = '\(status)'") == expected, "\(status)")
    }
    let rules = records.reduce(0) { $0 + (($1["rules"] as? [String])?.count ?? 0) }
    #expect(try count(database, "SELECT count(*) FROM findings") == rules)
    // Every link of a message points at it; every message at the document whose links it holds.
    #expect(try count(database, "SELECT count(*) FROM links l JOIN messages m ON l.message_id = m.id WHERE l.document_id <> m.document_id") == 0)
    #expect(try count(database, "PRAGMA user_version") == 1)
    #expect(try count(database, "SELECT count(*) FROM inputs WHERE complete = 1 AND length(sha256) = 64") > 30)
  }

  /// The database holds each finding's explanation and suggested fix though the run is an
  /// inventory (`links`), whose other reports show neither.
  @Test func anInventoryKeepsEveryFindingsExplanation() throws {
    let (database, _) = try auditedIntoDatabase()
    #expect(try count(database, "SELECT count(*) FROM findings") > 200)
    #expect(try count(database, "SELECT count(*) FROM findings WHERE explanation IS NULL OR explanation = ''") == 0)
    #expect(try count(database, "SELECT count(*) FROM findings WHERE rule = 'untagged-link' AND suggestion LIKE '%utm_source=%'") > 50)
  }

  /// The message archives land under the channel their messages travelled on — SMS and
  /// iMessage apart inside one Messages database — in the database and in the insights model.
  @Test func messageArchivesAreGroupedUnderTheirChannels() throws {
    let archives = ["corpora/imessage", "corpora/signal", "corpora/msg", "corpora/gvoice", "corpora/messenger"]
    let (database, records) = try auditedIntoDatabase(archives)
    let rows = try query(database, "SELECT d.name, group_concat(DISTINCT l.channel) FROM links l JOIN documents d ON l.document_id = d.id GROUP BY d.name")
    var channels = [String: Set<String>]()
    for row in rows {
      let archive = archives.first { row[0]?.hasPrefix($0) == true } ?? "?"
      channels[archive] = Set((row[1] ?? "").split(separator: ",").map(String.init))
    }
    #expect(channels == [
      "corpora/imessage": ["sms", "chat"], "corpora/signal": ["chat"], "corpora/msg": ["email"],
      "corpora/gvoice": ["sms"], "corpora/messenger": ["chat"],
    ])
    let model = try InsightsQueries(path: database.path).model()
    var byChannel = [String: Int]()
    for record in records { byChannel[record["channel"] as! String, default: 0] += 1 }
    #expect(Dictionary(uniqueKeysWithValues: model.byChannel.map { ($0.key, $0.counts.links) }) == byChannel)
  }

  @Test func aSecondRunAddsNothingAndRefreshReplaces() throws {
    let folder = try makeTemporaryDirectory()
    let database = folder.appendingPathComponent("audit.db")
    let arguments = ["links", "corpora/html", "--format", "sqlite", "--output", database.path]
    #expect(try runDarkshare(arguments + ["--quiet"]).exitCode == 0)
    let links = try count(database, "SELECT count(*) FROM links")
    let again = try runDarkshare(arguments)
    #expect(again.exitCode == 0)
    #expect(again.standardError.contains("already in the audit database"))
    #expect(try count(database, "SELECT count(*) FROM links") == links)
    #expect(try runDarkshare(arguments + ["--refresh", "--quiet"]).exitCode == 0)
    #expect(try count(database, "SELECT count(*) FROM links") == links)
    #expect(try count(database, "SELECT count(*) FROM runs") == 3)
    #expect(try count(database, "SELECT count(DISTINCT run_id) FROM inputs") == 1)
  }

  /// An input an interrupted run left incomplete is audited again, its old rows replaced.
  @Test func anIncompleteInputIsAuditedAgain() throws {
    let folder = try makeTemporaryDirectory()
    let database = folder.appendingPathComponent("audit.db")
    let arguments = ["links", "corpora/html", "--format", "sqlite", "--output", database.path, "--quiet"]
    #expect(try runDarkshare(arguments).exitCode == 0)
    let links = try count(database, "SELECT count(*) FROM links")
    try SQLiteDatabase(path: database.path, mode: .readWriteCreate)
      .execute("UPDATE inputs SET complete = 0 WHERE id = (SELECT min(id) FROM inputs)")
    #expect(try runDarkshare(arguments).exitCode == 0)
    #expect(try count(database, "SELECT count(*) FROM links") == links)
    #expect(try count(database, "SELECT count(*) FROM inputs WHERE complete = 0") == 0)
  }

  @Test func quotesAndMarkupRoundTrip() throws {
    let folder = try makeTemporaryDirectory()
    let message = """
      From: "O'Brien; DROP TABLE links;--" <News@Brand.example>
      Subject: Robert'); DROP TABLE links;-- "sale"
      Date: Tue, 14 May 2024 09:00:00 +0000
      Content-Type: text/html; charset=utf-8

      <a href="https://shop.example/it's?q=%27x%27&amp;a=&quot;b&quot;">It's "on"</a>
      """
    try Data(message.utf8).write(to: folder.appendingPathComponent("quote.eml"))
    let database = folder.appendingPathComponent("audit.db")
    let run = try runDarkshare(["links", "quote.eml", "--format", "sqlite", "--output", database.path], in: folder)
    #expect(run.exitCode == 0, "\(run.standardError)")
    let row = try query(database, "SELECT m.subject, m.sender, m.month, l.url, l.text FROM links l JOIN messages m ON l.message_id = m.id")
    #expect(row.count == 1)
    #expect(row.first?[0] == "Robert'); DROP TABLE links;-- \"sale\"")
    #expect(row.first?[1] == "news@brand.example")
    #expect(row.first?[2] == "2024-05")
    #expect(row.first?[3] == "https://shop.example/it's?q=%27x%27&a=\"b\"")
    #expect(row.first?[4] == "It's \"on\"")
  }

  @Test func whatCannotHoldTheDatabaseIsRefused() throws {
    let folder = try makeTemporaryDirectory()
    let garbage = folder.appendingPathComponent("garbage.db")
    try Data(repeating: 0x41, count: 8192).write(to: garbage)
    let onGarbage = try runDarkshare(["links", "corpora/html", "--format", "sqlite", "--output", garbage.path])
    #expect(onGarbage.exitCode == 2)
    #expect(onGarbage.standardError.contains("is not an SQLite database"))
    #expect(try Data(contentsOf: garbage) == Data(repeating: 0x41, count: 8192))

    let other = folder.appendingPathComponent("other.db")
    try SQLiteDatabase(path: other.path, mode: .readWriteCreate).execute("CREATE TABLE notes(x)")
    let onOther = try runDarkshare(["links", "corpora/html", "--format", "sqlite:\(other.path)"])
    #expect(onOther.exitCode == 2)
    #expect(onOther.standardError.contains("another program"))

    let newer = folder.appendingPathComponent("newer.db")
    try SQLiteDatabase(path: newer.path, mode: .readWriteCreate).execute("PRAGMA user_version = 99")
    let onNewer = try runDarkshare(["links", "corpora/html", "--format", "sqlite", "--output", newer.path])
    #expect(onNewer.exitCode == 2)
    #expect(onNewer.standardError.contains("newer darkshare"))

    let toStandardOutput = try runDarkshare(["links", "corpora/html", "--format", "sqlite"])
    #expect(toStandardOutput.exitCode == 2)
    #expect(toStandardOutput.standardError.contains("not standard output"))
  }

  /// A database another connection holds is waited for, then refused as in use — not called
  /// "not an SQLite database" — and left as it was.
  @Test func aDatabaseInUseIsReportedAsInUse() throws {
    let folder = try makeTemporaryDirectory()
    let path = folder.appendingPathComponent("audit.db").path
    let first = try runDarkshare(["links", "corpora/html/share-buttons.html", "--format", "sqlite", "--output", path])
    #expect(first.exitCode == 0, "\(first.standardError)")
    let holder = try SQLiteDatabase(path: path, mode: .readWriteCreate)
    try holder.execute("BEGIN EXCLUSIVE")
    let run = try runDarkshare(["links", "corpora/html/mailchimp-spring-sale.html", "--format", "sqlite", "--output", path])
    try holder.execute("ROLLBACK")
    #expect(run.exitCode == 2)
    #expect(run.standardError.contains("'\(path)' is in use by another program"), "\(run.standardError)")
    #expect(try count(URL(fileURLWithPath: path), "SELECT count(*) FROM inputs") == 1)
  }

  /// A database cut short (a copy interrupted) is refused by name, both when written to and
  /// when reported on.
  @Test func aTruncatedDatabaseIsRefusedByName() throws {
    let folder = try makeTemporaryDirectory()
    let whole = folder.appendingPathComponent("whole.db")
    let run = try runDarkshare(["links", "corpora/html", "--format", "sqlite", "--output", whole.path])
    #expect(run.exitCode == 0, "\(run.standardError)")
    let truncated = folder.appendingPathComponent("truncated.db")
    try Data(try Data(contentsOf: whole).prefix(5000)).write(to: truncated)
    let onWrite = try runDarkshare(["links", "corpora/html", "--format", "sqlite", "--output", truncated.path])
    #expect(onWrite.exitCode == 2)
    #expect(onWrite.standardError.contains("'\(truncated.path)' is not an SQLite database"), "\(onWrite.standardError)")
    let onReport = try runDarkshare(["report", truncated.path])
    #expect(onReport.exitCode == 2)
    #expect(onReport.standardError.contains("'\(truncated.path)'"), "\(onReport.standardError)")
  }
}

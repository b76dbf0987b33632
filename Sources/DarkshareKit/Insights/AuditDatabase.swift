import DarkshareCore
import DarkshareJudgement
import DarkshareSQLite
import Foundation

/// The audit database that `--format sqlite` writes: every input, document, message, link and
/// finding of a run as rows, so an analyst asks questions in SQL instead of reading ndjson
/// (schema and example queries: docs/audit-database.md).
///
/// Re-running over the same inputs adds nothing: each input's SHA-256 is kept, and an input whose
/// content is already in the database, completely, is not audited again unless `--refresh`
/// (which replaces its rows). Each part of a report (at most a few thousand links) is written in
/// its own transaction, so an interrupted run loses nothing it committed; an input is marked
/// complete only once all of it is written, and an incomplete one is audited again next time.
final class AuditDatabase {
  /// The schema version kept in `PRAGMA user_version`; a later darkshare migrates from it.
  static let schemaVersion = 1

  /// The format name of `--format`.
  static let format = "sqlite"

  private let database: SQLiteDatabase
  private let path: String
  private let runID: Int64
  private let refresh: Bool
  /// Whether newsletters' HTML is kept for the report's newsletter view (not with `--redact`:
  /// the source holds what redaction masks).
  private let keepsNewsletters: Bool
  /// Content hash and size of each input read from a file, by the name reports give it.
  private let fingerprints: [String: Fingerprint]
  private var currentInput: (name: String, id: Int64)?
  private var currentDocument: (name: String, id: Int64)?
  private var messageIDs: [Int: Int64] = [:]

  private let insertInput: SQLiteStatement
  private let insertDocument: SQLiteStatement
  private let insertMessage: SQLiteStatement
  private let insertLink: SQLiteStatement
  private let insertFinding: SQLiteStatement

  /// An input's content hash (SHA-256, hex) and size in bytes.
  struct Fingerprint: Sendable, Hashable {
    var sha256: String
    var size: Int
  }

  /// Opens (or creates) the database at `path` for a run of `command`.
  /// - Throws: ``ReportWriteError`` when the file is not an SQLite database, holds another
  ///   program's tables, was written by a newer darkshare, or cannot be written.
  /// - Parameter isScratch: a database only this run reads (`--format html` alone): written
  ///   without syncing to disk or a rollback journal, as nothing of it outlives a crash.
  init(
    path: String, command: String, fingerprints: [String: Fingerprint], refresh: Bool, keepsNewsletters: Bool = true,
    isScratch: Bool = false
  ) throws(ReportWriteError) {
    self.path = path
    self.keepsNewsletters = keepsNewsletters
    self.fingerprints = fingerprints
    self.refresh = refresh
    do {
      database = try SQLiteDatabase(path: path, mode: .readWriteCreate)
      // Another darkshare (or a reader such as `sqlite3`) holding the file is waited for a while
      // before the run gives up with "in use", rather than failing at once.
      try database.execute("PRAGMA busy_timeout = \(Self.busyMilliseconds)")
      if isScratch { try database.execute("PRAGMA synchronous = OFF; PRAGMA journal_mode = MEMORY;") }
      try Self.prepareSchema(database, path: path)
      try database.prepare("INSERT INTO runs(started_at, darkshare_version, command) VALUES (?, ?, ?)")
        .run([.text(Self.timestamp()), .text(DarkshareVersion.current), .text(command)])
      runID = database.lastInsertedRowID
      insertInput = try database.prepare(
        "INSERT INTO inputs(path, sha256, size, run_id, complete) VALUES (?, ?, ?, ?, 0)")
      insertDocument = try database.prepare("INSERT INTO documents(input_id, name, messages, error) VALUES (?, ?, 0, NULL)")
      insertMessage = try database.prepare(
        """
        INSERT INTO messages(document_id, message_index, message_id, date, month, sender, from_header, subject, channel)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        """)
      insertLink = try database.prepare(
        """
        INSERT INTO links(document_id, message_id, line, column, url, destination, destination_host, status, via,
          text, channel, suppressed, utm_source, utm_medium, utm_campaign, utm_term, utm_content, resolve_error)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """)
      insertFinding = try database.prepare(
        "INSERT INTO findings(link_id, rule, severity, explanation, suggestion) VALUES (?, ?, ?, ?, ?)")
    } catch let error as ReportWriteError {
      throw error
    } catch {
      throw ReportWriteError(message: "cannot write the audit database '\(path)': \(error)")
    }
  }

  /// The inputs whose content the database already holds completely, by the name given here,
  /// each with the path it was audited under; empty with `--refresh`.
  func alreadyAudited() throws(ReportWriteError) -> [String: String] {
    guard !refresh else { return [:] }
    var found = [String: String]()
    do {
      let lookup = try database.prepare("SELECT path FROM inputs WHERE sha256 = ? AND complete = 1 LIMIT 1")
      for (name, fingerprint) in fingerprints {
        try lookup.bind([.text(fingerprint.sha256)])
        if try lookup.step(), let path = lookup.text(at: 0) { found[name] = path }
        lookup.reset()
      }
    } catch {
      throw ReportWriteError(message: "cannot read the audit database '\(path)': \(error)")
    }
    return found
  }

  /// Writes one part of a report, in one transaction.
  func record(_ result: FileResult) throws(ReportWriteError) {
    do {
      try database.transaction {
        let document = try documentID(for: result)
        if result.messages > 0 {
          try database.prepare("UPDATE documents SET messages = messages + ? WHERE id = ?")
            .run([.integer(Int64(result.messages)), .integer(document)])
        }
        if let error = result.error {
          try database.prepare("UPDATE documents SET error = CASE WHEN error IS NULL THEN ?1 ELSE error || '; ' || ?1 END WHERE id = ?2")
            .run([.text(error), .integer(document)])
        }
        for link in result.links { try write(link, document: document) }
      }
    } catch {
      throw ReportWriteError(message: "cannot write the audit database '\(path)': \(error)")
    }
  }

  /// Marks the last input complete and the run finished.
  func finish() throws(ReportWriteError) {
    do {
      try database.transaction {
        if let input = currentInput { try markComplete(input.id) }
        try database.prepare("UPDATE runs SET finished_at = ? WHERE id = ?").run([.text(Self.timestamp()), .integer(runID)])
      }
    } catch {
      throw ReportWriteError(message: "cannot write the audit database '\(path)': \(error)")
    }
  }

  // MARK: - Rows

  /// The document `result` belongs to, created (with its input) at its first part.
  private func documentID(for result: FileResult) throws -> Int64 {
    if let document = currentDocument, document.name == result.file, !result.isFirstPart { return document.id }
    let inputName = Self.inputName(of: result.file)
    let input: Int64
    if let current = currentInput, current.name == inputName {
      input = current.id
    } else {
      if let previous = currentInput { try markComplete(previous.id) }
      input = try newInput(named: inputName)
      currentInput = (inputName, input)
    }
    try insertDocument.run([.integer(input), .text(result.file)])
    let document = database.lastInsertedRowID
    if keepsNewsletters, let html = Self.newsletterSource(result.file) {
      try database.prepare("UPDATE documents SET html = ? WHERE id = ?").run([.text(html), .integer(document)])
    }
    currentDocument = (result.file, document)
    messageIDs = [:]
    return document
  }

  /// A new input row; an earlier copy of the same content (refreshed, or left incomplete by an
  /// interrupted run) is deleted with everything under it.
  private func newInput(named name: String) throws -> Int64 {
    let fingerprint = fingerprints[name]
    if let fingerprint {
      try database.prepare("DELETE FROM inputs WHERE sha256 = ?").run([.text(fingerprint.sha256)])
    }
    try insertInput.run([
      .text(name), text(fingerprint?.sha256), fingerprint.map { .integer(Int64($0.size)) } ?? .null, .integer(runID),
    ])
    return database.lastInsertedRowID
  }

  private func markComplete(_ input: Int64) throws {
    try database.prepare("UPDATE inputs SET complete = 1 WHERE id = ?").run([.integer(input)])
  }

  private func write(_ audited: AuditedLink, document: Int64) throws {
    let link = audited.link
    let message = try link.message.map { try messageID($0, channel: link.channel, document: document) }
    let judged = LinkURL(audited.destination ?? link.url)
    func campaign(_ key: String) -> SQLiteStatement.Value {
      text(judged.queryParameters.first { $0.key == key }?.value)
    }
    try insertLink.run([
      .integer(document), message.map { .integer($0) } ?? .null, .integer(Int64(link.location.line)),
      .integer(Int64(link.location.column)), .text(link.url), text(audited.destination), text(judged.host),
      .text(audited.status.rawValue), text(audited.service), text(link.text), .text(link.channel.rawValue),
      .integer(link.isSuppressed ? 1 : 0), campaign("utm_source"), campaign("utm_medium"), campaign("utm_campaign"),
      campaign("utm_term"), campaign("utm_content"), text(audited.resolutionError),
    ])
    let linkID = database.lastInsertedRowID
    for finding in audited.findings {
      try insertFinding.run([
        .integer(linkID), .text(finding.rule), .text(finding.severity.rawValue), .text(finding.message),
        text(finding.suggestion),
      ])
    }
  }

  private func messageID(_ context: MessageContext, channel: Channel, document: Int64) throws -> Int64 {
    if let id = messageIDs[context.index] { return id }
    try insertMessage.run([
      .integer(document), .integer(Int64(context.index)), text(context.id), text(context.date),
      text(context.date.flatMap(MessageMonth.init(date:))?.text), text(context.from.map(Self.sender(from:))),
      text(context.from), text(context.subject), .text(channel.rawValue),
    ])
    let id = database.lastInsertedRowID
    messageIDs[context.index] = id
    return id
  }

  private func text(_ value: String?) -> SQLiteStatement.Value { value.map { .text($0) } ?? .null }

  // MARK: - Helpers

  /// The largest newsletter kept for the newsletter view.
  static let newsletterLimit = 2 << 20

  /// The source of an HTML file, read again from disk, for the newsletter view: nil for other
  /// documents, entries of archives, standard input and files over ``newsletterLimit``.
  /// Invalid UTF-8 (a legacy 8-bit file) becomes U+FFFD byte for byte, so the audit's columns,
  /// counted in scalars of the transcoded text, still point at the same places.
  static func newsletterSource(_ document: String) -> String? {
    let lowered = document.lowercased()
    guard lowered.hasSuffix(".html") || lowered.hasSuffix(".htm"),
      let attributes = try? FileManager.default.attributesOfItem(atPath: document),
      attributes[.type] as? FileAttributeType == .typeRegular,
      let size = attributes[.size] as? Int, size <= newsletterLimit,
      let bytes = FileManager.default.contents(atPath: document)
    else { return nil }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// The input a document came from: `archive.zip!/a.html` → `archive.zip`.
  static func inputName(of document: String) -> String {
    guard let separator = document.range(of: "!/") else { return document }
    return String(document[..<separator.lowerBound])
  }

  /// The sender's address, lower-cased, when From has one (`News <News@Brand.example>` →
  /// `news@brand.example`); else From as written. The Spark job groups senders the same way.
  static func sender(from header: String) -> String {
    let pieces = header.split { $0 == "<" || $0 == ">" || $0 == " " || $0 == "\t" || $0 == "\"" }
    return pieces.first { $0.contains("@") }.map { $0.lowercased() } ?? header
  }

  private static func timestamp() -> String {
    ISO8601DateFormatter().string(from: Date())
  }

  /// How long a database another connection has locked is waited for.
  static let busyMilliseconds = 5000
  /// SQLite's primary result codes for a file another connection holds.
  private static let busy: Int32 = 5, locked: Int32 = 6

  /// Creates the schema in a new database, accepts one of this version, refuses anything else.
  private static func prepareSchema(_ database: SQLiteDatabase, path: String) throws {
    try database.execute("PRAGMA foreign_keys = ON")
    let version: Int
    do {
      version = try database.userVersion
    } catch let error as SQLiteError where error.code == busy || error.code == locked {
      throw ReportWriteError(
        message: "'\(path)' is in use by another program (\(error.message) for \(busyMilliseconds / 1000) s); run again when it has finished")
    } catch let error as SQLiteError {
      throw ReportWriteError(message: "'\(path)' is not an SQLite database (\(error.message)); give --output a new file or an audit database")
    }
    if version == schemaVersion { return }
    if version > schemaVersion {
      throw ReportWriteError(
        message: "'\(path)' was written by a newer darkshare (schema version \(version); this one writes \(schemaVersion))")
    }
    let tables = try database.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table'")
    if try tables.step(), tables.int(at: 0) > 0 {
      throw ReportWriteError(message: "'\(path)' is an SQLite database of another program (it has tables but no darkshare schema); give --output a new file")
    }
    try database.transaction { try database.execute(schema + "\nPRAGMA user_version = \(schemaVersion);") }
  }

  /// Schema version 1 (docs/audit-database.md describes every column).
  static let schema = """
    CREATE TABLE runs (
      id INTEGER PRIMARY KEY,
      started_at TEXT NOT NULL,
      finished_at TEXT,
      darkshare_version TEXT NOT NULL,
      command TEXT NOT NULL
    );
    CREATE TABLE inputs (
      id INTEGER PRIMARY KEY,
      path TEXT NOT NULL,
      sha256 TEXT,
      size INTEGER,
      run_id INTEGER NOT NULL REFERENCES runs(id),
      complete INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX inputs_by_sha256 ON inputs(sha256);
    CREATE TABLE documents (
      id INTEGER PRIMARY KEY,
      input_id INTEGER NOT NULL REFERENCES inputs(id) ON DELETE CASCADE,
      name TEXT NOT NULL,
      messages INTEGER NOT NULL DEFAULT 0,
      error TEXT,
      html TEXT
    );
    CREATE INDEX documents_by_input ON documents(input_id);
    CREATE TABLE messages (
      id INTEGER PRIMARY KEY,
      document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
      message_index INTEGER NOT NULL,
      message_id TEXT,
      date TEXT,
      month TEXT,
      sender TEXT,
      from_header TEXT,
      subject TEXT,
      channel TEXT NOT NULL,
      UNIQUE (document_id, message_index)
    );
    CREATE INDEX messages_by_month ON messages(month);
    CREATE INDEX messages_by_sender ON messages(sender);
    CREATE TABLE links (
      id INTEGER PRIMARY KEY,
      document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
      message_id INTEGER REFERENCES messages(id) ON DELETE CASCADE,
      line INTEGER NOT NULL,
      column INTEGER NOT NULL,
      url TEXT NOT NULL,
      destination TEXT,
      destination_host TEXT,
      status TEXT NOT NULL,
      via TEXT,
      text TEXT,
      channel TEXT NOT NULL,
      suppressed INTEGER NOT NULL,
      utm_source TEXT,
      utm_medium TEXT,
      utm_campaign TEXT,
      utm_term TEXT,
      utm_content TEXT,
      resolve_error TEXT
    );
    CREATE INDEX links_by_document ON links(document_id);
    CREATE INDEX links_by_message ON links(message_id);
    CREATE INDEX links_by_status ON links(status);
    CREATE INDEX links_by_destination_host ON links(destination_host);
    CREATE INDEX links_by_campaign ON links(utm_campaign);
    CREATE TABLE findings (
      id INTEGER PRIMARY KEY,
      link_id INTEGER NOT NULL REFERENCES links(id) ON DELETE CASCADE,
      rule TEXT NOT NULL,
      severity TEXT NOT NULL,
      explanation TEXT NOT NULL,
      suggestion TEXT
    );
    CREATE INDEX findings_by_link ON findings(link_id);
    CREATE INDEX findings_by_rule ON findings(rule);
    """
}

/// The month of a message date, `YYYY-MM`: from an ISO date (`2026-03-02T17:05:00+00:00`, as the
/// chat readers write them) or an RFC 5322 one (`Tue, 14 May 2024 09:00:00 +0000`, as mail
/// carries them). Other dates have no month.
struct MessageMonth: Equatable {
  var text: String

  init?(date: String) {
    let bytes = Array(date.utf8)
    func isDigit(_ index: Int) -> Bool { index < bytes.count && (0x30...0x39).contains(bytes[index]) }
    if bytes.count >= 7, (0..<4).allSatisfy(isDigit), bytes[4] == UInt8(ascii: "-"), isDigit(5), isDigit(6) {
      text = String(decoding: bytes[0..<7], as: UTF8.self)
      return
    }
    let words = date.split { $0 == " " || $0 == "," || $0 == "\t" }
    for (index, word) in words.enumerated() where index + 1 < words.count {
      guard let month = Self.months.firstIndex(of: word.prefix(3).lowercased()), word.count >= 3,
        index > 0, Int(words[index - 1]) != nil, let year = Int(words[index + 1]), words[index + 1].count == 4
      else { continue }
      text = String(year) + "-" + (month < 9 ? "0" : "") + String(month + 1)
      return
    }
    return nil
  }

  private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
}

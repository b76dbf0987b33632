import DarkshareCore
import DarkshareReporters
import DarkshareSQLite
import Foundation

/// Reads the numbers of the HTML report from an audit database, every one by SQL over the rows
/// the run wrote (issue 16: no second counting method). The groupings are the Spark job's and
/// docs/audit-database.md's: month and sender of the message, campaign = `utm_campaign`, else
/// the subject, else the document; channel; destination host.
struct InsightsQueries {
  private let database: SQLiteDatabase

  /// How many rows each breakdown shows.
  static let rowsPerBreakdown = 15
  /// How many newsletters the report shows rendered.
  static let newsletters = 50
  /// How many messages the "worst messages" list shows.
  static let worstMessages = 10

  /// Opens `path` read-only.
  /// - Throws: ``ReportWriteError`` when it is not an audit database darkshare can read.
  init(path: String) throws(ReportWriteError) {
    do {
      database = try SQLiteDatabase(path: path, mode: .readOnly(immutable: false))
      let version = try database.userVersion
      guard version == AuditDatabase.schemaVersion else {
        throw ReportWriteError(
          message: version == 0
            ? "'\(path)' is not a darkshare audit database (write one with --format sqlite)"
            : "'\(path)' has schema version \(version); this darkshare reads version \(AuditDatabase.schemaVersion)")
      }
    } catch let error as ReportWriteError {
      throw error
    } catch {
      throw ReportWriteError(message: "cannot read the audit database '\(path)': \(error)")
    }
  }

  /// Every number and row of the report.
  func model() throws(ReportWriteError) -> InsightsModel {
    do {
      return InsightsModel(
        generatedBy: "darkshare \(DarkshareVersion.current)",
        inputs: try integer("SELECT count(*) FROM inputs"),
        messages: try integer("SELECT coalesce(sum(messages), 0) FROM documents"),
        errors: try tallies("SELECT name || ': ' || error, 0, 0 FROM documents WHERE error IS NOT NULL ORDER BY name"),
        totals: try groups(key: "'all'", order: "1").first?.counts ?? InsightsModel.StatusCounts(),
        byMonth: try groups(key: "coalesce(m.month, '(no date)')", order: "1", limit: nil),
        bySender: try groups(key: "coalesce(m.sender, '(no sender)')"),
        byCampaign: try groups(key: "coalesce(l.utm_campaign, m.subject, d.name)"),
        byChannel: try groups(key: "l.channel"),
        byDestinationHost: try groups(key: "coalesce(l.destination_host, '(none)')", filter: "l.status <> 'excluded'"),
        topUntaggedDestinations: try tallies(
          """
          SELECT rtrim(substr(coalesce(destination, url), 1, instr(coalesce(destination, url) || '?', '?') - 1), '/'),
            count(*), count(DISTINCT coalesce(message_id, -document_id))
          FROM links WHERE status = 'dark' GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT \(Self.rowsPerBreakdown)
          """),
        wrappers: try tallies(
          """
          SELECT via, count(*), count(DISTINCT coalesce(message_id, -document_id)) FROM links
          WHERE via IS NOT NULL GROUP BY via ORDER BY 2 DESC, 1 LIMIT \(Self.rowsPerBreakdown)
          """),
        leakingIdentifiers: try tallies(
          """
          SELECT f.rule, count(DISTINCT l.id), count(DISTINCT coalesce(l.message_id, -l.document_id))
          FROM findings f JOIN links l ON f.link_id = l.id
          WHERE f.rule IN ('click-id-only', 'recipient-id-in-link', 'pii-in-url') GROUP BY f.rule ORDER BY 2 DESC, 1
          """),
        worstMessages: try worstMessages(),
        newsletters: try newsletters())
    } catch let error as ReportWriteError {
      throw error
    } catch {
      throw ReportWriteError(message: "cannot read the audit database: \(error)")
    }
  }

  // MARK: - Queries

  private static let joins = """
    FROM links l JOIN documents d ON l.document_id = d.id LEFT JOIN messages m ON l.message_id = m.id
    """

  private static let statusColumns = """
    sum(l.status = 'tracked'), sum(l.status = 'partial'), sum(l.status = 'dark'), sum(l.status = 'at-risk'),
    sum(l.status = 'unknown'), sum(l.status = 'excluded')
    """

  /// Links counted by status per value of `key`, most links first (or by `order`).
  private func groups(
    key: String, filter: String? = nil, order: String = "count(*) DESC, 1", limit: Int? = Self.rowsPerBreakdown
  ) throws -> [InsightsModel.Group] {
    let statement = try database.prepare(
      "SELECT \(key), \(Self.statusColumns) \(Self.joins) \(filter.map { "WHERE \($0)" } ?? "") GROUP BY 1 ORDER BY \(order)"
        + (limit.map { " LIMIT \($0)" } ?? ""))
    var groups = [InsightsModel.Group]()
    while try statement.step() {
      groups.append(InsightsModel.Group(key: statement.text(at: 0) ?? "", counts: Self.counts(statement, from: 1)))
    }
    return groups
  }

  private static func counts(_ statement: SQLiteStatement, from first: Int) -> InsightsModel.StatusCounts {
    InsightsModel.StatusCounts(
      tracked: statement.int(at: first), partial: statement.int(at: first + 1), dark: statement.int(at: first + 2),
      atRisk: statement.int(at: first + 3), unknown: statement.int(at: first + 4), excluded: statement.int(at: first + 5))
  }

  /// Rows of (value, links, messages).
  private func tallies(_ sql: String) throws -> [InsightsModel.Tally] {
    let statement = try database.prepare(sql)
    var rows = [InsightsModel.Tally]()
    while try statement.step() {
      rows.append(InsightsModel.Tally(value: statement.text(at: 0) ?? "", links: statement.int(at: 1), messages: statement.int(at: 2)))
    }
    return rows
  }

  private func integer(_ sql: String) throws -> Int {
    let statement = try database.prepare(sql)
    return try statement.step() ? statement.int(at: 0) : 0
  }

  /// The messages (or single-document inputs) with the most untraceable links, with their
  /// links and findings.
  private func worstMessages() throws -> [InsightsModel.MessageRow] {
    let worst = try database.prepare(
      """
      SELECT d.id, m.id, d.name, m.message_index, m.subject, m.from_header, m.date, l.channel, \(Self.statusColumns)
      \(Self.joins) GROUP BY d.id, m.id
      HAVING sum(l.status IN ('dark', 'at-risk')) > 0
      ORDER BY sum(l.status IN ('dark', 'at-risk')) DESC, d.name, m.message_index LIMIT \(Self.worstMessages)
      """)
    var rows = [InsightsModel.MessageRow]()
    while try worst.step() {
      let message = worst.isNull(at: 1) ? nil : worst.int64(at: 1)
      rows.append(
        InsightsModel.MessageRow(
          file: worst.text(at: 2) ?? "", index: worst.isNull(at: 3) ? nil : worst.int(at: 3), subject: worst.text(at: 4),
          from: worst.text(at: 5), date: worst.text(at: 6), channel: Channel(rawValue: worst.text(at: 7) ?? "") ?? .email,
          counts: Self.counts(worst, from: 8), links: try links(document: worst.int64(at: 0), message: message), html: nil))
    }
    return rows
  }

  /// The newsletters whose HTML the database keeps, with their links numbered in order (an HTML
  /// page of messages, such as a Google Voice conversation, is not a newsletter).
  private func newsletters() throws -> [InsightsModel.MessageRow] {
    let documents = try database.prepare(
      """
      SELECT d.id, d.name, d.html, \(Self.statusColumns) FROM documents d JOIN links l ON l.document_id = d.id
      WHERE d.html IS NOT NULL AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.document_id = d.id)
      GROUP BY d.id ORDER BY d.name LIMIT \(Self.newsletters)
      """)
    var rows = [InsightsModel.MessageRow]()
    while try documents.step() {
      rows.append(
        InsightsModel.MessageRow(
          file: documents.text(at: 1) ?? "", index: nil, subject: nil, from: nil, date: nil, channel: .email,
          counts: Self.counts(documents, from: 3), links: try links(document: documents.int64(at: 0), message: nil),
          html: documents.text(at: 2)))
    }
    return rows
  }

  /// The links of one message (or of a document without messages), numbered in order.
  private func links(document: Int64, message: Int64?) throws -> [InsightsModel.LinkRow] {
    let statement = try database.prepare(
      """
      SELECT id, line, column, url, destination, text, status FROM links
      WHERE document_id = ? AND message_id IS ? ORDER BY id
      """)
    try statement.bind([.integer(document), message.map { .integer($0) } ?? .null])
    let findings = try database.prepare("SELECT rule, severity, explanation, suggestion FROM findings WHERE link_id = ? ORDER BY id")
    var rows = [InsightsModel.LinkRow]()
    while try statement.step() {
      try findings.bind([.integer(statement.int64(at: 0))])
      var found = [InsightsModel.FindingRow]()
      while try findings.step() {
        found.append(
          InsightsModel.FindingRow(
            rule: findings.text(at: 0) ?? "", severity: Severity(rawValue: findings.text(at: 1) ?? "") ?? .info,
            explanation: findings.text(at: 2) ?? "", suggestion: findings.text(at: 3)))
      }
      rows.append(
        InsightsModel.LinkRow(
          number: rows.count + 1, line: statement.int(at: 1), column: statement.int(at: 2), url: statement.text(at: 3) ?? "",
          destination: statement.text(at: 4), text: statement.text(at: 5),
          status: LinkStatus(rawValue: statement.text(at: 6) ?? "") ?? .unknown, findings: found))
    }
    return rows
  }
}

/// `darkshare report audit.db`: the HTML report of an audit database.
public enum InsightsReport {
  /// Renders the database at `database` as HTML to `output` (written atomically), or to
  /// standard output.
  /// - Throws: ``ReportWriteError`` when the database cannot be read or the report not written.
  public static func write(database: String, output: String?) throws {
    guard FileManager.default.fileExists(atPath: database) else {
      throw ReportWriteError(message: "no audit database at '\(database)' (write one with --format sqlite --output \(database))")
    }
    let model = try InsightsQueries(path: database).model()
    let sink = try ReportSink(path: output)
    sink.write(HTMLReportRenderer.render(model))
    try sink.close()
  }
}

import DarkshareCore
import DarkshareSQLite

/// The messages of an Apple Messages database (a temporary copy), read a batch of rows at a time
/// in `ROWID` order (see ``AppleMessagesReader``).
final class AppleMessages: MessageStream {
  /// How many messages one batch reads.
  static let batchSize = 500
  /// Seconds from the Unix epoch to Apple's (2001-01-01 UTC).
  static let appleEpoch: Int64 = 978_307_200

  private let database: SQLiteDatabase
  private let statement: SQLiteStatement
  private let file: String
  private var lastRowID: Int64 = .min
  private var index = 0
  private var done = false

  /// Opens the copy at `path` read-only and immutable, and checks it is a Messages database.
  /// - Throws: ``ReaderError`` "not an Apple Messages database" when `message` or `handle` is
  ///   missing, or the bytes are no database SQLite can read.
  init(path: String, file: String) throws(ReaderError) {
    self.file = file
    do {
      database = try SQLiteDatabase(path: path, mode: .readOnly(immutable: true))
      try database.execute("PRAGMA trusted_schema = OFF; PRAGMA query_only = ON")
      let tables = try Self.tables(in: database)
      guard tables.contains("message"), tables.contains("handle") else {
        throw ReaderError("not an Apple Messages database: no message and handle tables (an SQLite database of another kind)")
      }
      let columns = try Self.columns(of: "message", in: database)
      for required in ["text", "date"] where !columns.contains(required) {
        throw ReaderError("the Apple Messages database has no message.\(required) column")
      }
      func column(_ name: String) -> String { columns.contains(name) ? "m.\(name)" : "NULL" }
      let hasChats = tables.contains("chat") && tables.contains("chat_message_join")
      let chat =
        hasChats
        ? "(SELECT coalesce(nullif(c.display_name, ''), c.chat_identifier) FROM chat_message_join j JOIN chat c ON c.ROWID = j.chat_id WHERE j.message_id = m.ROWID LIMIT 1)"
        : "NULL"
      statement = try database.prepare(
        """
        SELECT m.ROWID, m.text, \(column("attributedBody")), \(column("payload_data")), \(column("balloon_bundle_id")),
          m.date, \(column("service")), \(column("is_from_me")), \(column("guid")), h.id, \(chat)
        FROM message m LEFT JOIN handle h ON h.ROWID = \(columns.contains("handle_id") ? "m.handle_id" : "NULL")
        WHERE m.ROWID > ? ORDER BY m.ROWID LIMIT \(Self.batchSize)
        """)
    } catch let error as ReaderError {
      throw error
    } catch let error as SQLiteError {
      throw Self.notADatabase(error)
    } catch {
      throw ReaderError("cannot read the Apple Messages database: \(error)")
    }
  }

  func next() -> MessageBatch? {
    guard !done else { return nil }
    var links: [Link] = []
    var problems: [String] = []
    var count = 0
    do {
      try statement.bind([.integer(lastRowID)])
      while try statement.step() {
        count += 1
        lastRowID = statement.int64(at: 0)
        let message = Self.message(from: statement)
        let read = AppleMessageLinks(message, index: index, file: file)
        index += 1
        links += read.links
        problems += read.problems
      }
      statement.reset()
    } catch let error as SQLiteError {
      done = true
      problems.append("reading messages after ROWID \(lastRowID == .min ? 0 : lastRowID): \(Self.notADatabase(error).message)")
    } catch {
      done = true
      problems.append("\(error)")
    }
    if count < Self.batchSize { done = true }
    if count == 0, problems.isEmpty { return nil }
    return MessageBatch(links: links, messages: count, problem: problems.isEmpty ? nil : ReaderError(problems.joined(separator: "; ")))
  }

  /// One row of the query, as the link finder needs it.
  private static func message(from row: SQLiteStatement) -> AppleMessage {
    AppleMessage(
      rowID: row.int64(at: 0), text: row.text(at: 1), attributedBody: row.blob(at: 2), payload: row.blob(at: 3),
      balloonBundle: row.text(at: 4), date: row.isNull(at: 5) ? nil : row.int64(at: 5), service: row.text(at: 6),
      isFromMe: row.int(at: 7) != 0, guid: row.text(at: 8), handle: row.text(at: 9), chat: row.text(at: 10))
  }

  private static func tables(in database: SQLiteDatabase) throws -> Set<String> {
    let statement = try database.prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
    var names = Set<String>()
    while try statement.step() { if let name = statement.text(at: 0) { names.insert(name.lowercased()) } }
    return names
  }

  private static func columns(of table: String, in database: SQLiteDatabase) throws -> Set<String> {
    let statement = try database.prepare("SELECT name FROM pragma_table_info('\(table)')")
    var names = Set<String>()
    while try statement.step() { if let name = statement.text(at: 0) { names.insert(name) } }
    return names
  }

  /// An SQLite error as the file's problem.
  private static func notADatabase(_ error: SQLiteError) -> ReaderError {
    switch error.code {
    // The file starts like an SQLite database, so bytes SQLite then refuses are a damaged one.
    case 11, 26: ReaderError("the SQLite database is damaged or encrypted (\(error.message))")
    default: ReaderError("cannot read the Apple Messages database: \(error.message)")
    }
  }
}

/// One row of `message`, with its sender and conversation.
struct AppleMessage {
  var rowID: Int64
  var text: String?
  var attributedBody: [UInt8]?
  var payload: [UInt8]?
  var balloonBundle: String?
  var date: Int64?
  var service: String?
  var isFromMe: Bool
  var guid: String?
  var handle: String?
  var chat: String?
}

internal import CSQLite

/// An error reported by SQLite, with the message and code it gave.
public struct SQLiteError: Error, CustomStringConvertible, Sendable, Equatable {
  /// SQLite's primary result code (`SQLITE_BUSY` = 5, `SQLITE_NOTADB` = 26, …).
  public var code: Int32
  public var message: String

  public var description: String { message }
}

/// One connection to an SQLite database file through the system's libsqlite3.
///
/// A thin layer over the C API — prepared statements, bound parameters, typed columns and
/// transactions — shared by the audit database (writing) and the Apple Messages reader (reading
/// a temporary copy of a `chat.db`, read-only and immutable). Not thread-safe: one connection per task.
public final class SQLiteDatabase {
  /// How the file is opened.
  public enum Mode: Sendable {
    /// Read and write; the file is created when missing.
    case readWriteCreate
    /// Read only. With `immutable`, SQLite also takes no locks and never writes a journal or
    /// WAL file beside it (`?immutable=1`): for databases copied from another machine.
    case readOnly(immutable: Bool)
  }

  private let handle: OpaquePointer
  /// The file as opened, for error messages.
  public let path: String

  /// Opens `path`; throws when it cannot be opened (missing in read-only mode, not a database
  /// is only found at the first statement, as SQLite reads lazily).
  public init(path: String, mode: Mode) throws {
    var opened: OpaquePointer?
    let status: Int32
    switch mode {
    case .readWriteCreate:
      status = sqlite3_open_v2(path, &opened, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nil)
    case .readOnly(let immutable):
      let uri = "file:" + Self.uriEscaped(path) + (immutable ? "?mode=ro&immutable=1" : "?mode=ro")
      status = sqlite3_open_v2(uri, &opened, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, nil)
    }
    guard status == SQLITE_OK, let opened else {
      let message = opened.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
      sqlite3_close_v2(opened)
      throw SQLiteError(code: status, message: message)
    }
    handle = opened
    self.path = path
    sqlite3_extended_result_codes(handle, 0)
  }

  deinit { sqlite3_close_v2(handle) }

  /// Runs one or more statements that return no rows (schema, pragmas, `BEGIN`/`COMMIT`).
  public func execute(_ sql: String) throws {
    var errorMessage: UnsafeMutablePointer<CChar>?
    let status = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
    if status != SQLITE_OK {
      let message = errorMessage.map { String(cString: $0) } ?? lastErrorMessage
      sqlite3_free(errorMessage)
      throw SQLiteError(code: status, message: message)
    }
  }

  /// Compiles one statement; bind its `?` parameters and step it.
  public func prepare(_ sql: String) throws -> SQLiteStatement {
    var statement: OpaquePointer?
    let status = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
    guard status == SQLITE_OK, let statement else {
      throw SQLiteError(code: status, message: lastErrorMessage)
    }
    return SQLiteStatement(statement, database: self)
  }

  /// Runs `body` inside `BEGIN IMMEDIATE … COMMIT`, rolling back when it throws.
  public func transaction<T>(_ body: () throws -> T) throws -> T {
    try execute("BEGIN IMMEDIATE")
    do {
      let result = try body()
      try execute("COMMIT")
      return result
    } catch {
      try? execute("ROLLBACK")
      throw error
    }
  }

  /// The rowid of the last row inserted on this connection.
  public var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(handle) }

  /// Rows changed by the last `INSERT`, `UPDATE` or `DELETE`.
  public var changes: Int { Int(sqlite3_changes(handle)) }

  /// `PRAGMA user_version`: the schema version the application keeps in the file.
  public var userVersion: Int {
    get throws {
      let statement = try prepare("PRAGMA user_version")
      guard try statement.step() else { return 0 }
      return statement.int(at: 0)
    }
  }

  fileprivate var lastErrorMessage: String { String(cString: sqlite3_errmsg(handle)) }

  /// Percent-escapes the characters a `file:` URI gives meaning to (`?`, `#`, `%`).
  private static func uriEscaped(_ path: String) -> String {
    var escaped = ""
    for scalar in path.unicodeScalars {
      switch scalar {
      case "%": escaped += "%25"
      case "?": escaped += "%3f"
      case "#": escaped += "%23"
      default: escaped.unicodeScalars.append(scalar)
      }
    }
    return escaped
  }
}

/// A compiled statement. Bind parameters (1-based, as SQLite counts), then `step()` through the
/// rows and read columns (0-based). `reset()` makes it reusable for the next set of values.
public final class SQLiteStatement {
  private let statement: OpaquePointer
  /// Keeps the connection open while the statement lives.
  private let database: SQLiteDatabase

  fileprivate init(_ statement: OpaquePointer, database: SQLiteDatabase) {
    self.statement = statement
    self.database = database
  }

  deinit { sqlite3_finalize(statement) }

  /// A value to bind to a parameter.
  public enum Value: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
  }

  /// Binds `values` to parameters 1…n (after clearing earlier bindings).
  @discardableResult
  public func bind(_ values: [Value]) throws -> SQLiteStatement {
    sqlite3_reset(statement)
    sqlite3_clear_bindings(statement)
    for (offset, value) in values.enumerated() {
      let index = Int32(offset + 1)
      let status: Int32
      switch value {
      case .null: status = sqlite3_bind_null(statement, index)
      case .integer(let number): status = sqlite3_bind_int64(statement, index, number)
      case .real(let number): status = sqlite3_bind_double(statement, index, number)
      case .text(let text): status = sqlite3_bind_text(statement, index, text, -1, csqlite_transient())
      case .blob(let bytes):
        status = bytes.withUnsafeBytes {
          sqlite3_bind_blob64(statement, index, $0.baseAddress, sqlite3_uint64($0.count), csqlite_transient())
        }
      }
      guard status == SQLITE_OK else { throw SQLiteError(code: status, message: database.lastErrorMessage) }
    }
    return self
  }

  /// Advances to the next row: `true` while there is one, `false` when done.
  @discardableResult
  public func step() throws -> Bool {
    switch sqlite3_step(statement) {
    case SQLITE_ROW: return true
    case SQLITE_DONE: return false
    case let status: throw SQLiteError(code: status, message: database.lastErrorMessage)
    }
  }

  /// Binds `values` and runs the statement to its end (an `INSERT`, `UPDATE` or `DELETE`).
  public func run(_ values: [Value] = []) throws {
    try bind(values)
    while try step() {}
    sqlite3_reset(statement)
  }

  /// Makes the statement ready to run again with new bindings.
  public func reset() { sqlite3_reset(statement) }

  /// The number of columns of the result rows.
  public var columnCount: Int { Int(sqlite3_column_count(statement)) }

  /// The name of result column `index`.
  public func columnName(at index: Int) -> String {
    sqlite3_column_name(statement, Int32(index)).map { String(cString: $0) } ?? ""
  }

  /// Whether column `index` of the current row is NULL.
  public func isNull(at index: Int) -> Bool { sqlite3_column_type(statement, Int32(index)) == SQLITE_NULL }

  public func int(at index: Int) -> Int { Int(sqlite3_column_int64(statement, Int32(index))) }

  public func int64(at index: Int) -> Int64 { sqlite3_column_int64(statement, Int32(index)) }

  public func double(at index: Int) -> Double { sqlite3_column_double(statement, Int32(index)) }

  /// Column `index` as text (SQLite converts numbers), `nil` when NULL. Invalid UTF-8 is
  /// repaired with U+FFFD.
  public func text(at index: Int) -> String? {
    guard let bytes = sqlite3_column_text(statement, Int32(index)) else { return nil }
    let count = Int(sqlite3_column_bytes(statement, Int32(index)))
    return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
  }

  /// Column `index` as bytes, `nil` when NULL (an empty blob is `[]`).
  public func blob(at index: Int) -> [UInt8]? {
    guard !isNull(at: index) else { return nil }
    let count = Int(sqlite3_column_bytes(statement, Int32(index)))
    guard count > 0, let bytes = sqlite3_column_blob(statement, Int32(index)) else { return [] }
    return Array(UnsafeRawBufferPointer(start: bytes, count: count))
  }
}

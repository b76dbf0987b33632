import DarkshareSQLite
import Foundation
import Testing

@Suite struct SQLiteDatabaseTests {
  private func temporaryPath(_ name: String) -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sqlite-tests-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder.appendingPathComponent(name).path
  }

  @Test func writesAndReadsEveryColumnType() throws {
    let database = try SQLiteDatabase(path: temporaryPath("a?b#c%.db"), mode: .readWriteCreate)
    try database.execute("CREATE TABLE t(i INTEGER, r REAL, s TEXT, b BLOB, n TEXT)")
    try database.prepare("INSERT INTO t VALUES (?, ?, ?, ?, ?)")
      .run([.integer(1 << 40), .real(0.25), .text("héllo ☃"), .blob([0, 255, 7]), .null])
    #expect(database.lastInsertedRowID == 1)
    let row = try database.prepare("SELECT i, r, s, b, n FROM t")
    #expect(try row.step())
    #expect(row.int64(at: 0) == 1 << 40)
    #expect(row.double(at: 1) == 0.25)
    #expect(row.text(at: 2) == "héllo ☃")
    #expect(row.blob(at: 3) == [0, 255, 7])
    #expect(row.isNull(at: 4) && row.text(at: 4) == nil && row.blob(at: 4) == nil)
    #expect(row.columnName(at: 2) == "s")
    #expect(try row.step() == false)
  }

  @Test func rollsBackAFailedTransaction() throws {
    let database = try SQLiteDatabase(path: temporaryPath("t.db"), mode: .readWriteCreate)
    try database.execute("CREATE TABLE t(x INTEGER NOT NULL)")
    #expect(throws: SQLiteError.self) {
      try database.transaction {
        try database.prepare("INSERT INTO t VALUES (1)").run()
        try database.prepare("INSERT INTO t VALUES (NULL)").run()
      }
    }
    let count = try database.prepare("SELECT count(*) FROM t")
    #expect(try count.step() && count.int(at: 0) == 0)
  }

  @Test func keepsTheUserVersion() throws {
    let path = temporaryPath("v.db")
    try SQLiteDatabase(path: path, mode: .readWriteCreate).execute("PRAGMA user_version = 3")
    #expect(try SQLiteDatabase(path: path, mode: .readOnly(immutable: true)).userVersion == 3)
  }

  @Test func readOnlyNeverWrites() throws {
    let path = temporaryPath("ro.db")
    try SQLiteDatabase(path: path, mode: .readWriteCreate).execute("CREATE TABLE t(x)")
    let before = try Data(contentsOf: URL(fileURLWithPath: path))
    let database = try SQLiteDatabase(path: path, mode: .readOnly(immutable: true))
    #expect(throws: SQLiteError.self) { try database.execute("INSERT INTO t VALUES (1)") }
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    let files = try FileManager.default.contentsOfDirectory(atPath: (path as NSString).deletingLastPathComponent)
    #expect(files == ["ro.db"])
  }

  @Test func reportsMissingAndBrokenFiles() throws {
    #expect(throws: SQLiteError.self) {
      try SQLiteDatabase(path: temporaryPath("missing.db"), mode: .readOnly(immutable: true))
    }
    let path = temporaryPath("garbage.db")
    try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
    let database = try SQLiteDatabase(path: path, mode: .readOnly(immutable: true))
    #expect(throws: SQLiteError.self) { try database.prepare("SELECT * FROM sqlite_master") }
  }

  @Test func reportsBadSQLWithSQLitesMessage() throws {
    let database = try SQLiteDatabase(path: ":memory:", mode: .readWriteCreate)
    do {
      _ = try database.prepare("SELEC 1")
      Issue.record("no error")
    } catch let error as SQLiteError {
      #expect(error.message.contains("syntax error"))
    }
  }
}

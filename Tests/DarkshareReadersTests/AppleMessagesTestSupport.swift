import DarkshareSQLite
import Foundation

/// Builds Apple Messages databases for tests, in the documented `chat.db` schema (the columns
/// the reader uses), and returns their bytes.
struct ChatDatabaseBuilder {
  /// One `message` row.
  struct Row {
    var rowID: Int64
    var text: String?
    var attributedBody: [UInt8]? = nil
    var payload: [UInt8]? = nil
    var balloon: String? = nil
    var date: Int64 = 0
    var service = "iMessage"
    var handle: Int64 = 1
    var isFromMe = false
    var chat: Int64? = 1
  }

  var rows: [Row] = []
  var handles: [(Int64, String)] = [(1, "+15550100"), (2, "ann@shop.example")]
  var chats: [(Int64, String, String)] = [(1, "+15550100", ""), (2, "chat123", "Book club")]
  /// Leave out tables or columns, as old or foreign databases do.
  var schema = ChatDatabaseBuilder.fullSchema

  static let fullSchema = """
    CREATE TABLE message (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT UNIQUE NOT NULL, text TEXT, attributedBody BLOB,
      payload_data BLOB, balloon_bundle_id TEXT, date INTEGER, service TEXT, handle_id INTEGER DEFAULT 0, is_from_me INTEGER DEFAULT 0,
      cache_roomnames TEXT);
    CREATE TABLE handle (ROWID INTEGER PRIMARY KEY AUTOINCREMENT UNIQUE, id TEXT NOT NULL, service TEXT NOT NULL);
    CREATE TABLE chat (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, chat_identifier TEXT, display_name TEXT);
    CREATE TABLE chat_message_join (chat_id INTEGER REFERENCES chat (ROWID) ON DELETE CASCADE, message_id INTEGER
      REFERENCES message (ROWID) ON DELETE CASCADE, PRIMARY KEY (chat_id, message_id));
    """

  /// The database file's bytes; in `walMode`, as the Messages app keeps it (journal in WAL).
  func bytes(walMode: Bool = false) throws -> [UInt8] {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("chatdb-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("chat.db").path
    do {
      let database = try SQLiteDatabase(path: path, mode: .readWriteCreate)
      if walMode { try database.execute("PRAGMA journal_mode = WAL") }
      try database.execute(schema)
      try database.transaction {
        for (id, name) in handles {
          try database.prepare("INSERT INTO handle VALUES (?, ?, 'iMessage')").run([.integer(id), .text(name)])
        }
        if schema.contains("CREATE TABLE chat ") {
          for (id, identifier, name) in chats {
            try database.prepare("INSERT INTO chat VALUES (?, ?, ?)").run([.integer(id), .text(identifier), .text(name)])
          }
        }
        for row in rows {
          try database.prepare(
            "INSERT INTO message (ROWID, guid, text, attributedBody, payload_data, balloon_bundle_id, date, service, handle_id, is_from_me) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
          ).run([
            .integer(row.rowID), .text("GUID-\(row.rowID)"), row.text.map { .text($0) } ?? .null,
            row.attributedBody.map { .blob($0) } ?? .null, row.payload.map { .blob($0) } ?? .null,
            row.balloon.map { .text($0) } ?? .null, .integer(row.date), .text(row.service), .integer(row.handle),
            .integer(row.isFromMe ? 1 : 0),
          ])
          if let chat = row.chat, schema.contains("chat_message_join") {
            try database.prepare("INSERT INTO chat_message_join VALUES (?, ?)").run([.integer(chat), .integer(row.rowID)])
          }
        }
      }
    }
    return try Array(Data(contentsOf: URL(fileURLWithPath: path)))
  }
}

/// Writes typedstream `attributedBody` blobs the way Messages does: an
/// `NSMutableAttributedString` of one string and runs of attributes.
enum TypedStreamWriter {
  /// `text` with a link attribute `url` over `linkRange` (UTF-16 units) when given.
  static func attributedBody(_ text: String, link: (url: String, location: Int, length: Int)? = nil) -> [UInt8] {
    var out: [UInt8] = [0x04, 0x0B] + Array("streamtyped".utf8) + [0x81, 0xE8, 0x03]
    out += [0x84, 0x01, 0x40]  // "@" (string 0)
    out += [0x84, 0x84, 0x84, 0x19] + Array("NSMutableAttributedString".utf8) + [0x00]  // object 0, class 1 (string 1)
    out += [0x84, 0x84, 0x12] + Array("NSAttributedString".utf8) + [0x00]  // class 2 (string 2)
    out += [0x84, 0x84, 0x08] + Array("NSObject".utf8) + [0x00, 0x85]  // class 3 (string 3)
    out += [0x92, 0x84, 0x84, 0x84, 0x08] + Array("NSString".utf8) + [0x01, 0x95]  // object 4, class 5 (string 4) → NSObject
    let utf8 = Array(text.utf8)
    out += [0x84, 0x01, 0x2B] + integer(utf8.count) + utf8 + [0x86]  // "+" (string 5)
    let utf16 = text.utf16.count
    var runs: [(number: Int, length: Int, url: String?)] = []
    if let link {
      if link.location > 0 { runs.append((1, link.location, nil)) }
      runs.append((2, link.length, link.url))
      let after = utf16 - link.location - link.length
      if after > 0 { runs.append((3, after, nil)) }
    } else {
      runs.append((1, utf16, nil))
    }
    var first = true
    for run in runs {
      out += first ? [0x84, 0x02, 0x69, 0x49] : [0x98]  // "iI" (string 6)
      out += integer(run.number) + integer(run.length)
      // A fresh NSDictionary every run (class written in full the first time only is what
      // Messages does; a new class each time is equally valid and keeps the writer simple).
      out += [0x92, 0x84, 0x84, 0x84, 0x0C] + Array("NSDictionary".utf8) + [0x00, 0x95]
      out += [0x84, 0x01, 0x69]  // "i"
      if let url = run.url {
        out += [0x01]
        out += [0x92, 0x84, 0x97, 0x97] + integer(AttributedBodyKey.link.count) + AttributedBodyKey.link + [0x86]
        out += [0x92, 0x84, 0x84, 0x84, 0x05] + Array("NSURL".utf8) + [0x00, 0x95]
        out += [0x84, 0x01, 0x63, 0x00]  // "c" 0
        out += [0x92, 0x84, 0x97, 0x97] + integer(Array(url.utf8).count) + Array(url.utf8) + [0x86, 0x86]
      } else {
        out += [0x00]
      }
      out += [0x86]
      first = false
    }
    return out + [0x86]
  }

  enum AttributedBodyKey {
    static let link = Array("__kIMLinkAttributeName".utf8)
  }

  static func integer(_ value: Int) -> [UInt8] {
    if value >= -110, value < 128 { return [UInt8(bitPattern: Int8(value))] }
    if value < 32768 { return [0x81, UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
    return [0x82, UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 24 & 0xFF)]
  }
}

import DarkshareCore
import DarkshareSQLite

/// Reads an Apple Messages database: `chat.db` as copied from a Mac's `~/Library/Messages`, or
/// `sms.db` from an unencrypted iPhone backup (the same schema).
///
/// Each row of `message` is a ``MessageContext``, in `ROWID` order: `index` counts them from 0,
/// `id` is its `guid`, `from` the sender (`handle.id`, a phone number or e-mail address, or `me`
/// for a message the owner sent, `is_from_me`), `date` its `date` (Apple's epoch, 2001-01-01
/// UTC, in seconds in old databases and nanoseconds since macOS 10.13/iOS 11) as ISO 8601 UTC,
/// and `subject` the conversation it belongs to (`chat.display_name`, else `chat_identifier`,
/// through `chat_message_join`). The channel is ``Channel/sms`` for `service` `SMS` (and `RCS`),
/// ``Channel/chat`` for `iMessage`: SPEC's channels follow the medium a campaign names
/// (`utm_medium=sms` for texts sent over the carrier); iMessage is a messaging app.
///
/// The text is `message.text`, or, when that is NULL (usual since macOS 13), the string of
/// `attributedBody` (an `NSAttributedString` typedstream, ``AttributedBody``). Its links are the
/// URLs in the text, found the way phones linkify text (``PlainTextLinkDetector``); the link
/// attributes of `attributedBody` (`__kIMLinkAttributeName`, element `link-attribute`) whose URL
/// is not already one of them; and a rich link preview's shared URL (`payload_data` of a
/// `com.apple.messages.URLBalloonProvider` message, ``LinkPreview``, element `link-preview`)
/// when the text does not hold it.
///
/// Position: the line is the message's `ROWID` (`SELECT * FROM message WHERE ROWID = LINE`), the
/// column the 1-based offset in Unicode scalars of the URL's first character in the message's
/// text; a preview URL the text does not hold is at column 1.
///
/// The database is read from a temporary copy (in `$TMPDIR`, readable only by its owner, removed
/// once SQLite has it open), opened read-only and immutable (`?mode=ro&immutable=1`): the file
/// given is only ever read like any other input, never opened by SQLite, so neither it nor a
/// `-wal`/`-journal` beside it is written, locked or created; a copy from a backup, a zip entry
/// or standard input reads the same, and so does a database in WAL mode (as the Messages app
/// keeps it). Memory holds SQLite's page cache and one batch of messages, whatever the
/// database's size; the disk needs room for the copy. The schema is not trusted
/// (`trusted_schema=OFF`) and only its tables are read. An `attributedBody` or `payload_data`
/// that cannot be read is that message's problem, named with its ROWID; the other messages are
/// still read (the text's links are kept).
///
/// - Complexity: O(*n*) in the number of messages.
public struct AppleMessagesReader: StreamingInputReader {
  public static let format = "imessage"

  public init() {}

  /// The 16 bytes every SQLite 3 database file starts with.
  static let sqliteHeader = Array("SQLite format 3\0".utf8)

  /// Claims an SQLite database (its first 16 bytes). No other format darkshare reads is one; the
  /// tables are checked when it is opened, so another SQLite file (darkshare's own audit
  /// database, a browser history) is refused there as "not an Apple Messages database".
  public static func accepts(path: String, head: ArraySlice<UInt8>) -> Bool {
    head.starts(with: sqliteHeader)
  }

  public func messages(from source: any ByteSource, file: String) throws(ReaderError) -> any MessageStream {
    let copy = try RereadableDocument.Spool(named: true)
    while true {
      let chunk = try source.read(upTo: 1 << 20)
      if chunk.isEmpty { break }
      if copy.size == 0, !chunk.starts(with: Self.sqliteHeader) {
        throw ReaderError("not an Apple Messages database: not an SQLite database (no 'SQLite format 3' header)")
      }
      try copy.append(chunk[...])
    }
    if copy.size == 0 { throw ReaderError("not an Apple Messages database: the file is empty") }
    guard let path = copy.path else { throw ReaderError("the temporary copy of the database has no name") }
    // Open (and its tables checked) before the copy's name goes: SQLite holds the file open.
    defer { copy.removeName() }
    return try AppleMessages(path: path, file: file)
  }
}

/// Every input reader darkshare ships, in the order formats are tried.
public enum BuiltInReaders {
  ///
  /// Mail comes first, mbox before single messages (an mbox starts with a From_ line, which
  /// e-mail sniffing does not claim, but a Takeout one could look like a header): a message's HTML part would otherwise make HTML sniffing claim it,
  /// while e-mail sniffing only claims files that start with an RFC 5322 header. The chat and log
  /// readers come next, each claiming only its own content (a WhatsApp header line, a JSON object
  /// with Telegram's keys) or extension (`.csv`; `.xml` with an `<smses>` root in its first KiB) and never `.html`/`.htm`/`.eml`; then HTML, which
  /// also sniffs content. Plain text is last: it claims any `.txt` nobody else wanted. An input
  /// named without an extension (standard input, `-`) is judged by content alone: a CSV header
  /// row, an `<smses>` root, and for plain text any text that is not binary.
  /// A Google Voice Takeout page is claimed before HTML by its `hChatLog`/`haudio` body, and a
  /// Messenger or Instagram export before Telegram (whose sniffing accepts any object with a
  /// `"messages"` key) by its leading `"participants"` or a `"sender_name"` key.
  /// An Outlook `.msg` comes first: it is claimed by extension, or by its compound-file signature
  /// and an Outlook property stream name in its head, which no text format has.
  /// An Apple Messages `chat.db`/`sms.db` is claimed by its SQLite header, which no text format
  /// has; the reader then refuses an SQLite file without Messages' tables.
  /// A Signal export's `chat.md` is claimed by its `[2021-08-15 12:34:56] Name:` header and its
  /// name (or, renamed, a reaction or attachment line only `sigexport` writes) before WhatsApp,
  /// whose header sniffing would also take an ISO-dated line.
  /// Apple Mail's `.emlx`, MJML and template sources are claimed by extension (MJML also by a
  /// leading `<mjml`) before anything sniffs their content as mail or HTML.
  public static let all: [any InputReader.Type] = [
    OutlookMessageReader.self, EMLXReader.self, MJMLReader.self, TemplateReader.self, MboxReader.self, EMLReader.self,
    AppleMessagesReader.self, GoogleVoiceReader.self, SignalExportReader.self, WhatsAppExportReader.self,
    MessengerExportReader.self,
    TelegramExportReader.self, CSVMessageLogReader.self,
    SMSBackupReader.self, HTMLReader.self, PlainTextReader.self,
  ]

  /// The reader for an input, chosen by its path and first bytes; nil when none claims it.
  ///
  /// Standard input is sniffed under its name, `-` (or the name `--stdin-filename` gave it):
  /// a name without an extension leaves the choice to the content (``InputName``).
  public static func reader(forPath path: String, head: ArraySlice<UInt8>) -> (any InputReader.Type)? {
    all.first { $0.accepts(path: path, head: head) }
  }

  /// The format names readers call themselves (`html`, `eml`, `sms-backup`, …), in the order
  /// formats are tried: the values of `--input-format`.
  public static var formats: [String] { all.map { $0.format } }

  /// The reader whose ``InputReader/format`` is `format`; nil for a name no reader has.
  public static func reader(named format: String) -> (any InputReader.Type)? {
    all.first { $0.format == format }
  }
}

/// Which message of an input a link was found in, for inputs that hold mail (`.eml`, mbox).
///
/// HTML newsletters have no message context: their links carry `nil`. Every field but
/// ``index`` is optional because real mail omits or garbles headers. Header values are
/// decoded (RFC 2047 encoded words, folding removed).
///
/// Reports emit it as the `message` object of SPEC §6:
/// `{"index":0,"id":"<a@b>","date":"…","from":"…","subject":"…"}`.
public struct MessageContext: Sendable, Hashable, Codable {
  /// 0-based position of the message within its input (an `.eml` file holds one: `0`).
  public var index: Int
  /// The `Message-ID` header, as written (angle brackets kept).
  public var id: String?
  /// When the message was sent, in ISO 8601 with its offset (`2026-03-14T09:26:53+00:00`) for
  /// every reader that can tell (``MessageDate``: the e-mail `Date` header with its own offset,
  /// SMS backups in UTC, Telegram with the offset its export implies, epoch or ISO columns of a
  /// CSV log); otherwise as written (a `Date` header no parser can read, WhatsApp's
  /// locale-dependent `12/31/24, 9:41 PM`).
  public var date: String?
  /// The `From` header, decoded.
  public var from: String?
  /// The `Subject` header, decoded.
  public var subject: String?

  public init(index: Int, id: String? = nil, date: String? = nil, from: String? = nil, subject: String? = nil) {
    self.index = index
    self.id = id
    self.date = date
    self.from = from
    self.subject = subject
  }
}

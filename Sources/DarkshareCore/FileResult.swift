/// Everything darkshare learned from one input: its links, or why it could not be read.
///
/// Reporters receive one `FileResult` at a time, in input order, so a bulk run never holds
/// every input's links at once. A large input (an mbox, an SMS backup) arrives as several
/// consecutive parts, each holding whole messages: ``isFirstPart`` and ``isLastPart`` say where
/// a part stands; an input read at once is a single part that is both.
public struct FileResult: Sendable {
  /// The input's path as the user gave it (or `-` for standard input).
  public var file: String
  public var links: [AuditedLink]
  /// How many messages the input held (an HTML newsletter is one; a failed input none).
  public var messages: Int
  /// Why the input could not be read (completely or in part), if it could not.
  public var error: String?
  /// Whether this is the input's first part (reports open the input here).
  public var isFirstPart: Bool
  /// Whether this is the input's last part (reports close the input here).
  public var isLastPart: Bool

  public init(
    file: String, links: [AuditedLink], messages: Int? = nil, error: String? = nil, isFirstPart: Bool = true,
    isLastPart: Bool = true
  ) {
    self.file = file
    self.links = links
    self.messages = messages ?? (error == nil ? 1 : 0)
    self.error = error
    self.isFirstPart = isFirstPart
    self.isLastPart = isLastPart
  }

  /// All findings of all links, in link order.
  public var findings: [Finding] { links.flatMap(\.findings) }
}

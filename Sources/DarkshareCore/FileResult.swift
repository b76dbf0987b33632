/// Everything darkshare learned from one input: its links, or why it could not be read.
///
/// Reporters receive one `FileResult` at a time, in input order, so a bulk run never holds
/// every input's links at once.
public struct FileResult: Sendable {
  /// The input's path as the user gave it (or `-` for standard input).
  public var file: String
  public var links: [AuditedLink]
  /// How many messages the input held (an HTML newsletter is one; a failed input none).
  public var messages: Int
  /// Why the input could not be read (completely or in part), if it could not.
  public var error: String?

  public init(file: String, links: [AuditedLink], messages: Int? = nil, error: String? = nil) {
    self.file = file
    self.links = links
    self.messages = messages ?? (error == nil ? 1 : 0)
    self.error = error
  }

  /// All findings of all links, in link order.
  public var findings: [Finding] { links.flatMap(\.findings) }
}

/// Which files of a Maildir tree are messages, decided from directory listings alone.
///
/// A Maildir is a directory holding at least two of `cur/`, `new/` and `tmp/` (D. J. Bernstein's
/// spec; git-kept trees lose the empty `tmp/`). Its messages are the files in `cur/` and `new/`,
/// named without extension (`1234.M5P6.host:2,S`); `tmp/` holds deliveries in progress and is
/// not read. Maildir++ (Courier, Dovecot) nests folders as dot-directories (`.Sent`,
/// `.Lists.swift`), each a Maildir of its own, beside index files (`dovecot.index*`,
/// `dovecot-uidlist`, `maildirsize`, `courierimap*`) that are never messages.
///
/// ```
/// Mail/cur/1700000000.M1P2.host:2,S      message
/// Mail/new/1700000001.M3P4.host          message
/// Mail/tmp/1700000002.M5P6.host          not read
/// Mail/.Newsletters/cur/17…:2,RS        message (Maildir++ folder)
/// Mail/dovecot-uidlist                   not read
/// Mail/17:2,                             message (stored in the root with an info suffix)
/// ```
public struct MaildirLayout: Sendable {
  /// The entries of the directory being walked.
  public var entries: Set<String>
  /// Whether the directory is a Maildir's `cur/` or `new/`.
  public let isMessageFolder: Bool

  /// The layout of a directory named `name` holding `entries`, whose parent holds
  /// `parentEntries` (only looked at for `cur` and `new`; pass nil when unknown).
  public init(name: String, entries: Set<String>, parentEntries: Set<String>?) {
    self.entries = entries
    isMessageFolder =
      Self.messageFolders.contains(name) && parentEntries.map(Self.isMaildir) == true
  }

  /// Whether the directory is a Maildir root (it holds two of `cur`, `new`, `tmp`).
  public var isMaildirRoot: Bool { Self.isMaildir(entries) }

  /// Whether the directory entry `name` is read as a message whatever its extension.
  public func isMessage(_ name: String) -> Bool {
    guard !name.hasPrefix("."), !Self.isIndexFile(name) else { return false }
    if isMessageFolder { return true }
    return isMaildirRoot && Self.hasInfoSuffix(name)
  }

  /// Whether the hidden directory `name` is walked: a Maildir++ folder of a Maildir root.
  public func walksHiddenDirectory(_ name: String) -> Bool {
    isMaildirRoot && name.count > 1 && name != ".." && name.hasPrefix(".")
  }

  /// Whether the directory `name` is skipped: a Maildir's `tmp/`.
  public func skipsDirectory(_ name: String) -> Bool {
    name == "tmp" && isMaildirRoot
  }

  /// The names a directory listing must hold to be one that `cur`/`new` are looked at for.
  public static let messageFolders: Set<String> = ["cur", "new"]

  static func isMaildir(_ entries: Set<String>) -> Bool {
    ["cur", "new", "tmp"].filter(entries.contains).count >= 2
  }

  static func isIndexFile(_ name: String) -> Bool {
    let lowered = name.lowercased()
    return lowered.hasPrefix("dovecot") || lowered == "maildirsize" || lowered.hasPrefix("courierimap")
      || lowered == "maildirfolder" || lowered.hasPrefix("subscriptions")
  }

  /// A Maildir info suffix: `:2,` (or `!2,`/`;2,` where `:` is not allowed) and flags.
  static func hasInfoSuffix(_ name: String) -> Bool {
    let characters = Array(name)
    guard characters.count >= 3 else { return false }
    for index in stride(from: characters.count - 3, through: 0, by: -1)
    where [":", "!", ";"].contains(characters[index]) && characters[index + 1] == "2" && characters[index + 2] == "," {
      return characters[(index + 3)...].allSatisfy { $0.isASCII && $0.isLetter }
    }
    return false
  }
}

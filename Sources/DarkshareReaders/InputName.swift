/// What an input's name says about its format.
///
/// A file's extension is the first hint of its format (`news.html`, `chat.txt`). Standard
/// input (`-`) and a file named without an extension (`chat`, `export`) say nothing, so the
/// readers that otherwise go by extension alone (CSV logs, SMS backups, plain text) sniff their
/// content instead:
///
/// ```swift
/// InputName.hasNoExtension("-")              // true: standard input
/// InputName.hasNoExtension("exports/chat")   // true
/// InputName.hasNoExtension("sms-1.xml")      // false
/// InputName.hasNoExtension(".profile")       // true: a leading dot is no extension
/// ```
public enum InputName {
  /// The name reports show for standard input when it was given none.
  public static let standardInput = "-"

  /// Whether the last path component of `path` has no extension (standard input, `-`, has none).
  public static func hasNoExtension(_ path: String) -> Bool {
    let name = path.split(separator: "/", omittingEmptySubsequences: false).last ?? Substring(path)
    return !name.drop { $0 == "." }.contains(".")
  }
}

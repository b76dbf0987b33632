import DarkshareCore

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

  /// Whether `path` ends with `suffix` (a lower-case ASCII extension with its dot, `.json`) in
  /// any ASCII case, as `path.lowercased().hasSuffix(suffix)` tells it: compared on the bytes,
  /// without a lower-cased copy, unless a non-ASCII byte stands just before the suffix (where a
  /// `Character` could join the dot to it).
  public static func hasExtension(_ path: String, _ suffix: StaticString) -> Bool {
    let suffixBytes = UnsafeBufferPointer(start: suffix.utf8Start, count: suffix.utf8CodeUnitCount)
    let utf8 = path.utf8
    guard utf8.count >= suffixBytes.count else { return false }
    let start = utf8.index(utf8.endIndex, offsetBy: -suffixBytes.count)
    guard utf8[start...].elementsEqual(suffixBytes, by: { $0.asciiLowercased == $1 }) else { return false }
    guard start > utf8.startIndex, utf8[utf8.index(before: start)] >= 0x80 else { return true }
    return path.lowercased().hasSuffix("\(suffix)")
  }

  /// Whether the last path component of `path` has no extension (standard input, `-`, has none).
  public static func hasNoExtension(_ path: String) -> Bool {
    let name = path.split(separator: "/", omittingEmptySubsequences: false).last ?? Substring(path)
    return !name.drop { $0 == "." }.contains(".")
  }
}

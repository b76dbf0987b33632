import Foundation

/// A glob that `--include`, `--exclude` and the `include:`/`exclude:` configuration keys match
/// against a path relative to the folder given on the command line.
///
/// `*` matches within one path component, `?` one character, `[abc]` one of a set, and `**`
/// any number of components (none included). A glob without `/` matches a file or folder name
/// at any depth, as in `.gitignore`; a glob with `/` matches the whole relative path:
///
/// ```
/// *.hbs              welcome.hbs, mail/partials/footer.hbs
/// drafts             drafts/ (a folder: nothing under it is read)
/// mail/**/*.mjml     mail/a.mjml, mail/2026/spring/a.mjml
/// archive/*.mbox     archive/2025.mbox, not archive/old/2024.mbox
/// ```
public struct PathGlob: Sendable, Hashable, CustomStringConvertible {
  /// The glob as written.
  public let pattern: String
  private let components: [String]
  private let matchesNameOnly: Bool

  public init(_ pattern: String) {
    self.pattern = pattern
    var trimmed = Substring(pattern)
    while trimmed.hasPrefix("./") { trimmed = trimmed.dropFirst(2) }
    while trimmed.hasPrefix("/") { trimmed = trimmed.dropFirst() }
    while trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
    components = trimmed.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    matchesNameOnly = components.count == 1 && components[0] != "**"
  }

  public var description: String { pattern }

  /// Whether `relativePath` (components separated by `/`, no leading `./`) matches.
  public func matches(_ relativePath: String) -> Bool {
    let path = relativePath.split(separator: "/").map(String.init)
    guard let name = path.last else { return false }
    if matchesNameOnly { return Self.matches(components[0], name) }
    return Self.matches(components[...], path[...])
  }

  private static func matches(_ pattern: ArraySlice<String>, _ path: ArraySlice<String>) -> Bool {
    guard let first = pattern.first else { return path.isEmpty }
    if first == "**" {
      let rest = pattern.dropFirst()
      var remaining = path
      while true {
        if matches(rest, remaining) { return true }
        guard !remaining.isEmpty else { return false }
        remaining = remaining.dropFirst()
      }
    }
    guard let component = path.first, matches(first, component) else { return false }
    return matches(pattern.dropFirst(), path.dropFirst())
  }

  /// One component against one glob component (`*`, `?`, `[…]`), with fnmatch(3).
  private static func matches(_ pattern: String, _ name: String) -> Bool {
    fnmatch(pattern, name, 0) == 0
  }
}

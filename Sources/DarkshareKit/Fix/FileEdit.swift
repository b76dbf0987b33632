/// One replacement of a file's bytes as stored: `range` (byte offsets in the original) becomes
/// `bytes` (already in the file's encoding and escaping).
struct FileEdit: Sendable, Hashable {
  var range: Range<Int>
  var bytes: [UInt8]

  /// `edits` (not overlapping) applied to `original`, back to front so every range still
  /// means the original's offsets when it is applied. An insertion and a replacement that
  /// start at the same offset (new query before a `#fragment` that is rewritten) keep their
  /// order: the replacement is made first, the insertion then goes in front of it; two
  /// insertions at one offset appear in the order given.
  static func apply(_ edits: [FileEdit], to original: [UInt8]) -> [UInt8] {
    var result = original
    let order = edits.enumerated().sorted {
      ($0.element.range.lowerBound, $0.element.range.upperBound, $0.offset)
        > ($1.element.range.lowerBound, $1.element.range.upperBound, $1.offset)
    }.map(\.element)
    for edit in order {
      result.replaceSubrange(edit.range, with: edit.bytes)
    }
    return result
  }
}

/// A link `fix` rewrote (or would rewrite): where it starts and its URL before and after.
public struct FixChange: Sendable, Hashable, Codable {
  public var file: String
  public var line: Int
  public var column: Int
  public var old: String
  public var new: String
}

/// A link `fix` left as it was although `audit` reports it, and why.
public struct LeftLink: Sendable, Hashable, Codable {
  public var file: String
  public var line: Int
  public var column: Int
  public var url: String
  public var reason: String
}

/// A file `fix` could not handle (unreadable, refused, not written), and why.
public struct FixFileError: Error, Sendable, Hashable, Codable, CustomStringConvertible {
  public var file: String
  public var error: String
  /// Whether the reader could not read the file (rather than the fix failing): a file a walk
  /// chose only by its extension or content is then passed over, as `audit` passes it over.
  var isReadError = false
  public var description: String { "\(file): \(error)" }

  private enum CodingKeys: String, CodingKey { case file, error }
}

/// A file `fix` reads but never rewrites (mail and message archives), and why.
public struct NotRewritten: Sendable, Hashable, Codable {
  public var file: String
  public var reason: String
}

/// A 1-based line and column (in Unicode scalars) within an input.
public struct TextPosition: Sendable, Hashable, Codable {
  public var line: Int
  public var column: Int

  public init(line: Int, column: Int) {
    self.line = line
    self.column = column
  }
}

/// Where something is in an input: a file and a 1-based line and column.
///
/// The column counts Unicode scalars from the start of the line, so it means the same in a
/// UTF-8 file and in a single-byte (windows-1252) one.
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
  /// The input's path as the user gave it (or `-` for standard input).
  public var file: String
  /// 1-based line.
  public var line: Int
  /// 1-based column, in Unicode scalars.
  public var column: Int

  public init(file: String, line: Int, column: Int) {
    self.file = file
    self.line = line
    self.column = column
  }

  /// `file:line:column`, the form editors and terminals turn into a link.
  public var description: String { "\(file):\(line):\(column)" }
}

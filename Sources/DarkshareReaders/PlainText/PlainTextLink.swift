/// A URL found in plain text, with where it starts and ends.
public struct PlainTextLink: Sendable, Hashable {
  /// The URL as written (a scheme-less `www.shop.example` stays scheme-less).
  public var url: String
  /// 1-based line of the URL's first character.
  public var line: Int
  /// 1-based column of that character, in Unicode scalars.
  public var column: Int
  /// 1-based column just past the URL's last character, on the same line (URLs never span lines).
  public var endColumn: Int

  public init(url: String, line: Int, column: Int, endColumn: Int) {
    self.url = url
    self.line = line
    self.column = column
    self.endColumn = endColumn
  }
}

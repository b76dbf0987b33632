/// Text with `↓` markers, as SwiftLint's examples write them: each marker stands just before
/// the character a test expects a location at, and is removed from the text.
///
/// ```swift
/// let marked = MarkedText("<a href=\"↓https://x.example\">")
/// marked.text       // <a href="https://x.example">
/// marked.locations  // [(line: 1, column: 10)]
/// ```
public struct MarkedText: Sendable {
  /// The text without markers.
  public let text: String
  /// 1-based line and column (in Unicode scalars) of each marker, in order.
  public let locations: [Location]

  /// A 1-based line and column.
  public struct Location: Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) {
      self.line = line
      self.column = column
    }
    public var description: String { "\(line):\(column)" }
  }

  public init(_ marked: String, marker: Unicode.Scalar = "↓") {
    var text = String.UnicodeScalarView()
    var locations = [Location]()
    var line = 1
    var column = 1
    for scalar in marked.unicodeScalars {
      if scalar == marker {
        locations.append(Location(line: line, column: column))
        continue
      }
      text.append(scalar)
      if scalar == "\n" {
        line += 1
        column = 1
      } else {
        column += 1
      }
    }
    self.text = String(text)
    self.locations = locations
  }
}

/// A link-carrying element found in an HTML document, with its position in the document.
///
/// Values only: no libxml2 pointer leaves this module.
public struct MarkupLink: Sendable, Hashable {
  /// The element name, lower-cased by libxml2: `a`, `area`, `v:roundrect`, ….
  public var element: String
  /// The attribute that holds the URL (`href`).
  public var attribute: String
  /// The attribute value with entities decoded, as libxml2 reports it (not trimmed).
  public var value: String
  /// The element's visible text (whitespace collapsed), or the `alt` of an image inside it.
  public var text: String?
  /// 1-based line of the first character of the URL (after leading whitespace in the value).
  public var line: Int
  /// 1-based column of that character, counted in Unicode scalars from the start of the line.
  public var column: Int
  /// 1-based line and column just past the URL's last character (trailing whitespace in the
  /// value left out).
  public var endLine: Int
  public var endColumn: Int
  /// Byte range of the raw attribute value (between its quotes) in the UTF-8 document buffer.
  public var valueRange: Range<Int>
  /// Whether the link was found inside an Outlook conditional comment (`<!--[if mso]>`).
  public var isInConditionalComment: Bool
  /// Whether the source suppresses it: the element or an ancestor has `data-darkshare-ignore`,
  /// or `<!-- darkshare-ignore-next-link -->` comes before it.
  public var isSuppressed: Bool

  public init(
    element: String, attribute: String, value: String, text: String?, line: Int, column: Int,
    endLine: Int, endColumn: Int, valueRange: Range<Int>, isInConditionalComment: Bool, isSuppressed: Bool = false
  ) {
    self.endLine = endLine
    self.endColumn = endColumn
    self.element = element
    self.attribute = attribute
    self.value = value
    self.text = text
    self.line = line
    self.column = column
    self.valueRange = valueRange
    self.isInConditionalComment = isInConditionalComment
    self.isSuppressed = isSuppressed
  }
}

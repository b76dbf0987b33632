import DarkshareCore
import DarkshareMarkup

/// Reads e-mail template sources kept in git: Handlebars, Liquid, Nunjucks, Twig, Jinja, ERB,
/// Smarty-style `.tpl` and XHTML.
///
/// They are HTML with merge tags, read as ``HTMLReader`` reads HTML, except that template tags
/// standing between a start tag's attributes are blanked out first (``MarkupDialect/template``),
/// so `<a {% if vip %}href="https://shop.example/vip"{% endif %}>` still yields its link at the
/// column of its `h`. Merge tags inside URLs (`href="{{ product.url }}"`,
/// `?utm_campaign={{ campaign }}`) are left as written; the merge-tag scanner judges them.
public struct TemplateReader: InputReader {
  public static let format = "template"

  /// The extensions this reader claims (lower-case, without the dot).
  public static let extensions: Set<String> = [
    "hbs", "handlebars", "liquid", "njk", "twig", "jinja", "j2", "erb", "xhtml", "tpl",
  ]

  public init() {}

  public static func accepts(path: String, head: ArraySlice<UInt8>) -> Bool {
    extensions.contains(pathExtension(of: path))
  }

  public func links(in bytes: [UInt8], file: String) throws(ReaderError) -> [Link] {
    if let problem = BinarySniffer.problem(in: bytes, expected: "a template") { throw ReaderError(problem) }
    return try HTMLReader.links(in: HTMLLinkScanner.scan(bytes, dialect: .template), file: file)
  }

  /// The lower-case extension of the last path component (`email.html.hbs` → `hbs`).
  static func pathExtension(of path: String) -> String {
    let name = path.split(separator: "/").last.map(String.init) ?? path
    guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
    return name[name.index(after: dot)...].lowercased()
  }
}

extension TemplateReader: PartedDocumentReader {
  /// A large template, read a chunk at a time as ``HTMLReader`` reads a large HTML document,
  /// its template tags masked as each start tag is complete.
  public func parted(_ document: RereadableDocument, file: String, largestHeld: Int) throws(ReaderError) -> (any PartedDocument)? {
    try HTMLReader.parted(document, file: file, dialect: .template, expected: "a template")
  }
}

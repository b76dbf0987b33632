import DarkshareCore
import DarkshareMarkup

/// Reads MJML sources (`.mjml`), the markup most responsive e-mail is written in before it is
/// compiled to HTML.
///
/// Counted, each at the line and column of its URL in the `.mjml` file (1-based, columns in
/// Unicode scalars, pointing at the URL's first character as for HTML):
/// - the `href` of `mj-button`, `mj-image`, `mj-navbar-link`, `mj-social-element`,
///   `mj-carousel-image` and `mj-hero`;
/// - the links of the HTML inside `mj-text`, `mj-raw`, `mj-table` and the other content
///   components (`<a href>`, `<area href>`, VML in conditional comments).
///
/// ```xml
/// <mj-button href="https://shop.example/sale">Shop</mj-button>   → 1:18, text "Shop"
/// <mj-text><p>Read <a href="https://blog.example/">more</a></p></mj-text>
/// ```
///
/// Nothing inside `mj-head` is a link (`mj-attributes` defaults, `mj-font` stylesheets), nor is
/// `mj-include` followed (a partial is read when the walk meets it). MJML's text content is
/// HTML that is often not well-formed XML (`<br>`, `&nbsp;`, unquoted attributes), so the whole
/// file goes through libxml2's HTML parser in recover mode, which keeps the unknown `mj-*`
/// elements and their attributes (``MarkupDialect/mjml``). Template tags between attributes are
/// blanked first, as for ``TemplateReader``.
///
/// What MJML's compiler adds or changes, which this reader reports as written: a named
/// `mj-social-element` (`name="facebook"`, not `…-noshare`) becomes a share URL that wraps its
/// `href`, an `mj-social-element` with text gets a second `<a>` for its text, `mj-navbar`'s
/// `base-url` is put before each link, and `mj-carousel` adds `#` thumbnail anchors.
public struct MJMLReader: InputReader {
  public static let format = "mjml"

  public init() {}

  /// Claims `.mjml` files and documents that start with `<mjml`.
  public static func accepts(path: String, head: ArraySlice<UInt8>) -> Bool {
    if TemplateReader.pathExtension(of: path) == "mjml" { return true }
    let text = head.drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF }
    return text.starts(with: Array("<mjml".utf8))
  }

  public func links(in bytes: [UInt8], file: String) throws(ReaderError) -> [Link] {
    if let problem = BinarySniffer.problem(in: bytes, expected: "an MJML document") { throw ReaderError(problem) }
    return try HTMLReader.links(in: HTMLLinkScanner.scan(bytes, dialect: .mjml), file: file)
  }
}

extension MJMLReader: PartedDocumentReader {
  /// A large MJML source, read a chunk at a time as ``HTMLReader`` reads a large HTML document.
  public func parted(_ document: RereadableDocument, file: String, largestHeld: Int) throws(ReaderError) -> (any PartedDocument)? {
    try HTMLReader.parted(document, file: file, dialect: .mjml, expected: "an MJML document")
  }
}

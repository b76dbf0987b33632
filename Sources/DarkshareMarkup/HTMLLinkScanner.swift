internal import CLibXML2

/// Everything darkshare needs from one HTML document.
public struct HTMLScan: Sendable {
  /// The encoding the document was read as (`utf-8`, `windows-1252`, …).
  public var encoding: String
  /// The links in document order, links inside conditional comments after the comment's place.
  public var links: [MarkupLink]
  /// The limit of ``MarkupBudget/html`` the document exceeds: then it was not parsed, and
  /// ``links`` is empty.
  public var refusal: MarkupBudget.Violation?
}

/// Extracts the link-carrying elements of an HTML document with libxml2's SAX parser.
///
/// Counted: `<a href>`, `<area href>`, VML elements with `href` (`<v:roundrect>`, `<v:rect>`,
/// …) and Inky's `<button href>` / `<item href>`. Links inside Outlook conditional comments
/// (`<!--[if mso]> … <![endif]-->`), which libxml2 reports as comment text, are found by parsing
/// the comment's content as HTML. Images, stylesheets, `<link>`, `<base>` and doctype
/// identifiers are not links.
///
/// ```swift
/// let scan = HTMLLinkScanner.scan(Array(#"<p><a href=" https://shop.example/?a=1&amp;b=2 ">Shop</a>"#.utf8))
/// scan.links[0].value   // " https://shop.example/?a=1&b=2 "
/// scan.links[0].column  // 14 — the `h`, after the whitespace inside the quotes
/// ```
///
/// The parse never touches the network, never loads a DTD and prints nothing; broken markup is
/// recovered as browsers do, and whatever could be read is returned. A document over
/// ``MarkupBudget/html`` (1,000 attributes on a tag, 512 levels of nesting, 16 MiB in a value)
/// is not parsed at all: ``HTMLScan/refusal`` says which limit, on which line.
///
/// - Complexity: O(*n*) in the document's size, plus O(*k* log *k*) for *k* links.
public enum HTMLLinkScanner {
  /// Scans `bytes`, a document in any encoding (see ``HTMLCharset``) written in `dialect`.
  ///
  /// Positions are always those of the file as written, also where a template dialect's tags
  /// were blanked out for the parser (``TemplateTagMask``).
  public static func scan(_ bytes: [UInt8], dialect: MarkupDialect = .html) -> HTMLScan {
    _ = libXML2Initialized
    let decoded = HTMLCharset.decode(bytes)
    var original = decoded.utf8
    // libxml2 ends an attribute value or stops reading at a NUL byte; browsers read on (a NUL
    // is U+FFFD or nothing). A space keeps every offset, line and column where it was.
    if original.containsByte(0) {
      for index in original.indices where original[index] == 0 { original[index] = 0x20 }
    }
    let masked = dialect == .html ? nil : TemplateTagMask.masked(original)
    let buffer = masked?.bytes ?? original
    // Checked before libxml2 sees the bytes: its attribute and end-tag handling is quadratic.
    if let refusal = MarkupBudgetScanner.check(buffer, budget: .html, dialect: .html) {
      return HTMLScan(encoding: decoded.encoding, links: [], refusal: refusal)
    }
    let collector = SAXCollector(dialect: dialect)
    // Conditional comments are parsed by a collector of their own, kept from one to the next
    // (as ``HTMLLinkStream`` does): a `darkshare-ignore-next-link` marker at the end of the
    // document suppresses nothing in them.
    let commentCollector = SAXCollector(dialect: dialect)
    buffer.withUnsafeBufferPointer { whole in
      collector.parse(whole, baseOffset: 0, insideComment: false)
      for comment in collector.conditionalComments {
        guard let start = contentStart(of: comment, in: buffer) else { continue }
        // The closing `<![endif]` is markup of the comment, not text of the link before it.
        let length = comment.value.firstIndex(ofBytes: Self.endif) ?? comment.value.count
        let content = UnsafeBufferPointer(rebasing: whole[start..<start + length])
        commentCollector.parse(content, baseOffset: start, insideComment: true, suppressed: comment.isSuppressed)
      }
    }
    var links = locate(collector.links + commentCollector.links, in: buffer, lines: LineIndex(original))
    if let masked, !masked.branchStarts.isEmpty { shareBranchText(&links, at: masked.branchStarts, in: buffer) }
    return HTMLScan(encoding: decoded.encoding, links: links)
  }

  /// Gives the first branch of a start tag split at a template `else` (``TemplateTagMask``) the
  /// text of the second: the element's content follows the last branch only.
  private static func shareBranchText(_ links: inout [MarkupLink], at branchStarts: [Int], in buffer: [UInt8]) {
    for index in links.indices.dropLast() where links[index].text == nil {
      let next = links[index + 1]
      // The next link must be the branch's own element: no other tag starts between them.
      let isBranch = branchStarts.contains { start in
        links[index].valueRange.upperBound < start && start < next.valueRange.lowerBound
          && !buffer[(start + 1)..<next.valueRange.lowerBound].contains(UInt8(ascii: "<"))
      }
      if isBranch { links[index].text = next.text }
    }
  }

  static let endif = Array("<![endif]".utf8)

  /// Where the content of a comment that ended at `comment.end` starts in `buffer`, whose
  /// first byte is at `offset` in the document.
  static func contentStart(of comment: SAXCollector.Comment, in buffer: [UInt8], offset: Int = 0) -> Int? {
    let opener = Array("<!--".utf8)
    let latest = comment.end - 3 - comment.value.count
    for start in stride(from: latest, through: max(latest - 8, offset + 4), by: -1)
    where start + comment.value.count <= offset + buffer.count {
      let local = start - offset
      if buffer[local - 4..<local].elementsEqual(opener),
        buffer[local..<local + comment.value.count].elementsEqual(comment.value)
      {
        return start
      }
    }
    return nil
  }

  /// HTML's ASCII white space (no vertical tab), which an attribute value's URL is trimmed of.
  private static func isHTMLWhitespace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C
  }

  /// Finds each link's value in the parsed bytes and turns offsets into lines and columns of
  /// the original (`lines`; the parsed buffer has the same length, its template tags blanked).
  private static func locate(
    _ pending: [SAXCollector.PendingLink], in buffer: [UInt8], lines: LineIndex
  ) -> [MarkupLink] {
    let locator = StartTagLocator(buffer: buffer)
    let ranges = pending.map { link in
      locator.valueRange(of: link.attribute, element: link.element, tagEnd: link.tagEnd)
        ?? link.tagEnd..<link.tagEnd
    }
    let urlStarts = ranges.map { range in
      var start = range.lowerBound
      while start < range.upperBound, isHTMLWhitespace(buffer[start]) {
        start += 1
      }
      return start
    }
    let urlEnds = zip(ranges, urlStarts).map { range, start in
      var end = range.upperBound
      while end > start, isHTMLWhitespace(buffer[end - 1]) { end -= 1 }
      return end
    }
    let allPositions = lines.positions(of: urlStarts + urlEnds)
    let positions = allPositions[..<urlStarts.count]
    let endPositions = allPositions[urlStarts.count...]
    let links = pending.indices.map { index in
      MarkupLink(
        element: pending[index].element, attribute: pending[index].attribute,
        value: pending[index].value, text: pending[index].displayText,
        line: positions[index].line, column: positions[index].column,
        endLine: endPositions[urlStarts.count + index].line, endColumn: endPositions[urlStarts.count + index].column,
        valueRange: ranges[index], isInConditionalComment: pending[index].insideComment,
        isSuppressed: pending[index].isSuppressed)
    }
    return links.sorted { ($0.valueRange.lowerBound, $0.line) < ($1.valueRange.lowerBound, $1.line) }
  }
}

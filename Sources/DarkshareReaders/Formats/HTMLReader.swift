import DarkshareCore
import DarkshareMarkup

/// Reads HTML newsletters and ESP template exports.
public struct HTMLReader: InputReader {
  public static let format = "html"

  public init() {}

  public static func accepts(path: String, head: ArraySlice<UInt8>) -> Bool {
    let lowered = path.lowercased()
    if lowered.hasSuffix(".html") || lowered.hasSuffix(".htm") { return true }
    let text = String(decoding: head.prefix(1024), as: UTF8.self).lowercased()
    return text.contains("<html") || text.contains("<!doctype html") || text.contains("<a ")
      || text.contains("<table") || text.contains("<body")
  }

  public func links(in bytes: [UInt8], file: String) throws(ReaderError) -> [Link] {
    if let problem = BinarySniffer.problem(in: bytes) { throw ReaderError(problem) }
    return try Self.links(in: HTMLLinkScanner.scan(bytes), file: file)
  }

  /// The links of a scanned document (HTML, a template source, MJML) as e-mail links of `file`.
  /// - Throws: ``ReaderError`` naming the line when the document exceeds its markup budget.
  static func links(in scan: HTMLScan, file: String) throws(ReaderError) -> [Link] {
    if let refusal = scan.refusal { throw ReaderError("not read: \(refusal)") }
    return links(in: scan.links, file: file)
  }

  /// `found`, links of an HTML document, as e-mail links of `file`.
  static func links(in found: [MarkupLink], file: String) -> [Link] {
    found.map { found in
      Link(
        url: found.value.trimmingASCIIWhitespace(),
        location: SourceLocation(file: file, line: found.line, column: found.column),
        text: found.text, element: found.element, channel: .email, isSuppressed: found.isSuppressed,
        urlEnd: TextPosition(line: found.endLine, column: found.endColumn))
    }
  }
}

extension String {
  /// The string without the leading and trailing ASCII whitespace browsers strip from `href`.
  func trimmingASCIIWhitespace() -> String {
    let isSpace = { (c: Character) in c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0C}" }
    guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
      return ""
    }
    return String(self[first...last])
  }
}

import DarkshareCore

/// Reads a plain-text file that no other reader claims (`.txt`): notes, the text/plain version of
/// a newsletter, a message pasted from somewhere.
///
/// The file is one document with no ``MessageContext``. Links are found with
/// ``PlainTextLinkDetector`` at their 1-based line and column (Unicode scalars) in the file.
///
/// Channel: ``Channel/email``. A plain-text file darkshare is pointed at is, like an HTML file, most
/// often a newsletter template (the text/plain alternative that `darkshare fix` also edits), and
/// ``HTMLReader`` files its links under e-mail too, so both template formats are judged alike.
/// Text that is really a chat or SMS log has its own readers (``WhatsAppExportReader``,
/// ``CSVMessageLogReader``), which say their channel.
public struct PlainTextReader: InputReader {
  public static let format = "text"

  public init() {}

  /// Claims `.txt` and `.text` files, and an input named without an extension (standard input)
  /// whose first bytes are text: it is tried last, so it gets the text no other reader wanted.
  public static func accepts(path: String, head: ArraySlice<UInt8>) -> Bool {
    let lowered = path.lowercased()
    if lowered.hasSuffix(".txt") || lowered.hasSuffix(".text") { return true }
    return InputName.hasNoExtension(path) && !head.isEmpty && BinarySniffer.problem(in: Array(head)) == nil
  }

  public func links(in bytes: [UInt8], file: String) throws(ReaderError) -> [Link] {
    if let problem = BinarySniffer.problem(in: bytes, expected: "a text file") { throw ReaderError(problem) }
    // Legacy 8-bit text and a few bad bytes are text: decoded as the HTML reader decodes.
    let text = LegacyText.string(bytes)
    let found = PlainTextLinkDetector.links(in: text)
    return zip(found, PlainTextLeadIn.leadIns(of: found, in: text)).map { found, leadIn in
      Link(
        url: found.url, location: SourceLocation(file: file, line: found.line, column: found.column),
        text: nil, element: "text", channel: .email,
        urlEnd: TextPosition(line: found.line, column: found.endColumn), leadIn: leadIn)
    }
  }
}

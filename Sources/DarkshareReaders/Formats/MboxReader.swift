import DarkshareCore

/// Reads an mbox file (mboxo, mboxrd; Gmail Takeout, Thunderbird and Netscape files) message
/// by message, never holding more than one message in memory.
///
/// Messages are separated by From_ lines (see ``MboxFromLine``: a sender and a date, Netscape's
/// `From -`, or, after a blank line, a sender address alone), so an unquoted `From time to time`
/// in a body stays body text; an optional UTF-8 byte order mark and blank lines may come first. Body lines
/// `>From `, `>>From `, … lose one `>`. Each message is read as ``EMLReader`` reads an `.eml`:
///
/// ```
/// From news@shop.example Tue Mar  3 09:00:00 2026        ← message 0
/// Subject: Spring sale
///
/// https://shop.example/sale                               → index 0, line 1 of its part
///
/// From 1583290388308606088@xxx Mon Nov 06 04:42:58 +0000 2017   ← message 1 …
/// ```
///
/// **Indices.** ``MessageContext/index`` counts every message in file order, attached
/// forwards (`message/rfc822`) included: message *k* of the file gets the next free index and
/// the messages attached to it the ones after it. So indices are unique and increasing across
/// the file, and match an `.eml` reading of a single message (0, then 1, 2, … for attachments).
/// A batch's ``MessageBatch/messages`` is the number of indices its message used.
///
/// **Positions.** Lines and columns are 1-based within the decoded part, as for `.eml`:
/// the part's location in the file is not kept (mbox lines shift with unquoting anyway).
///
/// **Limits.** A message larger than ``maximumMessageSize`` bytes is skipped (its index is
/// used up; the batch counts no message and names it, with the line of its From_ line, in its
/// problem), and reading goes on at the next From_ line. Lines are read in pieces of at most
/// 1 MiB, so a line without a newline never grows a buffer beyond that.
///
/// - Complexity: O(*n*) in the file's length; memory O(largest message) ≤ the cap + 2 MiB.
public struct MboxReader: StreamingInputReader {
  public static let format = "mbox"

  /// The default cap on one message: 64 MiB.
  public static let defaultMaximumMessageSize = 64 << 20

  /// The largest message read, in bytes; larger ones are skipped with a problem.
  public var maximumMessageSize: Int

  public init() { maximumMessageSize = Self.defaultMaximumMessageSize }

  public init(maximumMessageSize: Int) { self.maximumMessageSize = maximumMessageSize }

  /// Claims `.mbox` and `.mbx` files, and any file but an `.eml` whose first line (after an
  /// optional UTF-8 byte order mark) is a From_ line: an mbox named `.txt`, a Thunderbird
  /// folder without extension.
  public static func accepts(path: String, head: ArraySlice<UInt8>) -> Bool {
    let lowered = path.lowercased()
    if lowered.hasSuffix(".mbox") || lowered.hasSuffix(".mbx") { return true }
    if lowered.hasSuffix(".eml") { return false }
    var head = head
    if head.starts(with: [0xEF, 0xBB, 0xBF]) { head = head.dropFirst(3) }
    guard let lineFeed = head.firstIndex(of: 0x0A) else { return false }
    return MboxFromLine.isSeparator(head[head.startIndex..<lineFeed])
  }

  public func messages(from source: any ByteSource, file: String) throws(ReaderError) -> any MessageStream {
    try MboxMessageStream(lines: LineSplitter(source), file: file, maximumMessageSize: maximumMessageSize)
  }
}

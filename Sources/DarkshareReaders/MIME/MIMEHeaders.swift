/// The header fields of a message or body part (RFC 5322 §2.2, RFC 2045 §3), unfolded.
///
/// Field names are case-insensitive; values keep their raw bytes decoded as UTF-8 when valid
/// and as windows-1252 otherwise (undeclared 8-bit headers occur in real mail). RFC 2047
/// encoded words are decoded by ``decoded(_:)``, not here, so structured fields such as
/// `Content-Type` are parsed as written.
struct MIMEHeaders: Sendable {
  /// The fields in order, names as written.
  var fields: [(name: String, value: String)]

  /// The first value of the field `name` (any case), surrounding whitespace trimmed.
  subscript(_ name: String) -> String? {
    let lowered = name.lowercased()
    return fields.first { $0.name.lowercased() == lowered }?.value.trimmingMailWhitespace()
  }

  /// The field's value with RFC 2047 encoded words decoded.
  func decoded(_ name: String) -> String? {
    self[name].map(EncodedWords.decode)
  }

  /// Parses the header block at the start of `bytes`.
  ///
  /// The block ends at the first empty line (LF, CRLF or CR line ends are all accepted). A line
  /// starting with a space or tab continues the previous field; removing the line break unfolds
  /// it. A line that is neither a field nor a continuation ends the block too (RFC-breaking mail
  /// that starts the body without a blank line), as does the end of the input.
  ///
  /// - Returns: the headers and the offset where the body starts.
  /// - Complexity: O(*n*) in the header block's length.
  static func parse(_ bytes: ArraySlice<UInt8>) -> (headers: MIMEHeaders, bodyStart: Int) {
    var block = Block()
    var index = bytes.startIndex
    while index < bytes.endIndex {
      let (lineEnd, next) = bytes.lineEnd(from: index)
      switch block.add(line: bytes[index..<lineEnd]) {
      case .more: index = next
      case .endsAfterThisLine: return (block.headers, next)
      case .endsBeforeThisLine: return (block.headers, index)
      }
    }
    return (block.headers, bytes.endIndex)
  }

  /// A header block read a line at a time, as ``parse(_:)`` reads it (also by the streamed
  /// message walk, which never holds a message whole).
  struct Block {
    private(set) var headers = MIMEHeaders(fields: [])
    private var isFirstLine = true

    /// Where the block stands after a line.
    enum Verdict {
      /// The line was a field or a continuation (or the mbox `From ` line): read on.
      case more
      /// The line was the empty line: the body starts after it.
      case endsAfterThisLine
      /// The line is not a header: the body starts with it.
      case endsBeforeThisLine
    }

    /// Adds `line`, the next line of the block without its line break; without `storing`, the
    /// line is only classified (a block too large to keep).
    mutating func add(line: ArraySlice<UInt8>, storing: Bool = true) -> Verdict {
      defer { isFirstLine = false }
      if line.isEmpty { return .endsAfterThisLine }
      if let first = line.first, first == 0x20 || first == 0x09 {
        if storing, !headers.fields.isEmpty { headers.fields[headers.fields.count - 1].value += MIMEText.string(line) }
        return .more
      }
      guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex,
        line[line.startIndex..<colon].allSatisfy({ $0 > 0x20 && $0 < 0x7F })
      else {
        // Not a header: the body starts here (no blank line), unless this is the mbox "From " line.
        return isFirstLine && line.starts(with: Array("From ".utf8)) ? .more : .endsBeforeThisLine
      }
      if storing {
        headers.fields.append(
          (String(decoding: line[line.startIndex..<colon], as: UTF8.self), MIMEText.string(line[(colon + 1)...])))
      }
      return .more
    }
  }
}

extension ArraySlice where Element == UInt8 {
  /// The end of the line starting at `start` (before its line break) and where the next line
  /// starts. Lines end at LF, CRLF or CR.
  func lineEnd(from start: Int) -> (end: Int, next: Int) {
    var index = start
    while index < endIndex {
      let byte = self[index]
      if byte == 0x0A { return (index, index + 1) }
      if byte == 0x0D {
        return (index, index + 1 < endIndex && self[index + 1] == 0x0A ? index + 2 : index + 1)
      }
      index += 1
    }
    return (endIndex, endIndex)
  }
}

extension String {
  /// The string without leading and trailing spaces, tabs and line breaks.
  func trimmingMailWhitespace() -> String {
    let isSpace = { (c: Character) in c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\r\n" }
    guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
      return ""
    }
    return String(self[first...last])
  }
}

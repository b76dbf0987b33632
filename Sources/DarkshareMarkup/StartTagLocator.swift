import DarkshareCore

/// Finds an attribute's value in the original bytes of a start tag.
///
/// libxml2 reports where a start tag ends (its parser position when the element event fires)
/// but not where an attribute value sits. This type walks back to the tag's `<name` and
/// re-tokenises the attributes the way the HTML parser does, so a link's line and column, and
/// later a fix's byte range, point into the file as stored.
struct StartTagLocator {
  let buffer: [UInt8]

  /// Returns the byte range of the value of attribute `attribute` of the element `element`
  /// whose start tag ends at `tagEnd`, or nil when it cannot be found.
  ///
  /// - Parameters:
  ///   - attribute: lower-case attribute name (`href`).
  ///   - element: lower-case element name (`a`, `v:roundrect`).
  ///   - tagEnd: the parser's byte offset when it reported the element: at the tag's `>` or
  ///     `/>`, or past it.
  func valueRange(of attribute: String, element: String, tagEnd: Int) -> Range<Int>? {
    let nameLength = element.utf8.count
    var candidate = min(tagEnd, buffer.count) - 1
    var tries = 0
    while candidate >= 0, tries < 32 {
      guard let open = lastIndex(of: UInt8(ascii: "<"), atOrBefore: candidate) else { return nil }
      if matchesName(element, length: nameLength, at: open + 1) {
        // Never past where the parser ended the tag: a quote it did not see as one (in a
        // conditional comment cut at `<![endif]`) would otherwise run on into the document.
        let (value, end) = firstValue(of: attribute, from: open + 1 + nameLength, limit: min(tagEnd, buffer.count))
        if end >= tagEnd - 2 || end >= buffer.count { return value }
      }
      candidate = open - 1
      tries += 1
    }
    return nil
  }

  private func lastIndex(of byte: UInt8, atOrBefore index: Int) -> Int? {
    var cursor = index
    while cursor >= 0 {
      if buffer[cursor] == byte { return cursor }
      cursor -= 1
    }
    return nil
  }

  /// Whether the element name `name` (`length` bytes) starts at `start`: libxml2 ends a name at
  /// the first byte outside `[A-Za-z0-9:_.-]` (`htmlParseHTMLName`), so `<aª href=…>` is an
  /// `a`, or after ``longestName`` bytes, the rest being read as an attribute.
  private func matchesName(_ name: String, length: Int, at start: Int) -> Bool {
    guard start + length <= buffer.count else { return false }
    for (offset, byte) in name.utf8.enumerated() where lowercase(buffer[start + offset]) != byte {
      return false
    }
    let after = start + length
    return after == buffer.count || length >= Self.longestName || !continuesName(buffer[after])
  }

  /// Reads attributes from `start` to the end of the tag as `htmlParseStartTag` does; returns
  /// the value of the first named `wanted` (empty for a bare attribute; nil when none is) and
  /// the offset of the closing `>` or `/>` (or `limit`).
  ///
  /// A name starts with an ASCII letter, `_`, `:` or `.`; a value is quoted only when a quote
  /// follows `=` (and blanks), otherwise it runs to a blank or `>`; anything else is bogus text
  /// skipped up to a blank, `>` or `/>`.
  private func firstValue(of wanted: String, from start: Int, limit end: Int) -> (value: Range<Int>?, end: Int) {
    var found: Range<Int>?
    var cursor = start
    while cursor < end {
      while cursor < end, isBlank(buffer[cursor]) { cursor += 1 }
      guard cursor < end, buffer[cursor] != UInt8(ascii: ">"), !isSelfClosingEnd(at: cursor) else { break }
      guard startsName(buffer[cursor]) else {
        while cursor < end, !isBlank(buffer[cursor]), buffer[cursor] != UInt8(ascii: ">"),
          !isSelfClosingEnd(at: cursor)
        {
          cursor += 1
        }
        continue
      }
      let nameStart = cursor
      while cursor < end, continuesName(buffer[cursor]), cursor - nameStart < Self.longestName { cursor += 1 }
      let isWanted = found == nil && equalsIgnoringCase(wanted, nameStart..<cursor)
      var probe = cursor
      while probe < end, isBlank(buffer[probe]) { probe += 1 }
      guard probe < end, buffer[probe] == UInt8(ascii: "=") else {
        if isWanted { found = cursor..<cursor }
        continue
      }
      probe += 1
      while probe < end, isBlank(buffer[probe]) { probe += 1 }
      if probe < end, buffer[probe] == UInt8(ascii: "\"") || buffer[probe] == UInt8(ascii: "'") {
        let quote = buffer[probe]
        let valueStart = probe + 1
        // The value (a link's whole URL, the longest run of the tag) up to its quote, by memchr.
        let valueEnd = valueStart < end
          ? buffer.withUnsafeBufferPointer { $0.firstIndex(of: quote, in: valueStart..<end) } ?? end : valueStart
        if isWanted { found = valueStart..<valueEnd }
        cursor = min(valueEnd + 1, end)
      } else {
        let valueStart = probe
        var valueEnd = valueStart
        while valueEnd < end, !isBlank(buffer[valueEnd]), buffer[valueEnd] != UInt8(ascii: ">") {
          valueEnd += 1
        }
        if isWanted { found = valueStart..<valueEnd }
        cursor = valueEnd
      }
    }
    return (found, cursor)
  }

  /// libxml2's longest name (`HTML_PARSER_BUFFER_SIZE`); the rest is read as the next one.
  private static let longestName = 100

  private func isSelfClosingEnd(at index: Int) -> Bool {
    buffer[index] == UInt8(ascii: "/") && index + 1 < buffer.count && buffer[index + 1] == UInt8(ascii: ">")
  }

  /// Whether the bytes of `range` are `name` (lower-case) in any case.
  private func equalsIgnoringCase(_ name: String, _ range: Range<Int>) -> Bool {
    guard range.count == name.utf8.count else { return false }
    return zip(buffer[range], name.utf8).allSatisfy { lowercase($0) == $1 }
  }

  private func lowercase(_ byte: UInt8) -> UInt8 {
    byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
  }

  /// `IS_BLANK_CH`: space, tab, line feed, carriage return (not form feed).
  private func isBlank(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
  }

  private func startsName(_ byte: UInt8) -> Bool {
    (lowercase(byte) >= 0x61 && lowercase(byte) <= 0x7A) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":")
      || byte == UInt8(ascii: ".")
  }

  private func continuesName(_ byte: UInt8) -> Bool {
    startsName(byte) || (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "-")
  }
}

extension PlainTextLinkDetector {
  /// Every URL in `scalars` with the 0-based scalar offset of its first character, so a reader
  /// that decoded the text (entities, JSON escapes) can map it back to the file.
  ///
  /// ```swift
  /// PlainTextLinkDetector.linksWithOffsets(in: Array("a\nsee www.shop.example".unicodeScalars))
  /// // [(link: www.shop.example at 2:5, offset: 6)]
  /// ```
  static func linksWithOffsets(in scalars: [Unicode.Scalar]) -> [(link: PlainTextLink, offset: Int)] {
    let found = links(in: String(String.UnicodeScalarView(scalars)))
    guard !found.isEmpty else { return [] }
    let lineStarts = lineStarts(of: scalars)
    return found.map { ($0, lineStarts[$0.line - 1] + $0.column - 1) }
  }

  /// The scalar offset at which each line of `scalars` starts, by the detector's own rule (a line
  /// ends at LF, CRLF or CR): `lineStarts[line - 1]` for a 1-based ``PlainTextLink/line``.
  static func lineStarts(of scalars: [Unicode.Scalar]) -> [Int] {
    var lineStarts = [0]
    var index = 0
    while index < scalars.count {
      if scalars[index] == "\n" || scalars[index] == "\r" {
        if scalars[index] == "\r", index + 1 < scalars.count, scalars[index + 1] == "\n" { index += 1 }
        lineStarts.append(index + 1)
      }
      index += 1
    }
    return lineStarts
  }
}

import Testing

@testable import DarkshareJudgement

/// The merge tags the scanner finds, against the scan that tries every delimiter pair at every
/// opening byte (the scanner looks only at the pairs that start with the byte it is on, and
/// passes over a `%` that only a percent-encoded byte can follow).
@Suite struct MergeTagScannerTests {
  @Test func knownTagsAreFound() {
    let cases: [(String, [String])] = [
      ("https://x.example/?u=*|EMAIL|*&c={{ campaign.name }}", ["EMAIL", "campaign.name"]),
      ("https://x.example/%7B%7Burl%7D%7D?a=%2A%7CID%7C%2A", ["url", "ID"]),
      ("https://x.example/?a=%ADDRESS%&b=%3A%2F%2F&c=%recipient.name%", ["ADDRESS", "recipient.name"]),
      ("https://x.example/?a=%AB1%&b=%%view_email_url%%", ["view_email_url"]),
      ("[unsubscribe]", ["unsubscribe"]),
      ("https://x.example/%E2%9C%93?q=100%25", []),
    ]
    for (url, names) in cases {
      #expect(MergeTagScanner.tags(in: Array(url.utf8)).map(\.name) == names, "\(url)")
    }
  }

  @Test func tagsAreTheOnesEveryPairTriedFinds() {
    // Fragments that open, close and imitate tags, percent-encoding among them.
    let pieces = [
      "%", "%%", "%7B", "%7b", "%7D", "%2A", "%2a", "%7C", "%3A", "%2F", "%25", "%E2", "7B", "2A", "{{", "}}", "{%",
      "%}", "*|", "|*", "<%", "%>", "[[", "]]", "{$", "${", "}", "##", "~~eloqua", "~~", "[", "]", "NAME", "name",
      "AB", "x_y", "1", " ", "&", "=", "?", "/", ".", "-", "é", "https://x.example/",
    ]
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<20_000 {
      let count = Int.random(in: 0...12, using: &generator)
      let text = (0..<count).map { _ in pieces.randomElement(using: &generator)! }.joined()
      let bytes = Array(text.utf8)
      let found = MergeTagScanner.tags(in: bytes)
      let expected = EveryPairScan.tags(in: bytes)
      #expect(found.map(\.range) == expected.map(\.range), "\(text)")
      #expect(found.map(\.name) == expected.map(\.name), "\(text)")
    }
  }
}

/// The scan as it was before the pairs were grouped by their opening byte: every pair tried
/// at every byte that can open one, and `%NAME%` looked for after any `%`.
private enum EveryPairScan {
  static let pairs: [(open: [UInt8], close: [UInt8])] = [
    ("*|", "|*"), ("{{", "}}"), ("{%", "%}"), ("%%", "%%"), ("<%", "%>"), ("[[", "]]"),
    ("{$", "}"), ("${", "}"), ("##", "##"), ("~~eloqua", "~~"), ("%7B%7B", "%7D%7D"),
    ("%7b%7b", "%7d%7d"), ("%2A%7C", "%7C%2A"), ("%2a%7c", "%7c%2a"),
  ].map { (Array($0.0.utf8), Array($0.1.utf8)) }

  static func tags(in bytes: [UInt8]) -> [MergeTag] {
    var tags = [MergeTag]()
    var index = 0
    while index < bytes.count {
      guard let tag = tag(at: index, in: bytes) else {
        index += 1
        continue
      }
      tags.append(tag)
      index = tag.range.upperBound
    }
    if tags.isEmpty, let whole = bracketTag(bytes) { tags.append(whole) }
    return tags
  }

  static func tag(at index: Int, in bytes: [UInt8]) -> MergeTag? {
    for pair in pairs where starts(bytes, with: pair.open, at: index) {
      let contentStart = index + pair.open.count
      guard let close = firstIndex(of: pair.close, in: bytes, from: contentStart), close > contentStart else { continue }
      var end = close + pair.close.count
      while pair.close.last == 0x7D, end < bytes.count, bytes[end] == 0x7D { end += 1 }
      return MergeTag(range: index..<end, name: MergeTagScanner.trimmedName(bytes[contentStart..<close]))
    }
    guard bytes[index] == 0x25 else { return nil }
    var end = index + 1
    while end < bytes.count, end - index < MergeTagScanner.maximumTagLength, isNameByte(bytes[end]) { end += 1 }
    guard end < bytes.count, bytes[end] == 0x25 else { return nil }
    let name = bytes[(index + 1)..<end]
    guard name.count >= 3, let first = name.first, isLetter(first) else { return nil }
    let startsLikeEscape = isHex(name[name.startIndex]) && isHex(name[name.startIndex + 1])
    let allCaps = name.allSatisfy { ($0 >= 0x41 && $0 <= 0x5A) || $0 == 0x5F }
    guard !startsLikeEscape || allCaps else { return nil }
    return MergeTag(range: index..<(end + 1), name: String(decoding: name, as: UTF8.self))
  }

  static func bracketTag(_ bytes: [UInt8]) -> MergeTag? {
    guard bytes.count > 2, bytes.first == 0x5B, bytes.last == 0x5D else { return nil }
    let inner = bytes[1..<(bytes.count - 1)]
    guard inner.allSatisfy({ isNameByte($0) || $0 == 0x2A || $0 == 0x20 || $0 == 0x2C || $0 == 0x3D }) else { return nil }
    return MergeTag(range: 0..<bytes.count, name: MergeTagScanner.trimmedName(inner))
  }

  static func starts(_ bytes: [UInt8], with pattern: [UInt8], at index: Int) -> Bool {
    index + pattern.count <= bytes.count && Array(bytes[index..<(index + pattern.count)]) == pattern
  }

  /// The first `pattern` starting at or after `start` and within the longest tag.
  static func firstIndex(of pattern: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
    var index = start
    while index + pattern.count <= bytes.count, index - start <= MergeTagScanner.maximumTagLength {
      if starts(bytes, with: pattern, at: index) { return index }
      index += 1
    }
    return nil
  }

  static func isNameByte(_ byte: UInt8) -> Bool {
    isLetter(byte) || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F || byte == 0x2E || byte == 0x2D
  }
  static func isLetter(_ byte: UInt8) -> Bool { (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) }
  static func isHex(_ byte: UInt8) -> Bool {
    (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66)
  }
}

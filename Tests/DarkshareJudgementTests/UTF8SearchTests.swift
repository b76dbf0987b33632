import DarkshareTestSupport
import Testing

@testable import DarkshareJudgement

/// The byte searches the rules build suggestions with: `replacingFirst` writes the new string's
/// bytes once, and must give what splicing the bytes as arrays gave.
@Suite struct UTF8SearchTests {
  @Test(arguments: [
    // (string, needle, replacement, expected)
    ("https://a.example/?utm_medium=mail&x=1", "utm_medium=mail", "utm_medium=email", "https://a.example/?utm_medium=email&x=1"),
    ("utm_medium=mail", "utm_medium=mail", "utm_medium=email", "utm_medium=email"),
    ("a=1&a=1", "a=1", "a=2", "a=2&a=1"),
    ("https://a.example/?x=1", "utm_medium=mail", "utm_medium=email", "https://a.example/?x=1"),
    ("https://a.example/?c=été&d=1", "c=été", "c=summer", "https://a.example/?c=summer&d=1"),
    ("https://a.example/?c=a&d=1", "c=a", "c=café 😀", "https://a.example/?c=café 😀&d=1"),
    ("https://a.example/?c=long-value", "c=long-value", "", "https://a.example/?"),
    ("", "x", "y", ""),
  ])
  func replacingFirstSplicesTheFirstOccurrence(string: String, needle: String, replacement: String, expected: String) {
    #expect(string.replacingFirst(needle, with: replacement) == expected)
  }

  @Test func anEmptyNeedleInsertsAtTheStart() {
    #expect("abc".replacingFirst("", with: "x") == "xabc")
  }

  @Test func aLongStringIsSplicedWhole() {
    let long = String(repeating: "é", count: 10_000) + "utm_medium=mail" + String(repeating: "z", count: 10_000)
    let replaced = long.replacingFirst("utm_medium=mail", with: "utm_medium=email")
    #expect(replaced == String(repeating: "é", count: 10_000) + "utm_medium=email" + String(repeating: "z", count: 10_000))
    #expect(replaced.utf8.count == long.utf8.count + 1)
  }
}

/// A merge tag's name is trimmed on its bytes when ASCII, as `trimmingCharacters` trims it.
@Suite struct MergeTagNameTests {
  @Test func asciiNamesTrimAsCharactersDo() {
    let pieces = ["a", "Z", "_", ".", " ", "\t", "\r", "\n", "\r\n", "\u{0B}", "\u{0C}", "*", "{", "}", "$", "%", "=", "|", "#", "\u{1F}"]
    var generator = SplitMix(seed: 9)
    for _ in 0..<20_000 {
      let name = (0..<Int.random(in: 0...10, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
      let expected = name.trimmingCharacters(in: " *{}$%=")
      #expect(MergeTagScanner.trimmedName(Array(name.utf8)[...]) == expected, "\(Array(name.utf8))")
    }
    #expect(MergeTagScanner.trimmedName(Array(" é\u{A0} ".utf8)[...]) == "é")
  }
}

/// A query's parameters keep what was written and what analytics reads: decoded once, `+` a space.
@Suite struct QueryParameterTests {
  @Test(arguments: [
    // (query, rawKey, key, rawValue, value)
    ("utm_campaign=spring-sale-2026-long", "utm_campaign", "utm_campaign", "spring-sale-2026-long", "spring-sale-2026-long"),
    ("utm%5Fsource=a+b%20c", "utm%5Fsource", "utm_source", "a+b%20c", "a b c"),
    ("q=caf%C3%A9%2Bthé", "q", "q", "caf%C3%A9%2Bthé", "café+thé"),
    ("k+ey=%zz%4", "k+ey", "k ey", "%zz%4", "%zz%4"),
    ("flag", "flag", "flag", nil, nil),
    ("=only-a-value-of-some-length", "", "", "only-a-value-of-some-length", "only-a-value-of-some-length"),
  ] as [(String, String, String, String?, String?)])
  func writtenAndDecoded(query: String, rawKey: String, key: String, rawValue: String?, value: String?) throws {
    let parameter = try #require(LinkURL("https://a.example/?" + query).queryParameters.first)
    #expect(parameter.rawKey == rawKey)
    #expect(parameter.key == key)
    #expect(parameter.rawValue == rawValue)
    #expect(parameter.value == value)
  }
}

/// A URL's parts as they were made from strings: the host is the authority's host lower-cased,
/// one trailing dot left out, as `lowercased()` and `dropLast()` of the written host give it;
/// the path and query are the path, `?` and the query.
@Suite struct URLPartsTests {
  @Test func theHostIsTheWrittenHostLowerCasedWithoutItsDot() {
    let pieces = ["a", "Z", "Shop", "EXAMPLE", "0", "-", ".", ".", "\u{C9}", "\u{130}", "\u{212A}", "\u{301}", "{{x}}"]
    var random = SplitMix(seed: 7)
    for _ in 0..<5_000 {
      let written = (0..<Int.random(in: 0...6, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
      let lowered = written.lowercased()
      let expected = lowered.hasSuffix(".") ? String(lowered.dropLast()) : lowered
      #expect(LinkURL("https://user@\(written):8080/p?q=1").host == expected, "\(written)")
    }
  }

  @Test func thePathAndQueryAreThePathAQuestionMarkAndTheQuery() {
    let pieces = ["/", "a", "?", "#", "=", "&", "é", "{{ x?y }}", "%3F", " ", "//", "\u{301}"]
    var random = SplitMix(seed: 8)
    for _ in 0..<5_000 {
      let rest = (0..<Int.random(in: 0...8, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
      for url in ["https://h.example" + rest, rest, "mailto:" + rest] {
        let parsed = LinkURL(url)
        #expect(parsed.pathAndQuery == parsed.query.map { parsed.path + "?" + $0 } ?? parsed.path, "\(url)")
        #expect(parsed.hasQuery == (parsed.query != nil))
        #expect(parsed.queryContains { $0 == UInt8(ascii: "?") } == (parsed.query?.utf8.contains(UInt8(ascii: "?")) ?? false))
      }
    }
  }
}

/// A query is split where a walk of its bytes splits it: on each `&`, and each pair on its first
/// `=`, neither inside a merge tag; tags that start before the query or end after it included.
@Suite struct QuerySplitTests {
  /// The byte-by-byte reading the splitter is held to.
  private func byWalking(_ bytes: ArraySlice<UInt8>, tags: [MergeTag]) -> [(key: String, value: String?, placeholder: Bool)] {
    let inTag = { (offset: Int) in tags.contains { $0.range.contains(offset) } }
    var pairs: [ArraySlice<UInt8>] = []
    var pairStart = bytes.startIndex
    for index in bytes.indices where bytes[index] == 0x26 && !inTag(index) {
      if index > pairStart { pairs.append(bytes[pairStart..<index]) }
      pairStart = index + 1
    }
    if bytes.endIndex > pairStart { pairs.append(bytes[pairStart...]) }
    return pairs.map { pair in
      let equals = pair.indices.first { pair[$0] == 0x3D && !inTag($0) }
      let value = equals.map { pair[($0 + 1)...] }
      let placeholder = value.map { value in
        tags.contains { $0.range.overlaps(value.startIndex..<max(value.endIndex, value.startIndex + 1)) }
      } ?? false
      return (
        String(decoding: equals.map { pair[..<$0] } ?? pair, as: UTF8.self), value.map { String(decoding: $0, as: UTF8.self) },
        placeholder
      )
    }
  }

  @Test func pairsAreThoseAWalkFinds() {
    let pieces = ["a", "=", "&", "==", "&&", "{{x&y=z}}", "*|A=B|*", "%%k&v%%", "é", "%3D", "+", "{{", "}}", "?"]
    var random = SplitMix(seed: 41)
    for _ in 0..<6_000 {
      let text = (0..<Int.random(in: 0...10, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
      let bytes = Array(text.utf8)
      let tags = MergeTagScanner.tags(in: bytes)
      let lower = Int.random(in: 0...bytes.count, using: &random)
      let upper = Int.random(in: lower...bytes.count, using: &random)
      let parsed = QueryParameter.parse(bytes[lower..<upper], tags: tags)
      let walked = byWalking(bytes[lower..<upper], tags: tags)
      #expect(parsed.map(\.rawKey) == walked.map(\.key), "\(text) \(lower)..<\(upper)")
      #expect(parsed.map(\.rawValue) == walked.map(\.value), "\(text) \(lower)..<\(upper)")
      #expect(parsed.map(\.valueIsPlaceholder) == walked.map(\.placeholder), "\(text) \(lower)..<\(upper)")
    }
  }
}

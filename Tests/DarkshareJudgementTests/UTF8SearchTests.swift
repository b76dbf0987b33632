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

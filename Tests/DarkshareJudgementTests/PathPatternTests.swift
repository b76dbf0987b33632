import DarkshareTestSupport
import Foundation
import Testing

@testable import DarkshareJudgement

/// `PathPattern` answers as `NSRegularExpression` does for every reference pattern, and
/// `PersonalData`'s anchor checks never skip text its patterns match: both only decide when a
/// regular expression is worth running, never what it would find.
@Suite struct PathPatternTests {
  /// Every path pattern of the reference (host wrappers and any-host shapes), and patterns that
  /// probe the reading of a literal start.
  static let patterns: [String] = Array(
    Set((LinkWrapper.all + LinkWrapper.anyHostShapes.map(\.wrapper)).map(\.pathPattern).filter { !$0.isEmpty })
  ).sorted() + [
    "^/(a|u)?x", "^/(?i:a|u)x", "^/a|b", "^a+b", #"^/x\.y$"#, "^/[]a]|^/b", "^(?i)/abc", "^/a{0,2}b", "^/(ab|)c",
    #"^/\d+"#, "^/(a(b|c))", "^/a#b", "^/(a|b)+c", "^/[(]|^/x", #"^/\(a|b\)"#, "^/ab*", "^", "^/é",
  ]

  /// Paths and queries to try: every URL the reference files hold, cut at several points, and
  /// paths made to sit on a pattern's literal start or just off it.
  static let subjects: [String] = {
    var urls = [String]()
    for name in ["wrapper-shapes.json", "wrapper-examples.json", "wrapper-variants.json"] {
      let file = Corpus.packageRoot.appendingPathComponent("reference").appendingPathComponent(name)
      guard let text = try? String(contentsOf: file, encoding: .utf8) else { continue }
      let regex = try! NSRegularExpression(pattern: #"https?://[^\s"\\]+"#)
      for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
        urls.append(String(text[Range(match.range, in: text)!]))
      }
    }
    var subjects: Set<String> = [
      "", "/", "/?", "//", "/?qs=", "/?qs=0123456789abcdef", "/redirect", "/Redirect", "/redirec", "/i/redirect?url=x",
      "/l.php?u=https%3A%2F%2Fexample.com", "/lXphp", "/u/click?_t=0123456789abcdef0123456789abcdef",
      "/é/redirect", "/redirect/é", "/r", "/ra", "/url?q=https://example.com", "/track/click", "/track/click/12/x",
      "/Ctc/", "/e3t/Ctc/OT+113/d4K34c04/VW1j0-8VyGVbW87fddt3RgRNpV3Z50p5xjRsqN2v9B1",
      "/collections/501228?utm_source=a", "/Ax", "/x", "/ab", "/abc", "/ABC", "/c", "/abc", "/aab", "b", "ab", "/b",
      "/acx", "/x.y", "/(a", "/(", "/a#b", "/aaab", "/bbc", "/é", "/a", "/7", "/(a|b)", "/a|b)", "/ss/c/u001.abcdefghijklmnopqrstuvwxyz/", "\n/redirect", "/redirect\n",
    ]
    for url in urls {
      let path = LinkURL(url).pathAndQuery
      subjects.insert(path)
      for cut in [1, 2, 3, 5, 8, 13, 21, 34] where cut < path.count { subjects.insert(String(path.prefix(cut))) }
      subjects.insert(String(path.dropLast()))
      subjects.insert(path.uppercased())
      subjects.insert(String(path.dropFirst()))
    }
    return subjects.sorted()
  }()

  /// The reference's `pathRegex` decodings (group 1 is the destination), tried on paths and
  /// whole URLs, with the probes above given a group.
  static let groupPatterns: [String] = {
    let decodings = LinkWrapper.all.flatMap { [$0.decoding] + $0.decoding.fallbacks }
    let reference = decodings.filter { $0.method == .pathRegex }.flatMap(\.parameters)
    return Array(Set(reference)).sorted() + ["^/(a|u)?x(.*)", "^(/amp)/s/", "^/x(\\.y)$", "(b)c", "^/(é)"]
  }()

  @Test(arguments: groupPatterns)
  func findsTheGroupTheRegularExpressionDoes(_ pattern: String) throws {
    let regex = try NSRegularExpression(pattern: pattern)
    let gated = PathPattern(pattern)
    let subjects = Self.subjects + [
      "/amp/s/shop.example/sale", "https://www.google.com/amp/s/shop.example/sale", "/amp/s/", "/AMP/s/x",
      "https://streaklinks.com/Bx4/https%3A%2F%2Fshop.example%2Fx", "https://links.govdelivery.com/track?x=1&&&100&&&https://b.example/",
      "/xy", "/x.y", "/ux/tail", "/abc",
    ]
    for subject in subjects {
      let match = regex.firstMatch(in: subject, range: NSRange(subject.startIndex..., in: subject))
      let expected = match.flatMap { $0.numberOfRanges > 1 ? Range($0.range(at: 1), in: subject) : nil }.map { subject[$0] }
      #expect(gated.firstGroup(in: subject) == expected, "\(pattern) on \(subject)")
    }
  }

  @Test(arguments: patterns)
  func answersAsTheRegularExpressionDoes(_ pattern: String) throws {
    let regex = try NSRegularExpression(pattern: pattern)
    let gated = PathPattern(pattern)
    for subject in Self.subjects {
      let expected = regex.firstMatch(in: subject, range: NSRange(subject.startIndex..., in: subject)) != nil
      #expect(gated.matches(subject) == expected, "\(pattern) on \(subject)")
    }
  }

  @Test func aLiteralPatternIsNeverCompiled() {
    let pattern = PathPattern("^/i/redirect")
    #expect(pattern.matches("/i/redirect?url=x") == true)
    #expect(pattern.matches("/i/other") == false)
    #expect(!pattern.wasCompiled)
  }

  @Test func literalAlternativesAreNeverCompiled() {
    let pattern = PathPattern("^/(redir/redirect|safety/go)")
    #expect(pattern.matches("/safety/go?url=x") == true)
    #expect(pattern.matches("/company/brand") == false)
    let alternatives = PathPattern(#"^/(?:l\.php|flx/warn/)|^/away"#)
    #expect(alternatives.matches("/flx/warn/x") == true)
    #expect(alternatives.matches("/away.php") == true)
    #expect(alternatives.matches("/lXphp") == false)
    #expect(!pattern.wasCompiled && !alternatives.wasCompiled)
  }

  @Test func aPathOffTheLiteralStartIsNotTried() {
    // `\w` is beyond what `PathExpression` reads.
    let pattern = PathPattern(#"^/\?qs=\w{64,}"#)
    #expect(pattern.matches("/?currency=EUR") == false)
    #expect(!pattern.wasCompiled)
    #expect(pattern.matches("/?qs=" + String(repeating: "a", count: 64)) == true)
    #expect(pattern.wasCompiled)
  }

  @Test func aPatternReadWithoutICUIsNeverCompiled() {
    let pattern = PathPattern(#"^/C?L0/[^/]+/\d+/"#)
    #expect(pattern.matches("/CL0/https:%2F%2Fshop.example/1/0100-abc/") == true)
    #expect(pattern.matches("/L0/x/12/") == true)
    #expect(pattern.matches("/CL0/x/y/") == false)
    let group = PathPattern("^/([A-Za-z0-9_-]{11})")
    #expect(group.firstGroup(in: "/dQw4w9WgXcQ?t=1") == "dQw4w9WgXcQ")
    #expect(!pattern.wasCompiled && !group.wasCompiled)
  }

  /// The reference's patterns: every one is read without ICU.
  @Test func theReferencesPatternsAreReadWithoutICU() {
    let decodings = LinkWrapper.all.flatMap { [$0.decoding] + $0.decoding.fallbacks }
    let reference = Set(
      (LinkWrapper.all + LinkWrapper.anyHostShapes.map(\.wrapper)).map(\.pathPattern).filter { !$0.isEmpty }
        + decodings.filter { $0.method == .pathRegex }.flatMap(\.parameters))
    #expect(reference.count > 60)
    #expect(reference.filter { PathExpression($0) == nil }.sorted() == [])
  }

  /// Random subjects made of the characters the patterns hold, digits of other scripts, line
  /// terminators and non-ASCII letters: matches and group 1 as `NSRegularExpression` finds them.
  @Test func randomSubjectsAreMatchedAsICUMatchesThem() throws {
    let pieces = [
      "/", "a", "u", "x", "L0", "C", "7", "42", "٣", "𝟘", ".", "-", "_", "?", "&", "=", "%3A", "https", "\n", "\r\n", "\u{2028}",
      "é", "🙂", "click", "ls/click", "ss/c/", "amp", "s", "eJ", "~~", "Ab9_-", " ", "0123456789abcdef0123456789abcdef",
      "AbCdEfGhIjKlMnOpQrSt", "eyJ", "u123.", "_m=", "&lid=", "s=1", "#", "Ctc/", "e3t/", "+12/", "%2F%2F",
    ]
    let probes = Self.patterns + Self.groupPatterns + [
      "^/a.*b$", "x$", "^$", "^/[^/]+/(x|ab)", "^/(?:a|b)c(d)", "^/[\\d.]+/", "^/a{2}b{1,}c{0,1}", "(u)|(a)", "^/[^a-c]+$", "\\d", "(\\d+)x", "[\\d]$", "^.+$",
    ]
    var generator = SystemRandomNumberGenerator()
    var subjects = [String]()
    for _ in 0..<1000 {
      let count = Int.random(in: 0...12, using: &generator)
      subjects.append((0..<count).map { _ in pieces.randomElement(using: &generator)! }.joined())
    }
    for pattern in probes where PathExpression(pattern) != nil {
      let regex = try NSRegularExpression(pattern: pattern)
      let expression = try #require(PathExpression(pattern))
      for subject in subjects {
        let match = regex.firstMatch(in: subject, range: NSRange(subject.startIndex..., in: subject))
        let found = expression.firstMatch(in: subject)
        #expect(found.found == (match != nil), "\(pattern) on \(subject.debugDescription)")
        let expected = match.flatMap { $0.numberOfRanges > 1 ? Range($0.range(at: 1), in: subject) : nil }
          .map { subject.utf8.distance(from: subject.startIndex, to: $0.lowerBound)..<subject.utf8.distance(from: subject.startIndex, to: $0.upperBound) }
        #expect(found.group == expected, "\(pattern) on \(subject.debugDescription)")
      }
    }
  }

  @Test func theLiteralStartStopsWhereTheExpressionCouldDiffer() {
    // An optional last character, a top-level alternative, an unanchored pattern.
    #expect(PathPattern("^/C?L0/").matches("/L0/") == true)
    #expect(PathPattern("^/(a|u)/[0-9a-f]{32}|^/u/click").matches("/u/click") == true)
    #expect(PathPattern("/track\\?").matches("/x/track?a") == true)
    #expect(PathPattern("^/(a|u)?x").matches("/x") == true)
    #expect(PathPattern("^/(?i:a|u)x").matches("/Ax") == true)
    #expect(PathPattern("^/(a|u)/\\d").matches("/u/1") == true)
    #expect(PathPattern("^/(a|u)/\\d").matches("/b/1") == false)
    #expect(PathPattern(".*").matches("") == true)
  }

  @Test func aPatternThatDoesNotCompileIsReportedOnlyPastItsLiteralStart() {
    #expect(throws: (any Error).self) { try NSRegularExpression(pattern: "^/xa{2,1}") }
    let pattern = PathPattern("^/xa{2,1}")
    #expect(pattern.matches("/y") == false)
    #expect(pattern.matches("/xa") == nil)
  }

  /// Texts around the anchors of the personal-data patterns, alone and joined.
  static let personalTexts: [String] = {
    let parts = [
      "a@b.co", "x%40example.com", "+44 20 7946 0958", "%2B442079460958", "%2b1 555 123 4567", "tel+1", "@x", "a@", "@-",
      "é@b.co", "a+b", "+", "%2", "%40", "mail: jane.doe@example.org", "black+friday", "+1 (555) 123-4567", "a1+2345678901",
      "jane%2Edoe%40example.org", "@alpineskihouse", "/@brand", "x%%40y.com", "-@-.io", "_+_@ab.cd",
    ]
    var texts = parts
    for first in parts { for second in parts { texts.append(first + second); texts.append(first + "/" + second) } }
    return texts
  }()

  @Test func theAnchorChecksNeverSkipAMatch() throws {
    let checks: [(String, (String) -> Bool)] = [
      (PersonalData.emailPattern, { PersonalData.Anchors.mayHoldEmail($0, encoded: false) }),
      (PersonalData.encodedEmailPattern, { PersonalData.Anchors.mayHoldEmail($0, encoded: true) }),
      (PersonalData.phonePattern, { PersonalData.Anchors.mayHoldPhone($0, encoded: false) }),
      (PersonalData.encodedPhonePattern, { PersonalData.Anchors.mayHoldPhone($0, encoded: true) }),
    ]
    for (pattern, anchor) in checks {
      let regex = try NSRegularExpression(pattern: pattern)
      for text in Self.personalTexts where regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil {
        #expect(anchor(text), "\(pattern) matches \(text)")
      }
    }
    // Before a whole URL is decoded: nothing decoding a text without `@`, `+`, `%40` or `%2B`
    // makes is an address or a number.
    let pieces = Self.personalTexts + ["%2540", "%4", "%40%", "%2", "x%2b1234567890", "%402", "a%40b.co", "%2B1 555 0100 123"]
    for text in pieces + pieces.map({ $0.replacingOccurrences(of: "@", with: "%40").replacingOccurrences(of: "+", with: "%2B") }) {
      let decoded = PercentDecoding.decode(text)
      if PersonalData.emailAddress(in: decoded) != nil || PersonalData.phoneNumber(in: decoded) != nil {
        #expect(PersonalData.mayHoldAddressOrNumber(onceDecoded: text), "\(text)")
      }
    }
    #expect(!PersonalData.mayHoldAddressOrNumber(onceDecoded: "https://shop.example/a%20b?utm_source=x%2Fy&q=%25"))
    // Exactly the texts with an `@`, a `+`, or a `%` before `40` or `2B` (either case).
    let randomPieces = ["a", "%", "4", "0", "2", "b", "B", "@", "+", "%4", "%2", "x", "/", "é", "%%"]
    var random = SplitMix(seed: 71)
    for _ in 0..<5_000 {
      let text = (0..<Int.random(in: 0...8, using: &random)).map { _ in randomPieces.randomElement(using: &random)! }.joined()
      let expected = text.contains("@") || text.contains("+") || text.contains("%40") || text.contains("%2b") || text.contains("%2B")
      #expect(PersonalData.mayHoldAddressOrNumber(onceDecoded: text) == expected, "\(text)")
    }
    #expect(!PersonalData.Anchors.mayHoldEmail("https://www.youtube.com/@brand", encoded: true))
    #expect(!PersonalData.Anchors.mayHoldPhone("utm_campaign=black+friday", encoded: true))
  }
}

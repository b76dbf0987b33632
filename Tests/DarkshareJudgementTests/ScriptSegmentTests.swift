import DarkshareTestSupport
import Testing

@testable import DarkshareJudgement

/// Redirect scripts are told from a path's first segment without splitting the path: the
/// answers are those of splitting it into its non-empty segments, as the code before did.
@Suite struct ScriptSegmentTests {
  /// `isRedirectScript` and `isNamedRedirectScript` as they were written over `split`.
  private func bySplitting(_ url: LinkURL) -> (redirect: Bool, named: Bool) {
    var segments = url.path.split(separator: "/")
    if segments.first?.lowercased() == "cgi-bin" { segments.removeFirst() }
    var redirect = false
    if let first = segments.first {
      let stem = first.split(separator: ".").first.map { $0.lowercased() } ?? ""
      let rest = segments.dropFirst().joined(separator: "/") + "?" + (url.query ?? "")
      redirect = OpaqueToken.redirectWords.contains(stem) && rest.utf8.contains { $0 >= 0x30 && $0 <= 0x39 }
    }
    var named = false
    if segments.count == 1, let query = url.query {
      let parts = segments[0].lowercased().split(separator: ".")
      if parts.count == 2, OpaqueToken.scriptExtensions.contains(String(parts[1])) {
        let stem = String(parts[0])
        named = (OpaqueToken.redirectWords.contains(stem) || stem == "r") && query.utf8.contains { $0 >= 0x30 && $0 <= 0x39 }
      }
    }
    return (redirect, named)
  }

  @Test(arguments: [
    "https://a.example/go/ad306.html", "https://a.example/go/summer-sale", "https://a.example/go?x=1",
    "https://a.example//cgi-bin//go.cgi?a=w0000", "https://a.example/CGI-BIN/Go.CGI?sid=1", "https://a.example/cgi-bin",
    "https://a.example/cgi-bin/", "https://a.example/", "https://a.example", "https://a.example/go.cgi/?id=1",
    "https://a.example/go.cgi/x?id=1", "https://a.example/..go..cgi?id=1", "https://a.example/go.tar.cgi?id=1",
    "https://a.example/r.asp?r=1234", "https://a.example/R.ASPX?r=1", "https://a.example/r.asp", "https://a.example/rr.asp?r=1",
    "https://a.example/cl\u{212A}.php?id=1", "https://a.example/cl\u{212A}/2", "https://a.example/....?1",
    "https://a.example/click.cgi?sid=x", "https://a.example/click.cgi?", "https://a.example/trk/ok?n=9",
    "https://a.example/cgi-bin/cgi-bin/go?1", "https://a.example/%67o/1",
  ])
  func answersAsSplittingThePath(_ string: String) {
    let url = LinkURL(string)
    let expected = bySplitting(url)
    #expect(OpaqueToken.isRedirectScript(url) == expected.redirect, "\(string)")
    #expect(OpaqueToken.isNamedRedirectScript(url) == expected.named, "\(string)")
  }

  @Test func findsTheScriptAfterCGIBin() throws {
    let script = try #require(ScriptSegment(path: "//cgi-bin//go.cgi/x/"))
    #expect(script.segment == "go.cgi" && script.rest == "/x/" && script.stem == "go" && !script.isLast)
    #expect(script.nameAndExtension?.name == "go" && script.nameAndExtension?.extension == "cgi")
    #expect(ScriptSegment(path: "/cgi-bin/") == nil && ScriptSegment(path: "///") == nil)
    #expect(ScriptSegment(path: "/a.b.c")?.nameAndExtension == nil && ScriptSegment(path: "/...")?.stem == "")
  }
}

/// A wrapper's path segment is found by its slashes, without splitting the path: the segment
/// is the one splitting the path on `/` (empty segments kept, the first dropped) finds.
@Suite struct PathSegmentTests {
  @Test(arguments: [
    "https://w.example/a/b/c", "https://w.example/", "https://w.example", "https://w.example/a//b/", "https://w.example//",
    "https://w.example/a/b?x=/y", "https://w.example/https%3A%2F%2Fshop.example%2Fx/z", "relative/a/b", "a",
    "https://w.example/é/ü/😀", "https://w.example/a/\u{301}b/c", "https://w.example/a/b#/c/d",
  ])
  func aSegmentIsTheOneSplittingFinds(url: String) {
    let parsed = LinkURL(url)
    let segments = Array(parsed.path.split(separator: "/", omittingEmptySubsequences: false).dropFirst())
    for index in 0...4 {
      let expected = index < segments.count ? String(segments[index]) : nil
      #expect(Unwrapper.pathSegment(String(index), of: parsed) == expected, "segment \(index) of \(url)")
    }
    #expect(Unwrapper.pathSegment("-1", of: parsed) == nil)
    #expect(Unwrapper.pathSegment("x", of: parsed) == nil)
  }
}

/// A run between separators is found on the bytes as the `Character` walk finds it, also
/// where a combining mark follows a separator or a prepended mark comes before one.
@Suite struct SeparatedRunTests {
  @Test func theByteWalkFindsTheRunsTheCharacterWalkFinds() {
    let pieces = ["/", "/", ".", ".", "a", "B", "go", "cgi", "\u{E9}", "\u{301}", "\u{600}", "\u{1F600}", "\r\n", "-", "%2F"]
    var random = SplitMix(seed: 14)
    for _ in 0..<20_000 {
      let text = (0..<Int.random(in: 0...9, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
      for dropped in 0...min(2, text.unicodeScalars.count) {
        let start = text.unicodeScalars.index(text.startIndex, offsetBy: dropped)
        let substring = text[start...]
        for separator in [UInt8(ascii: "/"), UInt8(ascii: ".")] {
          let bytes = ScriptSegment.firstRun(of: substring, between: separator)
          let characters = ScriptSegment.firstCharacterRun(of: substring, between: separator)
          #expect(bytes?.run == characters?.run && bytes?.rest == characters?.rest, "\(Array(substring.unicodeScalars))")
          #expect(bytes?.run.startIndex == characters?.run.startIndex && bytes?.rest.startIndex == characters?.rest.startIndex)
        }
      }
    }
  }
}

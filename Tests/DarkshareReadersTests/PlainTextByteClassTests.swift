import DarkshareTestSupport
import Testing

@testable import DarkshareReaders

/// The byte classes the plain-text detector reads ASCII with say what the scalar tests say,
/// and a URL's extent read with them ends where reading every scalar ends it.
@Suite struct PlainTextByteClassTests {
  @Test func asciiClassesAreTheScalarProperties() {
    for byte in UInt8(0)..<0x80 {
      let properties = Unicode.Scalar(byte).properties
      let isLetterOrDigit = properties.isAlphabetic || properties.numericType != nil
      #expect(PlainTextLinkDetector.wordBytes.contains(byte) == (isLetterOrDigit || byte == UInt8(ascii: "_")), "\(byte)")
      #expect(
        PlainTextLinkDetector.hostBytes.contains(byte) == (isLetterOrDigit || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")),
        "\(byte)")
    }
    let passing = ASCIIByteClass { !PlainTextLinkDetector.endsURL(Unicode.Scalar($0)) && !"()[]/?#'".utf8.contains($0) }
    #expect(PlainTextLinkDetector.passingBytes == passing)
    for byte in UInt8(0x80)...0xFF {
      #expect(!PlainTextLinkDetector.wordBytes.contains(byte) && !PlainTextLinkDetector.passingBytes.contains(byte))
    }
  }

  @Test func extentsEndWhereEveryScalarReadEndsThem() {
    let pieces = [
      "https://", "shop.example", "/", "a", "Z", "9", "?", "q=1", "&", "#", "(", ")", "[", "]", "'", "\"", "<", ">", "`", " ",
      "\t", "\n", "«", "»", "“", "”", "。", "é", "日本", "😀", "\u{00A0}", "\u{2003}", "!", ",", ".", "%20", "~", "-", "_",
    ]
    var random = SplitMix(seed: 3986)
    for _ in 0..<5_000 {
      let text = (0..<Int.random(in: 0..<16, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
      var utf8 = text
      utf8.withUTF8 { bytes in
        let s = UTF8Text(bytes)
        var start = 0
        while start < s.count {
          #expect(PlainTextLinkDetector.extent(s, from: start) == extentByScalars(s, from: start), "\(text) from \(start)")
          start = s.index(after: start)
        }
      }
    }
  }

  /// ``PlainTextLinkDetector/extent(_:from:)`` as it read every scalar.
  private func extentByScalars(_ s: UTF8Text, from start: Int) -> Int {
    var end = start
    var parentheses = 0
    var brackets = 0
    var inAuthority = start > 0 && s[start - 1] == UInt8(ascii: "/")
    while end < s.count {
      let scalar = s.scalar(at: end)
      if PlainTextLinkDetector.endsURL(scalar) { return end }
      switch scalar {
      case "(":
        parentheses += 1
      case ")":
        if parentheses == 0 { return end }
        parentheses -= 1
      case "[":
        brackets += 1
      case "]":
        if brackets == 0 || (end + 1 < s.count && s[end + 1] == UInt8(ascii: "(")) { return end }
        brackets -= 1
      case "/", "?", "#":
        inAuthority = false
      case "'" where inAuthority:
        return end
      default:
        break
      }
      end = s.index(after: end)
    }
    return end
  }
}

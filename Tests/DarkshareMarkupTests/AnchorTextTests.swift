import Testing

@testable import DarkshareMarkup

/// An ASCII anchor text is collapsed on bytes as `split(whereSeparator: \.isWhitespace)` would
/// collapse it: every ASCII whitespace byte (tab to carriage return, space) separates words.
@Suite struct AnchorTextTests {
  @Test func asciiWhitespaceCollapsesAsStringSplittingDoes() throws {
    let alphabet: [UInt8] = [0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x20, 0x41, 0x62, 0x2E, 0x1F, 0x7F, 0x00]
    var random = SystemRandomNumberGenerator()
    for length in 0..<400 {
      let text = (0..<(length % 60)).map { _ in alphabet.randomElement(using: &random)! }
      let collapsed = try #require(SAXCollector.PendingLink.collapsedASCII(text))
      let expected = String(decoding: text, as: UTF8.self).split(whereSeparator: \.isWhitespace).joined(separator: " ")
      #expect(String(decoding: collapsed, as: UTF8.self) == expected, "\(text)")
    }
    #expect(SAXCollector.PendingLink.collapsedASCII(Array("Café".utf8)) == nil)
  }
}

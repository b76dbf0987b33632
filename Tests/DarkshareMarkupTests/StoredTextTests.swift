import DarkshareCore
import DarkshareMarkup
import Testing

/// Reader positions mapped back to the bytes of the file as stored.
@Suite struct StoredTextTests {
  @Test func utf8WithAndWithoutByteOrderMark() throws {
    let body = Array("<p>Café\r\n<a href=\"https://s.example/é\">x</a>".utf8)
    for bom in [[], [0xEF, 0xBB, 0xBF] as [UInt8]] {
      let text = try #require(StoredText(bom + body, isHTML: true))
      #expect(text.encoding == "utf-8")
      // Line 2, column 10 is the `h` of the URL.
      let start = try #require(text.offset(of: TextPosition(line: 2, column: 10)))
      #expect(start == bom.count + body.firstRange(of: Array("https".utf8))!.lowerBound)
      let end = try #require(text.offset(of: TextPosition(line: 2, column: 29)))
      #expect(text.text(at: start..<end) == "https://s.example/é")
      #expect(text.offset(of: TextPosition(line: 1, column: 1)) == bom.count)
    }
  }

  @Test func windows1252CountsOneBytePerCharacterAcrossLines() throws {
    var bytes: [UInt8] = Array("<meta charset=\"windows-1252\">\nB".utf8) + [0xFB]
    bytes += Array("che\r\n<a href=\"https://s.example/b".utf8) + [0xFB] + Array("che\">x</a>".utf8)
    let text = try #require(StoredText(bytes, isHTML: true))
    #expect(text.encoding == "windows-1252")
    let start = try #require(text.offset(of: TextPosition(line: 3, column: 10)))
    #expect(bytes[start] == UInt8(ascii: "h"))
    let end = try #require(text.offset(of: TextPosition(line: 3, column: 33)))
    #expect(text.text(at: start..<end) == "https://s.example/bûche")
    #expect(text.encoded("bûche – €") == [0x62, 0xFB, 0x63, 0x68, 0x65, 0x20, 0x96, 0x20, 0x80])
    #expect(text.encoded("日本") == nil)
  }

  @Test func aColumnPastTheEndOfItsLineIsNotMapped() throws {
    let text = try #require(StoredText(Array("ab\r\ncd".utf8), isHTML: false))
    #expect(text.offset(of: TextPosition(line: 1, column: 3)) == 2)  // just after `b`
    #expect(text.offset(of: TextPosition(line: 1, column: 4)) == nil)  // between \r and \n
    #expect(text.offset(of: TextPosition(line: 2, column: 3)) == 6)
    #expect(text.offset(of: TextPosition(line: 3, column: 1)) == nil)
  }

  @Test func textThatIsNotUTF8AndOtherCharsetsAreNotMapped() {
    #expect(StoredText([0x61, 0xFB, 0x62], isHTML: false) == nil)
    #expect(StoredText([0xFF, 0xFE, 0x61, 0x00], isHTML: true) == nil)
    #expect(StoredText(Array("<meta charset=\"shift_jis\"><p>x</p>".utf8), isHTML: true) == nil)
  }
}

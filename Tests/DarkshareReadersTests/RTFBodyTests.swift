import Testing

@testable import DarkshareReaders

/// MS-OXRTFEX de-encapsulation: the HTML held in `\fromhtml1` RTF, and text of other RTF.
@Suite struct RTFBodyTests {
  private func body(_ rtf: String) throws -> (RTFBody.Kind, String) {
    let body = try RTFBody(Array(rtf.utf8))
    return (body.kind, String(decoding: body.utf8, as: UTF8.self))
  }

  @Test func encapsulatedHTMLIsTakenOut() throws {
    let rtf = #"""
      {\rtf1\ansi\ansicpg1252\fromhtml1 \deff0{\fonttbl{\f0\fswiss Arial;}}{\colortbl\red0\green0\blue0;}
      {\*\generator Microsoft Exchange Server;}
      {\*\htmltag19 <html>}{\*\htmltag64 <a href="https://shop.example/?utm_source=news&amp;x=1">}\htmlrtf {\field{\*\fldinst{HYPERLINK "https://shop.example/"}}{\fldrslt\htmlrtf0 Shop\'e9\htmlrtf }}\htmlrtf0 {\*\htmltag72 </a>}\htmlrtf \par
      \htmlrtf0 {\*\htmltag64 <p>}Caf\'e9 \{x\} \u8364?\par
      {\*\mhtmltag84 <img src="cid:image001.png">}{\*\htmltag84 <img src="https://cdn.example/a.png">}{\*\htmltag27 </html>}}
      """#
    let (kind, html) = try body(rtf)
    #expect(kind == .html)
    #expect(html == "<html><a href=\"https://shop.example/?utm_source=news&amp;x=1\">Shopé</a><p>Café {x} €\r\n<img src=\"https://cdn.example/a.png\"></html>")
  }

  @Test func ordinaryRTFGivesItsText() throws {
    let (kind, text) = try body(#"{\rtf1\ansi{\fonttbl{\f0 Arial;}}\pard See https://shop.example/sale\par\tab Bye}"#)
    #expect(kind == .text)
    #expect(text == "See https://shop.example/sale\r\n\tBye")
  }

  @Test func unicodeEscapesAndSurrogatesAreDecoded() throws {
    let (_, text) = try body(#"{\rtf1\uc1\u-10179?\u-8704?x\uc0\u233 y}"#)
    #expect(text == "😀xéy")
  }

  @Test func hostileRTFIsBounded() throws {
    #expect(throws: ReaderError("the RTF body does not start with {\\rtf")) { try RTFBody(Array("hello".utf8)) }
    let deep = "{\\rtf1" + String(repeating: "{", count: RTFBody.maximumDepth + 1)
    #expect(throws: ReaderError("the RTF body nests groups more than \(RTFBody.maximumDepth) deep")) { try RTFBody(Array(deep.utf8)) }
    // Unbalanced closing braces, a \bin length past the end, a dangling backslash, a huge parameter.
    _ = try RTFBody(Array(#"{\rtf1}}}}} text \bin999999999 \u99999999999999999999 \'zz \"#.utf8))
    let big = "{\\rtf1\\fromhtml1 " + String(repeating: "{\\*\\htmltag64 <a href=\"https://a.example/\">}x{\\*\\htmltag72 </a>}", count: 20_000) + "}"
    let (_, html) = try body(big)
    #expect(html == String(repeating: "<a href=\"https://a.example/\">x</a>", count: 20_000))
  }
}

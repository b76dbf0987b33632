import DarkshareCore
import DarkshareTestSupport
import Testing

@testable import DarkshareReaders

/// Transfer encodings, RFC 2047 words, Content-Type parameters and boundaries, each with the
/// broken forms real mail carries.
@Suite struct MIMEDecodingTests {
  private func qp(_ text: String) -> String {
    String(decoding: TransferDecoding.quotedPrintable(Array(text.utf8)[...]), as: UTF8.self)
  }

  private func base64(_ text: String) -> String {
    String(decoding: TransferDecoding.base64(Array(text.utf8)[...]), as: UTF8.self)
  }

  @Test(arguments: [
    ("href=3D\"https://shop.example/a?utm_source=3Dnews&u=\r\ntm_medium=3Demail\"", "href=\"https://shop.example/a?utm_source=news&utm_medium=email\""),
    ("https://cimanagem=\nent.example/x", "https://cimanagement.example/x"),
    ("soft break with blanks=  \nafter", "soft break with blanksafter"),
    ("lower =3d hex =e9", "lower = hex \u{FFFD}"),
    ("bad =ZZ and =4", "bad =ZZ and =4"),
    ("ends with =", "ends with "),
    ("CR only=\rjoined", "CR onlyjoined"),
  ])
  func quotedPrintable(_ encoded: String, _ decoded: String) {
    #expect(qp(encoded) == decoded)
  }

  /// Quoted-printable read a byte at a time, as RFC 2045 §6.7 describes it: the decoder, which
  /// copies the runs between `=` signs whole, must agree with it everywhere.
  private func quotedPrintableByteByByte(_ bytes: [UInt8], underscoreIsSpace: Bool) -> [UInt8] {
    var output = [UInt8]()
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      guard byte == 0x3D else {
        output.append(underscoreIsSpace && byte == 0x5F ? 0x20 : byte)
        index += 1
        continue
      }
      if index + 2 < bytes.count, let high = bytes[index + 1].hexDigitValue, let low = bytes[index + 2].hexDigitValue {
        output.append(high << 4 | low)
        index += 3
        continue
      }
      var cursor = index + 1
      while cursor < bytes.count, bytes[cursor] == 0x20 || bytes[cursor] == 0x09 { cursor += 1 }
      if cursor == bytes.count { index = cursor; continue }
      if bytes[cursor] == 0x0A { index = cursor + 1; continue }
      if bytes[cursor] == 0x0D { index = cursor + 1 < bytes.count && bytes[cursor + 1] == 0x0A ? cursor + 2 : cursor + 1; continue }
      output.append(byte)
      index += 1
    }
    return output
  }

  @Test func quotedPrintableRunsDecodeAsEveryByteDoes() {
    var random = SplitMix(seed: 17)
    let alphabet = Array("==\r\n \tA3Dg_f\u{e9}".utf8)
    for _ in 0..<5_000 {
      let bytes = (0..<Int.random(in: 0..<48, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
      let dropped = Int.random(in: 0...min(3, bytes.count), using: &random)
      for underscoreIsSpace in [false, true] {
        #expect(
          TransferDecoding.quotedPrintable(bytes[dropped...], underscoreIsSpace: underscoreIsSpace)
            == quotedPrintableByteByByte(Array(bytes[dropped...]), underscoreIsSpace: underscoreIsSpace),
          "\(bytes) from \(dropped)")
      }
    }
  }

  @Test func base64IgnoresJunkAndMissingPadding() {
    #expect(base64("aHR0cHM6Ly9zaG9wLmV4YW1wbGUvYQ==") == "https://shop.example/a")
    #expect(base64("aHR0cHM6Ly9z\r\naG9wLmV4YW1w\nbGUvYQ") == "https://shop.example/a")
    #expect(base64("aHR0c*HM6!Ly9zaG9w") == "https://shop")
    #expect(base64("") == "")
    #expect(base64("a") == "")
  }

  @Test(arguments: [
    ("=?ISO-8859-1?Q?Gr=FC=DFe_aus_K=F6ln?=", "Grüße aus Köln"),
    ("=?UTF-8?B?8J+SjCBTYWxl?=", "💌 Sale"),
    ("=?utf-8?q?Spring?= =?utf-8?q?_sale?=", "Spring sale"),
    ("Re: =?iso-8859-1?q?caf=E9?= time", "Re: café time"),
    ("=?UTF-8?B?w6k=?=\r\n =?UTF-8?B?w6k=?=", "éé"),
    ("=?UTF-8?B?ww==?= =?UTF-8?B?qQ==?=", "é"),  // a character split across two words
    ("=?utf-8*en?Q?Hello?=", "Hello"),
    ("=?x-unknown-charset?Q?plain?=", "plain"),
    ("=?utf-8?X?bad?= and =?broken", "=?utf-8?X?bad?= and =?broken"),
    ("no words here", "no words here"),
    ("=?windows-1251?B?7+Hw?=", "пбр"),
  ])
  func encodedWords(_ header: String, _ decoded: String) {
    #expect(EncodedWords.decode(header) == decoded)
  }

  @Test func contentTypeParameters() throws {
    let type = try #require(ContentType(#"Multipart/Alternative; boundary="b1;x=\"y\""; charset=UTF-8"#))
    #expect(type.type == "multipart" && type.subtype == "alternative")
    #expect(type.boundary == #"b1;x="y""#)
    #expect(type.charset == "UTF-8")
    let continued = try #require(ContentType("text/plain; charset*=utf-8''x; name*0=\"a\"; name*1=\"b\""))
    #expect(continued.parameters["name"] == "ab")
    #expect(ContentType("text")?.subtype == "")
    #expect(ContentType("") == nil)
  }

  @Test func boundariesThatArePrefixesOfEachOtherAreKeptApart() {
    let body = "preamble\n--abc\n\npart one\n--abcdef\nnot a delimiter\n--abc  \n\npart two\n--abc--\nepilogue https://x.example"
    let parts = MIMEEntity.parts(of: Array(body.utf8)[...], boundary: "abc").map { String(decoding: $0, as: UTF8.self) }
    #expect(parts == ["\npart one\n--abcdef\nnot a delimiter", "\npart two"])
  }

  @Test func anUnclosedBoundaryRunsToTheEnd() {
    let parts = MIMEEntity.parts(of: Array("--b\r\n\r\none\r\n--b\r\n\r\ntwo".utf8)[...], boundary: "b")
    #expect(parts.map { String(decoding: $0, as: UTF8.self) } == ["\r\none", "\r\ntwo"])
  }

  @Test func foldedHeadersUnfold() {
    let (headers, bodyStart) = MIMEHeaders.parse(Array("Subject: one\r\n two\r\nX-A:\r\nto: me\r\n\r\nbody".utf8)[...])
    #expect(headers["subject"] == "one two")
    #expect(headers["X-A"] == "")
    #expect(headers["To"] == "me")
    #expect(bodyStart == 36)
  }
}

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

  /// The parts found by searching for the delimiter are those a walk over every line finds,
  /// on random bodies of LF, CRLF and CR lines, look-alike delimiters and blanks.
  @Test func partsAreThoseEveryLineWalkedFinds() {
    var random = SplitMix(seed: 2046)
    let pieces = ["--b", "--b--", "--bb", "--b ", "--b\t--", "\r", "\n", "\r\n", " ", "x", "-", "--", "b", "é"]
    for _ in 0..<8_000 {
      let body = Array((0..<Int.random(in: 0..<24, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined().utf8)
      let dropped = Int.random(in: 0...min(2, body.count), using: &random)
      for boundary in ["b", "b\nx"] {
        #expect(
          MIMEEntity.parts(of: body[dropped...], boundary: boundary) == partsByLines(of: body[dropped...], boundary: boundary),
          "\(String(decoding: body, as: UTF8.self).debugDescription) from \(dropped)")
      }
    }
  }

  /// RFC 2046's parts found by walking every line, as the reader first did.
  private func partsByLines(of body: ArraySlice<UInt8>, boundary: String) -> [ArraySlice<UInt8>] {
    let delimiter = Array(("--" + boundary).utf8)
    var parts = [ArraySlice<UInt8>]()
    var partStart: Int?
    var previousLineEnd = body.startIndex
    var index = body.startIndex
    while index < body.endIndex {
      let (lineEnd, next) = body.lineEnd(from: index)
      let line = body[index..<lineEnd]
      if line.starts(with: delimiter) {
        var rest = line.dropFirst(delimiter.count)
        while let last = rest.last, last == 0x20 || last == 0x09 { rest = rest.dropLast() }
        let isClose = rest.elementsEqual([0x2D, 0x2D])
        if rest.isEmpty || isClose {
          if let start = partStart { parts.append(body[start..<max(start, previousLineEnd)]) }
          if isClose { return parts }
          partStart = next
        }
      }
      previousLineEnd = lineEnd
      index = next
    }
    if let start = partStart { parts.append(body[start..<body.endIndex]) }
    return parts
  }

  /// Base64 read four characters at a time where it can be gives the bytes a reading of one
  /// character at a time gives, with junk, line breaks and pads anywhere, in any chunks.
  @Test func base64QuadsDecodeAsEveryCharacterDoes() {
    var random = SplitMix(seed: 64)
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    for _ in 0..<4_000 {
      var text = (0..<Int.random(in: 0..<90, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
      for _ in 0..<Int.random(in: 0...3, using: &random) where !text.isEmpty {
        let junk: [UInt8] = [[0x0D, 0x0A], [0x0A], [0x2A], [0x3D], [0x20], [0xC3, 0xA9]].randomElement(using: &random)!
        text.insert(contentsOf: junk, at: Int.random(in: 0...text.count, using: &random))
      }
      var decoder = TransferDecoder(encoding: "base64")
      var decoded = [UInt8]()
      var offset = 0
      while offset < text.count {
        let end = min(text.count, offset + Int.random(in: 1...40, using: &random))
        decoded += decoder.decode(text[offset..<end], isLast: end == text.count)
        offset = end
      }
      #expect(decoded == base64CharacterByCharacter(text), "\(String(decoding: text, as: UTF8.self))")
      #expect(TransferDecoding.base64(text[...]) == base64CharacterByCharacter(text))
    }
  }

  /// Base64 a character at a time: line breaks and junk skipped, the first `=` ends it.
  private func base64CharacterByCharacter(_ text: [UInt8]) -> [UInt8] {
    var output = [UInt8]()
    var accumulator: UInt32 = 0
    var bits = 0
    for byte in text {
      if byte == 0x3D { break }
      guard let value = TransferDecoding.base64Value(byte) else { continue }
      accumulator = accumulator << 6 | UInt32(value)
      bits += 6
      if bits >= 8 {
        bits -= 8
        output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
        accumulator &= (1 << UInt32(bits)) - 1
      }
    }
    return output
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

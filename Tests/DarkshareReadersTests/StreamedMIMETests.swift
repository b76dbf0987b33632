import DarkshareMarkup
import Testing

#if canImport(Glibc)
  import Glibc
#endif

@testable import DarkshareReaders

/// The pieces a message too large to hold is read with, each against its whole-message twin:
/// transfer decoding and charset conversion fed in chunks, lines split at LF, CRLF and CR.
@Suite struct StreamedMIMETests {
  /// `bytes` decoded in chunks of `size` (the last chunk may be shorter).
  private func decoded(_ bytes: [UInt8], encoding: String, chunkSize size: Int) -> [UInt8] {
    var decoder = TransferDecoder(encoding: encoding)
    var output = [UInt8]()
    var start = 0
    while start < bytes.count {
      let end = min(bytes.count, start + size)
      output += decoder.decode(bytes[start..<end], isLast: false)
      start = end
    }
    return output + decoder.decode([], isLast: true)
  }

  /// Quoted-printable cut anywhere — inside `=3D`, between `=` and its blanks and line break,
  /// between CR and LF — decodes as the whole does.
  @Test func quotedPrintableDecodesTheSameInAnyChunks() {
    let samples = [
      "https://shop.example/?a=3D1&amp;b=3D2=\r\n&utm_source=3Dnl <a href=3D\"x\">=\n",
      "soft break with blanks = \t \r\nnext line=  \nand a lone CR=\rhere== =4=\r\n=41=4G=",
      "= \t", "==", "=\r", "=4", "abc=\r\n", String(repeating: "=3D=\r\n", count: 50),
    ]
    var random = SystemRandomNumberGenerator()
    var fuzzed = [String]()
    for _ in 0..<300 {
      let alphabet = Array("=\r\n \tA3Dg")
      fuzzed.append(String((0..<Int.random(in: 0..<40, using: &random)).map { _ in alphabet.randomElement(using: &random)! }))
    }
    for sample in samples + fuzzed {
      let bytes = Array(sample.utf8)
      let whole = TransferDecoding.quotedPrintable(bytes[...])
      for size in [1, 2, 3, 5, 7, 64] {
        #expect(decoded(bytes, encoding: "quoted-printable", chunkSize: size) == whole, "\(sample.debugDescription) in chunks of \(size)")
      }
    }
  }

  @Test func base64DecodesTheSameInAnyChunks() {
    let text = Array("<a href=\"https://shop.example/?utm_source=nl\">Shop</a> ünïcödé".utf8)
    let encoded = Array(text.base64Lines.utf8)
    for size in [1, 3, 4, 5, 76, 1000] {
      #expect(decoded(encoded, encoding: "base64", chunkSize: size) == text)
    }
    // Stops at the pad, as the whole decoder does; junk between lines is ignored.
    let padded = Array("aGk=\r\nSGVsbG8=".utf8)
    #expect(decoded(padded, encoding: "base64", chunkSize: 2) == TransferDecoding.base64(padded[...]))
  }

  /// A stateful or multi-byte charset converted in chunks gives the whole conversion: a
  /// sequence cut by a chunk's end waits, ISO-2022-JP's shift state carries over.
  @Test(arguments: ["SHIFT_JIS", "ISO-2022-JP", "GBK", "UTF-16LE"]) func aCharsetConvertsTheSameInChunks(_ charset: String) throws {
    let text = "ご注文はこちら https://shop.example/注文?utm_source=メール 好"
    let source = try #require(Transcoder.utf8Encoded(text, as: charset))
    let whole = try #require(Transcoder.utf8(from: source, charset: charset))
    for size in [1, 2, 3, 5] {
      let stream = try #require(Transcoder.Stream(charset: charset))
      var output = [UInt8]()
      var start = 0
      while start < source.count {
        output += stream.convert(Array(source[start..<min(source.count, start + size)]), isLast: false)
        start += size
      }
      output += stream.convert([], isLast: true)
      #expect(output == whole, "\(charset) in chunks of \(size)")
    }
    // Cut short: the unfinished sequence is U+FFFD, as in a whole conversion.
    let truncated = Array(source.dropLast())
    let stream = try #require(Transcoder.Stream(charset: charset))
    #expect(stream.convert(truncated, isLast: false) + stream.convert([], isLast: true) == Transcoder.utf8(from: truncated, charset: charset))
  }

  @Test func anUnknownCharsetHasNoStream() {
    #expect(Transcoder.Stream(charset: "X-NO-SUCH-CHARSET") == nil)
  }

  /// Lines end at LF, CRLF or a lone CR, wherever the chunks are cut; a long line comes in
  /// pieces; nothing is dropped (a byte-order mark included).
  @Test(arguments: [1, 2, 3, 1 << 20]) func linesAreSplitAsTheWholeParserSplitsThem(_ chunkSize: Int) {
    let text: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("a\r\nb\rc\n\r\n\rlong line here\r".utf8) + Array("tail".utf8)
    let reader = MIMELineReader(MemoryByteSource(text), chunkSize: chunkSize, maximumPiece: 4)
    var lines = [(String, String)]()
    var joined = [UInt8]()
    while let piece = reader.next() {
      joined += piece.content + piece.lineBreak
      if piece.startsLine { lines.append(("", "")) }
      lines[lines.count - 1].0 += String(decoding: piece.content, as: UTF8.self)
      lines[lines.count - 1].1 += String(decoding: piece.lineBreak, as: UTF8.self)
    }
    #expect(joined == text)
    #expect(lines.map(\.0) == ["\u{FEFF}a", "b", "c", "", "", "long line here", "tail"])
    #expect(lines.map(\.1) == ["\r\n", "\r", "\n", "\r\n", "\r", "\r", ""])
  }
}

extension [UInt8] {
  /// The bytes in base64, in lines of 76 characters.
  fileprivate var base64Lines: String {
    let alphabet = [Character]("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
    var output = ""
    var index = 0
    while index < count {
      let chunk = self[index..<Swift.min(count, index + 3)]
      let value = chunk.enumerated().reduce(0) { $0 | Int($1.element) << (16 - 8 * $1.offset) }
      for position in 0..<4 {
        output.append(position <= chunk.count ? alphabet[(value >> (18 - 6 * position)) & 63] : "=")
      }
      index += 3
      if index % 57 == 0 { output += "\r\n" }
    }
    return output
  }
}

extension Transcoder {
  /// `text` in the iconv charset `charset`, for tests (with iconv the other way).
  fileprivate static func utf8Encoded(_ text: String, as charset: String) -> [UInt8]? {
    guard let converter = iconv_open(charset, "UTF-8"), converter != iconv_t(bitPattern: -1) else { return nil }
    defer { iconv_close(converter) }
    var input = Array(text.utf8)
    var output = [UInt8](repeating: 0, count: input.count * 4 + 16)
    let produced = input.withUnsafeMutableBufferPointer { inBuffer in
      output.withUnsafeMutableBufferPointer { outBuffer -> Int in
        var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuffer.baseAddress!).assumingMemoryBound(to: CChar.self)
        var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuffer.baseAddress!).assumingMemoryBound(to: CChar.self)
        var inLeft = inBuffer.count
        var outLeft = outBuffer.count
        guard iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft) != -1 else { return -1 }
        _ = iconv(converter, nil, nil, &outPointer, &outLeft)
        return outBuffer.count - outLeft
      }
    }
    return produced < 0 ? nil : Array(output[..<produced])
  }
}

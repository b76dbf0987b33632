import DarkshareCore
import Foundation
import DarkshareTestSupport
import Testing

@testable import DarkshareReaders

/// mbox reading is streamed: chunk boundaries change nothing, a message over the cap is
/// skipped and the next one read, and a huge line without a newline is never held whole.
@Suite struct MboxStreamingTests {
  /// Three messages exercising every boundary: CRLF, a quoted `>From`, a body `From ` line,
  /// a BOM, a QP soft break inside a URL.
  private let mbox: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("""
    From a@shop.example Sat Jan  3 01:05:34 1996\r
    Subject: one\r
    \r
    https://shop.example/1\r
    >From https://shop.example/quoted\r
    \r
    From time to time https://shop.example/body-from\r
    \r
    From - Mon Jun  3 12:50:27 1996
    Subject: two
    Content-Type: text/html
    Content-Transfer-Encoding: quoted-printable

    <a href=3D"https://shop.example/2?utm_source=3Dnews&utm_medium=3De=
    mail&utm_campaign=3Dx">two</a>

    From 1583290388308606088@xxx Mon Nov 06 04:42:58 +0000 2017
    Subject: three

    https://shop.example/3
    """.utf8)

  private func summary(_ batches: [MessageBatch]) -> [String] {
    batches.flatMap(\.links).map { "\($0.message?.index ?? -1) \($0.location.line):\($0.location.column) \($0.url)" }
  }

  @Test(arguments: [1, 2, 3, 7])
  func chunkBoundariesChangeNothing(_ maximum: Int) throws {
    let whole = try batches(MemoryByteSource(mbox))
    let trickled = try batches(TrickleByteSource(mbox, maximum: maximum))
    #expect(summary(whole) == summary(trickled))
    #expect(summary(whole) == [
      "0 1:1 https://shop.example/1", "0 2:6 https://shop.example/quoted", "0 4:19 https://shop.example/body-from",
      "1 1:10 https://shop.example/2?utm_source=news&utm_medium=email&utm_campaign=x",
      "2 1:1 https://shop.example/3",
    ])
    #expect(trickled.map(\.messages) == [1, 1, 1])
  }

  /// Lines longer than a piece (64 bytes here: the QP line) are handed over in parts; From_
  /// lines are shorter than any real piece (1 MiB).
  @Test func smallLinePiecesChangeNothing() throws {
    let stream = try MboxMessageStream(
      lines: LineSplitter(TrickleByteSource(mbox), chunkSize: 3, maximumPiece: 64), file: "a.mbox",
      maximumMessageSize: 1 << 20)
    var pieced = [MessageBatch]()
    while let batch = stream.next() { pieced.append(batch) }
    #expect(summary(pieced) == summary(try batches(MemoryByteSource(mbox))))
  }

  @Test func anOversizeMessageIsSkippedAndTheNextRead() throws {
    let big = "From a@shop.example Sat Jan  3 01:05:34 1996\nSubject: big\n\n"
      + String(repeating: "https://shop.example/big\n", count: 100) + "\n"
    let small = "From b@shop.example Sun Jan  4 01:05:34 1996\nSubject: small\n\nhttps://shop.example/small\n"
    let reader = MboxReader(maximumMessageSize: 1000)
    let result = try batches(MemoryByteSource(Array((small + "\n" + big + small).utf8)), reader: reader)
    #expect(result.map(\.messages) == [1, 0, 1])
    #expect(result[1].problem?.message == "message 1 (From_ line at line 6) is larger than the 1000-byte limit and was skipped")
    #expect(result.flatMap(\.links).map { $0.message?.index } == [0, 2])
    #expect(result.flatMap(\.links).map { $0.message?.subject } == ["small", "small"])
    // Whole-array reads keep the links and report the problem.
    let read = try reader.read(Array((big + small).utf8), file: "a.mbox")
    #expect(read.links.count == 1)
    #expect(read.problem?.message.contains("message 0 (From_ line at line 1)") == true)
  }

  /// 100 MB of one line without a newline, generated as it is read: the reader holds at most
  /// the cap plus a line piece, reports the message and reads the one after it.
  @Test func aHundredMegabyteLineIsNeverHeldWhole() throws {
    let source = GeneratedByteSource(
      prefix: "From a@shop.example Sat Jan  3 01:05:34 1996\nSubject: huge\n\nhttps://shop.example/huge",
      count: 100_000_000,
      suffix: "\n\nFrom b@shop.example Sun Jan  4 01:05:34 1996\nSubject: after\n\nhttps://shop.example/after\n")
    let result = try batches(source, reader: MboxReader(maximumMessageSize: 4 << 20))
    #expect(result.count == 2)
    #expect(result[0].problem?.message.hasPrefix("message 0 (From_ line at line 1) is larger than") == true)
    #expect(result[1].links.map(\.url) == ["https://shop.example/after"])
    #expect(result[1].links.first?.message?.index == 1)
    #expect(source.largestRead <= 1 << 20)
  }

  @Test func lineSplitterPiecesStayBounded() {
    let source = GeneratedByteSource(prefix: "x\n", count: 10_000, suffix: "\ny")
    let lines = LineSplitter(source, chunkSize: 64, maximumPiece: 1000)
    var pieces = [LinePiece]()
    while let piece = lines.next() { pieces.append(piece) }
    #expect(pieces.allSatisfy { $0.bytes.count <= 1000 })
    #expect(pieces.filter(\.startsLine).count == 3)
    #expect(pieces.reduce(0) { $0 + $1.bytes.count } == 2 + 10_000 + 2)
    #expect(pieces.last.map { Array($0.bytes) } == [UInt8(ascii: "y")])
  }

  @Test func aSourceErrorEndsTheStreamWithAProblem() throws {
    final class Failing: ByteSource {
      var sent = false
      func read(upTo count: Int) throws(ReaderError) -> [UInt8] {
        if sent { throw ReaderError("disk on fire") }
        sent = true
        return Array("From - \nSubject: a\n\nhttps://shop.example/a\n".utf8)
      }
    }
    let result = try batches(Failing())
    #expect(result.count == 1)
    #expect(result[0].links.count == 1)
    #expect(result[0].problem?.message == "reading stopped at line 4: disk on fire")
  }
}

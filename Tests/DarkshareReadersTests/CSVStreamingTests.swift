import DarkshareCore
import DarkshareTestSupport
import Testing

@testable import DarkshareReaders

/// The CSV message log as a stream: records split the same wherever chunks end, batches give the
/// links reading whole gives, and broken or hostile files stay bounded and say where.
@Suite struct CSVStreamingTests {
  /// Every record of `text` read through chunks of `chunkSize` bytes, as strings with their lines.
  private static func records(_ text: [UInt8], chunkSize: Int, maximum: Int = 1 << 20) throws -> [(String, Int)] {
    let reader = CSVRecordReader(TrickleByteSource(text, maximum: chunkSize), chunkSize: chunkSize, maximumRecordSize: maximum)
    var records = [(String, Int)]()
    while let record = try reader.next() { records.append((String(decoding: record.bytes, as: UTF8.self), record.line)) }
    return records
  }

  private static let tricky = Array(
    "from,body\r\n+1,\"a \"\"quoted\"\" body, with a comma\r\nand a CRLF https://a.example/1\"\r\n+2,plain \"mid quote\" https://a.example/2\r+3,\"\"\n\n+4,\"x\"y,z\n+5,\"é\u{1F600} https://a.example/3\"".utf8)

  @Test(arguments: [1, 2, 3, 5, 64])
  func recordsAreTheSameWhereverChunksEnd(chunkSize: Int) throws {
    let records = try Self.records(Self.tricky, chunkSize: chunkSize)
    #expect(records.map(\.1) == [1, 2, 4, 5, 6, 7, 8])
    #expect(records.map(\.0) == [
      "from,body\r\n", "+1,\"a \"\"quoted\"\" body, with a comma\r\nand a CRLF https://a.example/1\"\r\n",
      "+2,plain \"mid quote\" https://a.example/2\r", "+3,\"\"\n", "\n", "+4,\"x\"y,z\n", "+5,\"é\u{1F600} https://a.example/3\"",
    ])
  }

  @Test(arguments: [1, 2, 3, 7])
  func linksAreTheSameWhereverChunksEnd(chunkSize: Int) throws {
    let whole = try CSVMessageLogReader().read(Self.tricky, file: "log.csv")
    let batches = drain(try CSVMessageLogReader().messages(from: TrickleByteSource(Self.tricky, maximum: chunkSize), file: "log.csv"))
    #expect(whole.problem == nil)
    #expect(whole.links.map(\.url) == ["https://a.example/1", "https://a.example/2", "https://a.example/3"])
    #expect(whole.links.map { [$0.location.line, $0.location.column] } == [[3, 12], [4, 22], [8, 8]])
    #expect(batches.flatMap(\.links) == whole.links)
    #expect(batches.reduce(0) { $0 + $1.messages } == 5)
  }

  @Test func aByteOrderMarkIsDroppedWhereverChunksEnd() throws {
    let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("from,body\n+1,see https://b.example/\n".utf8)
    for chunk in [1, 2, 4] {
      let links = drain(try CSVMessageLogReader().messages(from: TrickleByteSource(bytes, maximum: chunk), file: "b.csv")).flatMap(\.links)
      #expect(links.map { [$0.location.line, $0.location.column] } == [[2, 8]])
    }
  }

  /// Many rows arrive in several batches with the links, contexts and positions of a whole read.
  @Test func batchingGivesTheSameLinksAsReadingWhole() throws {
    var text = "date,from,body\n"
    for index in 0..<1000 {
      text += "1700000000,+1\(index),\"row \(index) é https://r.example/\(index)\n then https://r.example/\(index)/b\"\n"
      if index % 7 == 0 { text += "\n" }
    }
    let bytes = Array(text.utf8)
    let batches = drain(try CSVMessageLogReader().messages(from: MemoryByteSource(bytes), file: "r.csv"))
    #expect(batches.count == 4)
    #expect(batches.reduce(0) { $0 + $1.messages } == 1000)
    let links = batches.flatMap(\.links)
    #expect(links.count == 2000)
    #expect(links == (try CSVMessageLogReader().links(in: bytes, file: "r.csv")))
    #expect(links.compactMap(\.message?.index) == (0..<1000).flatMap { [$0, $0] })
    #expect(links.last?.location.line == 2000 + 1000 / 7 + 2)
    #expect(links.last?.message?.from == "+1999")
  }

  /// Legacy 8-bit text is decided on the first non-ASCII bytes, as ``LegacyText`` decides on the file.
  @Test(arguments: [1, 3, 4096])
  func legacyTextDecodesAsReadingWhole(chunkSize: Int) throws {
    let samples: [[UInt8]] = [
      Array("caf".utf8) + [0xE9] + Array(" na".utf8) + [0xEF] + Array("ve\r\n".utf8),
      Array("ok é 😀 ".utf8) + [0xFF] + Array(" fine\n".utf8),
      [0xEF, 0xBB, 0xBF] + Array("plain ascii\n".utf8),
      [0xFF, 0xFE] + Array("é line\n".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] },
      Array(repeating: UInt8(ascii: "a"), count: 5000) + [0xC3, 0xA9, 0xE2, 0x82],
    ]
    for sample in samples {
      let decoder = LegacyTextDecoder(TrickleByteSource(sample, maximum: chunkSize), window: 64)
      var decoded = [UInt8]()
      while case let chunk = try decoder.read(upTo: chunkSize), !chunk.isEmpty { decoded += chunk }
      #expect(decoded == LegacyText.utf8(sample), "\(sample.prefix(20))")
    }
  }

  @Test func anUnclosedQuoteKeepsTheRowsBeforeItAndNamesItsLine() throws {
    let csv = Array("from,body\n+1,\"fine https://a.example/x\"\n+2,\"never closed https://b.example/y\nmore\n".utf8)
    let batches = drain(try CSVMessageLogReader().messages(from: TrickleByteSource(csv), file: "log.csv"))
    #expect(batches.flatMap(\.links).map(\.url) == ["https://a.example/x"])
    #expect(batches.last?.problem?.message == "malformed CSV: the quoted field that starts on line 3 is never closed")
  }

  /// A quote never closed in a large file stops at the record limit, naming its line, instead
  /// of holding the rest of the file.
  @Test func anUnclosedQuoteInALargeFileStopsAtTheRecordLimit() throws {
    var csv = Array("from,body\n+1,https://a.example/x\n+2,\"open ".utf8)
    csv += Array(repeating: UInt8(ascii: "y"), count: 100_000) + Array("\n".utf8)
    csv += Array(repeating: UInt8(ascii: "z"), count: 100_000)
    let reader = CSVMessageLogReader(maximumRecordSize: 50_000)
    let batches = drain(try reader.messages(from: MemoryByteSource(csv), file: "log.csv"))
    #expect(batches.flatMap(\.links).map(\.url) == ["https://a.example/x"])
    #expect(batches.last?.problem?.message == "malformed CSV: the quoted field that starts on line 3 is not closed within 50000 bytes")
    let unquoted = Array("from,body\n".utf8) + Array(repeating: UInt8(ascii: "w"), count: 60_000)
    #expect(drain(try reader.messages(from: MemoryByteSource(unquoted), file: "w.csv")).last?.problem?.message
      == "malformed CSV: the record that starts on line 2 is longer than 50000 bytes")
  }

  /// A 30 MB quoted field (under the 64 MiB limit) is read, and the links around it are placed.
  @Test func aThirtyMegabyteFieldIsRead() throws {
    var csv = Array("from,body\n+1,\"see https://c.example/a ".utf8)
    csv += Array(repeating: UInt8(ascii: "x"), count: 30_000_000)
    csv += Array(" https://c.example/b\"\n+2,https://c.example/c\n".utf8)
    let links = drain(try CSVMessageLogReader().messages(from: MemoryByteSource(csv), file: "big.csv")).flatMap(\.links)
    #expect(links.map(\.url) == ["https://c.example/a", "https://c.example/b", "https://c.example/c"])
    #expect(links.map(\.location.column) == [9, 30_000_030, 4])
  }

  @Test func nulBytesAreTextAfterTheHeadAndBinaryInIt() throws {
    let stray = Array("from,body\n+1,\"hi\0 https://n.example/c\"\n".utf8)
    #expect(drain(try CSVMessageLogReader().messages(from: MemoryByteSource(stray), file: "n.csv")).flatMap(\.links).map(\.url)
      == ["https://n.example/c"])
    let binary = Array("from,body\n".utf8) + [UInt8](repeating: 0, count: 9000) + Array("\n+1,https://n.example/d\n".utf8)
    #expect(throws: ReaderError.self) { try CSVMessageLogReader().messages(from: MemoryByteSource(binary), file: "n.csv") }
  }

  /// A read that fails after the head (a disk error, a corrupt `.gz`) ends the log there.
  @Test func aFileCutOffByAnErrorKeepsTheRowsBeforeIt() throws {
    let csv = Array("from,body\n".utf8) + (0..<1000).flatMap { Array("+1,https://a.example/\($0)\n".utf8) }
    let batches = drain(try CSVMessageLogReader().messages(from: FailingByteSource(csv, failingAfter: 16_384), file: "cut.csv"))
    let links = batches.flatMap(\.links)
    #expect(links.count > 500 && links.count < 1000)
    #expect(links.map(\.url) == (0..<links.count).map { "https://a.example/\($0)" })
    #expect(batches.last?.problem?.message.hasPrefix("the CSV message log breaks off on line \(links.count + 2): cannot read") == true)
  }
}

/// A source that hands out its first bytes and then fails, as a disk or a pipe can.
final class FailingByteSource: ByteSource {
  private let bytes: [UInt8]
  private var offset = 0

  init(_ bytes: [UInt8], failingAfter count: Int) { self.bytes = Array(bytes.prefix(count)) }

  func read(upTo count: Int) throws(ReaderError) -> [UInt8] {
    guard offset < bytes.count else { throw ReaderError("cannot read the file (Input/output error)") }
    let end = min(bytes.count, offset + min(count, 4096))
    defer { offset = end }
    return Array(bytes[offset..<end])
  }
}

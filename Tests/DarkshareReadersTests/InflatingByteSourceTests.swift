import Foundation
import DarkshareTestSupport
import Testing

@testable import DarkshareReaders

/// gzip and raw deflate inflated as pulled: chunking, concatenated members, truncation,
/// corruption and bombs.
@Suite struct InflatingByteSourceTests {
  private static let text = Array(
    String(repeating: "see https://shop.example/sale?utm_source=nl&utm_medium=email\n", count: 500).utf8)

  private func gunzip(_ bytes: [UInt8], limits: ContainerLimits = .default) throws(ReaderError) -> [UInt8] {
    try InflatingByteSource(MemoryByteSource(bytes), format: .gzip, limits: limits).readAll(limit: 64 << 20)
  }

  @Test func inflatesGzipText() throws {
    #expect(try gunzip(TestArchives.deflate(Self.text, windowBits: 31)) == Self.text)
  }

  @Test func inflatesRawDeflate() throws {
    let source = try InflatingByteSource(
      MemoryByteSource(TestArchives.deflate(Self.text, windowBits: -15)), format: .rawDeflate)
    #expect(try source.readAll(limit: 1 << 20) == Self.text)
    #expect(source.expandedBytes == Int64(Self.text.count))
  }

  @Test(arguments: [InflatingByteSource.Format.gzip, .rawDeflate])
  func chunkingDoesNotMatter(format: InflatingByteSource.Format) throws {
    let compressed = TestArchives.deflate(Self.text, windowBits: format == .gzip ? 31 : -15)
    let source = try InflatingByteSource(TrickleByteSource(compressed), format: format)
    #expect(try readDribbling(source) == Self.text)
  }

  @Test func readsConcatenatedGzipMembers() throws {
    // As `gzip -c a b > ab.gz` writes them: two complete members, one after the other.
    let first = Array("first member https://a.example/\n".utf8)
    let second = Array("second member https://b.example/\n".utf8)
    let joined = TestArchives.deflate(first, windowBits: 31) + TestArchives.deflate(second, windowBits: 31)
    #expect(try gunzip(joined) == first + second)
    #expect(try readDribbling(InflatingByteSource(TrickleByteSource(joined), format: .gzip)) == first + second)
  }

  @Test func ignoresTrailingZerosAfterTheLastMember() throws {
    let padded = TestArchives.deflate(Self.text, windowBits: 31) + [UInt8](repeating: 0, count: 512)
    #expect(try gunzip(padded) == Self.text)
  }

  @Test func truncatedGzipIsAClearError() throws {
    let whole = TestArchives.deflate(Self.text, windowBits: 31)
    for cut in [whole.count - 4, whole.count / 2, 11] {
      #expect(throws: ReaderError("the gzip data is truncated")) { try gunzip(Array(whole[..<cut])) }
    }
    #expect(throws: ReaderError("the gzip data is empty")) { try gunzip([]) }
  }

  @Test func corruptGzipNamesZlibsReason() throws {
    var damaged = TestArchives.deflate(Self.text, windowBits: 31)
    damaged[damaged.count - 6] ^= 0xFF  // inside the CRC-32 trailer
    let error = #expect(throws: ReaderError.self) { try gunzip(damaged) }
    #expect(error?.message == "corrupt gzip data: incorrect data check")
    let notGzip = #expect(throws: ReaderError.self) { try gunzip(Array("plain text, not gzip".utf8)) }
    #expect(notGzip?.message == "corrupt gzip data: incorrect header check")
  }

  @Test func gzipBombStopsEarlyWithoutExpanding() throws {
    // 256 MiB of zeros → about 250 KB of gzip; reading stops after ~1 MiB of output.
    let bomb = TestArchives.deflatedZeros(256 << 20, windowBits: 31)
    #expect(bomb.count < 400_000)
    let source = try InflatingByteSource(MemoryByteSource(bomb), format: .gzip)
    let error = #expect(throws: ReaderError.self) { try source.readAll(limit: Int.max) }
    #expect(error?.message.hasPrefix("looks like a decompression bomb: ") == true)
    #expect(error?.message.hasSuffix("(more than 100:1)") == true)
    // The work done, counted: about 1 MiB inflated of the 256 MiB (no clock involved).
    #expect(source.expandedBytes <= 2 << 20)
  }

  @Test func ratioAndSizeLimitsCanBeTightened() throws {
    let zeros = TestArchives.deflate([UInt8](repeating: 0, count: 100_000), windowBits: 31)
    let ratio = ContainerLimits(maximumCompressionRatio: 10, ratioGraceBytes: 1000)
    let error = #expect(throws: ReaderError.self) { try gunzip(zeros, limits: ratio) }
    #expect(error?.message.contains("bytes expanded from") == true)
    let size = ContainerLimits(maximumEntryBytes: 50_000)
    let tooBig = #expect(throws: ReaderError.self) { try gunzip(zeros, limits: size) }
    #expect(tooBig?.message.hasPrefix("looks like a decompression bomb: it expands past the 50000-byte limit") == true)
    // Under the grace size, even very repetitive text reads.
    let small = Array(Self.text[..<900])
    #expect(try gunzip(TestArchives.deflate(small, windowBits: 31), limits: ratio) == small)
  }
}

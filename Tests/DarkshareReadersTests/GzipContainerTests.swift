import DarkshareTestSupport
import Testing

@testable import DarkshareReaders

/// Recognising a `.gz` input and naming what is inside it.
@Suite struct GzipContainerTests {
  @Test func recognisesTheMagicBytes() {
    #expect(GzipContainer.isGzip(TestArchives.deflate(Array("x".utf8), windowBits: 31)))
    #expect(!GzipContainer.isGzip(Array("PK\u{3}\u{4}".utf8)))
    #expect(!GzipContainer.isGzip([0x1F]))
  }

  @Test(arguments: [
    ("chat.txt.gz", "chat.txt"), ("Mail/All mail.mbox.GZ", "Mail/All mail.mbox"),
    ("backup.tgz", "backup.tar"), ("plain.txt", "plain.txt"), (".gz", ".gz"),
  ])
  func innerNameDropsTheExtension(path: String, inner: String) {
    #expect(GzipContainer.innerName(for: path) == inner)
  }

  @Test func opensGzippedTextAndRecognisesATarInside() throws {
    let text = Array("https://shop.example/?utm_source=sms\n".utf8)
    let inner = try GzipContainer.open(MemoryByteSource(TestArchives.deflate(text, windowBits: 31)))
    #expect(try inner.readAll(limit: 1000) == text)
    var tar = [UInt8](repeating: 0, count: 512)
    tar.replaceSubrange(257..<262, with: Array("ustar".utf8))
    #expect(GzipContainer.isTar(tar))
    #expect(!GzipContainer.isTar(text))
  }

  @Test func aGzipInsideAZipChargesTheZipsBudget() throws {
    let text = Array(String(repeating: "https://a.example/ ", count: 200).utf8)
    let gz = TestArchives.deflate(text, windowBits: 31)
    let archive = try ZipArchive(
      bytes: TestArchives.zip([.init(rawName: Array("chat.txt.gz".utf8), data: gz, method: 0)]),
      // Either stream alone fits the total; together they do not.
      limits: ContainerLimits(maximumTotalBytes: Int64(text.count + 10)))
    let inner = try GzipContainer.open(
      archive.open(archive.entries[0]), limits: archive.limits, depth: 2, budget: archive.budget)
    let error = #expect(throws: ReaderError.self) { try inner.readAll(limit: 1 << 20) }
    #expect(error?.message.hasPrefix("looks like a decompression bomb: the gzip data takes the archive past the") == true)
  }

  @Test func refusesToNestTooDeep() throws {
    let gz = TestArchives.deflate(Array("x".utf8), windowBits: 31)
    #expect(throws: ReaderError("containers nested 3 deep: darkshare opens at most 2 levels (a zip inside a zip is 2)")) {
      try GzipContainer.open(MemoryByteSource(gz), depth: 3)
    }
    #expect(try GzipContainer.open(MemoryByteSource(gz), depth: 2).readAll(limit: 10) == Array("x".utf8))
  }
}

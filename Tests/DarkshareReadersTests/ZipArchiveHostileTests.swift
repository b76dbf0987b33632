import Foundation
import DarkshareTestSupport
import Testing

@testable import DarkshareReaders

/// Zips built to hurt: bombs, lying sizes, too many entries, truncation, bad CRCs, hostile
/// names, encryption and unknown methods. Each gives a clear error, early, and the other
/// entries stay readable.
@Suite struct ZipArchiveHostileTests {
  /// 1 GiB of zeros deflated to about 1 MB, declared honestly; made once (about 3 s).
  private static let gigabyteOfZeros = TestArchives.deflatedZeros(1 << 30, windowBits: -15)

  private func readAll(_ archive: ZipArchive, _ index: Int) throws(ReaderError) -> [UInt8] {
    try archive.open(archive.entries[index]).readAll(limit: Int.max)
  }

  @Test func zipBombStopsEarlyWithoutExpanding() throws {
    #expect(Self.gigabyteOfZeros.count < 1_100_000)
    var bomb = TestArchives.Entry("bomb.bin")
    bomb.compressed = Self.gigabyteOfZeros
    bomb.declaredSize = 1 << 30
    bomb.declaredCRC = 0  // never reached
    let archive = try ZipArchive(bytes: TestArchives.zip([bomb, .init("ok.txt", "https://a.example/")]))
    #expect(archive.entries[0].uncompressedSize == 1 << 30)
    let error = #expect(throws: ReaderError.self) { try readAll(archive, 0) }
    let message = try #require(error?.message)
    #expect(message.hasPrefix("entry 'bomb.bin': looks like a decompression bomb: "))
    #expect(message.hasSuffix("(more than 100:1)"))
    // Stopped at about 1 MiB of output, not 1 GiB.
    let expanded = try #require(Int(message.split(separator: " ")[7]))
    #expect(expanded <= 2 << 20)
    #expect(try readAll(archive, 1) == Array("https://a.example/".utf8))
  }

  @Test func ratioBombWithTightLimits() throws {
    var limits = ContainerLimits()
    limits.maximumCompressionRatio = 20
    limits.ratioGraceBytes = 4096
    let archive = try ZipArchive(
      bytes: TestArchives.zip([.init(rawName: Array("z".utf8), data: [UInt8](repeating: 0x41, count: 200_000))]),
      limits: limits)
    let error = #expect(throws: ReaderError.self) { try readAll(archive, 0) }
    #expect(error?.message.contains("looks like a decompression bomb") == true)
  }

  @Test func sizesThatLieAreErrors() throws {
    let text = String(repeating: "https://shop.example/?utm_source=nl ", count: 300)
    var understated = TestArchives.Entry("understated.txt", text)
    understated.declaredSize = 100
    var overstated = TestArchives.Entry("overstated.txt", text)
    overstated.declaredSize = 20_000
    var huge = TestArchives.Entry("huge.bin", "", method: 0)
    huge.declaredSize = 3 << 30
    huge.compressed = []
    let archive = try ZipArchive(bytes: TestArchives.zip([understated, overstated, huge]))
    #expect(throws: ReaderError("entry 'understated.txt' expands beyond its declared size of 100 bytes")) {
      try readAll(archive, 0)
    }
    #expect(throws: ReaderError("entry 'overstated.txt' is shorter than its declared size: 10800 of 20000 bytes (the zip is corrupt)")) {
      try readAll(archive, 1)
    }
    #expect(throws: ReaderError("entry 'huge.bin' declares 3221225472 bytes, more than the 2147483648-byte limit for one entry")) {
      try archive.open(archive.entries[2])
    }
  }

  @Test func tooManyEntries() throws {
    let bytes = TestArchives.zip((1...5).map { .init("m\($0).txt", "x") })
    #expect(throws: ReaderError("the zip lists 5 entries, more than the limit of 4")) {
      try ZipArchive(bytes: bytes, limits: ContainerLimits(maximumEntryCount: 4))
    }
    #expect(try ZipArchive(bytes: bytes, limits: ContainerLimits(maximumEntryCount: 5)).entries.count == 5)
  }

  @Test func theTotalIsSharedByAllEntries() throws {
    let archive = try ZipArchive(
      bytes: TestArchives.zip((1...3).map { .init("part\($0).txt", String(repeating: "x", count: 1000), method: 0) }),
      limits: ContainerLimits(maximumTotalBytes: 2500))
    #expect(try readAll(archive, 0).count == 1000)
    #expect(try readAll(archive, 1).count == 1000)
    let error = #expect(throws: ReaderError.self) { try readAll(archive, 2) }
    #expect(error?.message == "looks like a decompression bomb: entry 'part3.txt' takes the archive past the 2500-byte limit for everything it expands to")
  }

  @Test func truncatedZipsAreClearErrors() throws {
    let whole = TestArchives.zip([.init("a.txt", Self.longText), .init("b.txt", "https://b.example/")])
    let centralStart = whole.count - 22 - 2 * (46 + 5)
    for cut in [whole.count - 1, centralStart + 10, centralStart, 40] {
      #expect(throws: ReaderError("not a zip file, or a truncated one: no end of central directory record in its last 64 KiB")) {
        try ZipArchive(bytes: Array(whole[..<cut]))
      }
    }
    #expect(throws: ReaderError("not a zip file: 5 bytes are too few for a zip's end record")) {
      try ZipArchive(bytes: Array("hello".utf8))
    }
    // The end record survives but the central directory it points at does not.
    var cutMiddle = whole
    cutMiddle.removeSubrange(centralStart..<(centralStart + 30))
    let error = #expect(throws: ReaderError.self) { try ZipArchive(bytes: cutMiddle) }
    #expect(error?.message.hasPrefix("the zip is truncated or corrupt: its central directory") == true)
    // Deflate data cut short inside an otherwise whole zip.
    var short = TestArchives.Entry("short.txt", Self.longText)
    short.compressed = Array(TestArchives.deflate(short.data, windowBits: -15).prefix(30))
    let archive = try ZipArchive(bytes: TestArchives.zip([short]))
    #expect(throws: ReaderError("entry 'short.txt': the deflate data is truncated")) { try readAll(archive, 0) }
  }

  @Test(arguments: [UInt16(0), 8])
  func corruptCRCIsAnError(method: UInt16) throws {
    var entry = TestArchives.Entry("tampered.txt", "https://a.example/?utm_source=nl", method: method)
    entry.declaredCRC = 0xDEAD_BEEF
    let archive = try ZipArchive(bytes: TestArchives.zip([entry]))
    let error = #expect(throws: ReaderError.self) { try readDribbling(archive.open(archive.entries[0])) }
    #expect(error?.message.hasPrefix("entry 'tampered.txt' fails its CRC-32 check (expected 0xdeadbeef, got 0x") == true)
  }

  @Test func corruptDeflateDataNamesZlibsReason() throws {
    var entry = TestArchives.Entry("garbage.txt", "x")
    entry.compressed = [0xFF, 0xFF, 0xFF, 0xFF]
    let archive = try ZipArchive(bytes: TestArchives.zip([entry]))
    let error = #expect(throws: ReaderError.self) { try readAll(archive, 0) }
    #expect(error?.message.hasPrefix("entry 'garbage.txt': corrupt deflate data: ") == true)
  }

  @Test func hostileNamesAreOnlyLabels() throws {
    let names = ["../../etc/passwd", "/x", "C:\\Windows\\evil.txt", "..\\..\\boot.ini", "clear\u{1B}[2J.txt", "\u{202E}txt.exe"]
    let archive = try ZipArchive(bytes: TestArchives.zip(names.map { .init($0, "https://a.example/") }))
    #expect(archive.entries.map(\.name) == names)
    #expect(archive.entries.map(\.displayName) == [
      "../../etc/passwd", "/x", "C:\\Windows\\evil.txt", "..\\..\\boot.ini", "clear\\u{1B}[2J.txt", "\\u{202E}txt.exe",
    ])
    for index in names.indices { #expect(try readAll(archive, index) == Array("https://a.example/".utf8)) }
    // Reading wrote nothing anywhere the names point.
    #expect(!FileManager.default.fileExists(atPath: "/x"))
  }

  @Test func encryptedAndUnsupportedEntriesAreRefusedOneByOne() throws {
    var secret = TestArchives.Entry("secret.txt", "hidden")
    secret.flags |= 1
    var bzip2 = TestArchives.Entry("old.txt", "", method: 12)
    bzip2.compressed = Array("BZh91AY&SY".utf8)
    let archive = try ZipArchive(bytes: TestArchives.zip([secret, bzip2, .init("fine.txt", "ok")]))
    #expect(archive.entries.map(\.unsupportedReason) == [
      "entry 'secret.txt' is encrypted, which darkshare does not read",
      "entry 'old.txt' uses compression method 12, which darkshare does not read", nil,
    ])
    #expect(throws: ReaderError("entry 'secret.txt' is encrypted, which darkshare does not read")) {
      try archive.open(archive.entries[0])
    }
    #expect(throws: ReaderError("entry 'old.txt' uses compression method 12, which darkshare does not read")) {
      try archive.open(archive.entries[1])
    }
    #expect(try readAll(archive, 2) == Array("ok".utf8))
  }

  /// 4000 characters that deflate poorly, the same on every run.
  private static let longText: String = {
    var random = SeededRandom(seed: 7)
    let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789 /:?=&")
    return String((0..<4000).map { _ in alphabet.randomElement(using: &random)! })
  }()
}

/// A small deterministic generator, so "random" test text is the same on every run.
struct SeededRandom: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    return state ^ (state >> 33)
  }
}

import DarkshareTestSupport
import Testing

@testable import DarkshareReaders

/// The compound-file (OLE2, MS-CFB) reader: streams in the mini stream and in regular sectors,
/// 512- and 4096-byte sectors, extra DIFAT sectors, and hostile files (loops, chains past the
/// end, huge claimed sizes, overlaps, truncation) refused with a named problem.
@Suite struct CompoundFileTests {
  /// 128 bytes: two mini sectors.
  static let small = Array(String(repeating: "small stream, in the mini stream", count: 4).utf8)
  static let large = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 * 7 + $0 / 256) }

  static func sample(version: Int = 3) -> CompoundFileBuilder.Built {
    CompoundFileBuilder(
      nodes: [
        .stream("small", small), .stream("large", large), .stream("empty", []),
        .storage("folder", [.stream("inner", Array("inside".utf8))]),
      ], majorVersion: version
    ).build()
  }

  private func streams(_ bytes: [UInt8]) throws -> [String: [UInt8]] {
    let file = try CompoundFile(bytes)
    var result = [String: [UInt8]]()
    for entry in try file.children(of: file.root) where entry.kind == .stream { result[entry.name] = try file.contents(of: entry) }
    return result
  }

  private func problem(_ bytes: [UInt8]) -> String? {
    do {
      _ = try streams(bytes)
      return nil
    } catch {
      return (error as? ReaderError)?.message ?? "\(error)"
    }
  }

  @Test(arguments: [3, 4]) func readsMiniAndRegularStreams(version: Int) throws {
    let read = try streams(Self.sample(version: version).bytes)
    #expect(read["small"] == Self.small)
    #expect(read["large"] == Self.large)
    #expect(read["empty"] == [])
    #expect(read["folder"] == nil)
  }

  @Test func readsAStorageChildren() throws {
    let file = try CompoundFile(Self.sample().bytes)
    let folder = try #require(try file.children(of: file.root).first { $0.name == "folder" })
    let inner = try #require(try file.children(of: folder).first)
    #expect(inner.name == "inner")
    #expect(try file.contents(of: inner) == Array("inside".utf8))
  }

  /// Over 109 FAT sectors: the rest are listed in DIFAT sectors (7.5 MB with 512-byte sectors).
  @Test func readsFATSectorsListedInDIFATSectors() throws {
    let huge = (0..<7_500_000).map { UInt8(truncatingIfNeeded: $0 / 512) }
    let built = CompoundFileBuilder(nodes: [.stream("huge", huge)]).build()
    #expect(built.fatSectors.count > 109)
    #expect(try streams(built.bytes)["huge"] == huge)
  }

  @Test func aFATCycleIsAnError() throws {
    var built = Self.sample()
    let first = try #require(built.firstSector["large"])
    built.setFAT(of: first + 3, to: first + 1)
    #expect(problem(built.bytes)?.contains("the chain of the stream 'large' loops at sector") == true)
  }

  @Test func aChainPastTheEndOfTheFileIsAnError() throws {
    var built = Self.sample()
    let first = try #require(built.firstSector["large"])
    // A sector the FAT has room for but the file does not hold.
    built.setFAT(of: first, to: UInt32(built.fatSectors.count * built.sectorSize / 4 - 1))
    #expect(problem(built.bytes)?.contains("runs past the end of the file") == true)
    built.setFAT(of: first, to: 0xFFFF_FFF0)
    #expect(problem(built.bytes)?.contains("which the FAT does not list") == true)
  }

  @Test func aChainShorterThanItsSizeIsAnError() throws {
    var built = Self.sample()
    let first = try #require(built.firstSector["large"])
    built.setFAT(of: first + 2, to: 0xFFFF_FFFE)
    #expect(problem(built.bytes)?.contains("claims 10000 bytes but its chain holds 1536") == true)
  }

  @Test func aDIFATLoopIsAnError() {
    var built = Self.sample()
    // Claim 300 FAT sectors: 109 in the header, 127 in a DIFAT sector, so the DIFAT sector's
    // next link is followed — and it names the DIFAT sector itself.
    let difat = UInt32(built.bytes.count / built.sectorSize - 2)
    built.write32(300, at: 44)
    built.write32(difat, at: 68)
    built.write32(1, at: 72)
    built.bytes += [UInt8](repeating: 0, count: 300 * 512)
    built.write32(difat, at: built.offset(ofSector: difat) + 127 * 4)
    let message = problem(built.bytes)
    #expect(message?.contains("DIFAT") == true, "\(message ?? "no error")")
  }

  @Test func aDirectoryCycleIsAnError() throws {
    var built = Self.sample()
    let small = try #require(built.entryID["small"])
    let large = try #require(built.entryID["large"])
    built.write32(UInt32(small), at: built.offset(ofEntry: large) + 72)  // large's right sibling → small
    #expect(problem(built.bytes)?.contains("directory loops at entry") == true)
    built.write32(9999, at: built.offset(ofEntry: large) + 72)
    #expect(problem(built.bytes)?.contains("links to entry 9999") == true)
  }

  @Test func aStreamClaimingFourGigabytesIsRefusedBeforeAllocation() throws {
    var built = Self.sample(version: 4)
    let large = try #require(built.entryID["large"])
    built.write32(0xFFFF_FFFF, at: built.offset(ofEntry: large) + 120)
    built.write32(0x0000_0001, at: built.offset(ofEntry: large) + 124)
    #expect(problem(built.bytes)?.contains("claims 8589934591 bytes, more than the file's") == true)
    var v3 = Self.sample()
    built = v3
    v3.write32(0xFFFF_FFFF, at: built.offset(ofEntry: large) + 120)
    #expect(problem(v3.bytes)?.contains("claims 4294967295 bytes, more than the file's") == true)
  }

  @Test func aStreamOverlappingTheDirectoryIsAnError() throws {
    var built = Self.sample()
    let large = try #require(built.entryID["large"])
    built.write32(built.firstDirectorySector, at: built.offset(ofEntry: large) + 116)
    #expect(problem(built.bytes)?.contains("shares sector") == true)
  }

  @Test func aMiniFATCycleIsAnError() throws {
    var built = Self.sample()
    // The small stream takes mini sectors 0 and 1; make 0 point to itself.
    let miniFATSector = UInt32(built.bytes.uint32LE(at: 60))
    built.write32(0, at: built.offset(ofSector: miniFATSector))
    let message = problem(built.bytes)
    #expect(message?.contains("the chain of the stream 'small' loops at mini sector 0") == true, "\(message ?? "no error")")
  }

  @Test func damagedHeadersAreErrors() {
    var built = Self.sample()
    built.bytes[30] = 20
    #expect(problem(built.bytes)?.contains("header is damaged") == true)
    #expect(problem(Array(CompoundFile.signature)) == "the compound file is truncated: its 512-byte header is cut short")
    #expect(problem(Array("not a compound file".utf8)) == "not a compound file: no OLE2 signature")
  }

  /// Every prefix of a valid file is an error or a read, never a crash or a hang.
  @Test(arguments: [3, 4]) func everyTruncationIsHandled(version: Int) {
    let bytes = Self.sample(version: version).bytes
    var errors = 0
    for length in stride(from: 0, to: bytes.count, by: 61) where problem(Array(bytes.prefix(length))) != nil { errors += 1 }
    #expect(errors > 0)
  }

  /// Random bytes after a valid header: errors, not crashes.
  @Test func randomSectorsAreHandled() {
    var generator = SystemRandomNumberGenerator()
    let header = Array(Self.sample().bytes.prefix(512))
    for _ in 0..<200 {
      let body = (0..<Int.random(in: 0...4096, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
      _ = problem(header + body)
    }
  }
}

extension Array where Element == UInt8 {
  fileprivate func uint32LE(at offset: Int) -> UInt32 {
    (0..<4).reduce(0) { $0 | UInt32(self[offset + $1]) << (8 * $1) }
  }
}

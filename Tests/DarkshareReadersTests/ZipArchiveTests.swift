import Foundation
import DarkshareTestSupport
import Testing

@testable import DarkshareReaders

/// Reading well-formed zips: stored and deflated entries, names, directories, ZIP64, nesting,
/// a WhatsApp export.
@Suite struct ZipArchiveTests {
  private static let newsletter = String(
    repeating: "<a href=\"https://shop.example/sale?utm_source=nl&amp;utm_medium=email\">Sale</a>\n", count: 40)

  private func text(_ archive: ZipArchive, _ name: String) throws -> String {
    let entry = try #require(archive.entries.first { $0.name == name })
    return String(decoding: try archive.open(entry).readAll(limit: 1 << 20), as: UTF8.self)
  }

  @Test func readsStoredAndDeflatedEntries() throws {
    let archive = try ZipArchive(bytes: TestArchives.zip([
      .init("notes.txt", "see https://a.example/", method: 0),
      .init("newsletter.html", Self.newsletter),
    ]))
    #expect(archive.entries.map(\.name) == ["notes.txt", "newsletter.html"])
    #expect(archive.entries.map(\.method) == [0, 8])
    #expect(archive.entries.map(\.uncompressedSize) == [22, Int64(Self.newsletter.utf8.count)])
    #expect(archive.entries[1].compressedSize < archive.entries[1].uncompressedSize)
    #expect(try text(archive, "notes.txt") == "see https://a.example/")
    #expect(try text(archive, "newsletter.html") == Self.newsletter)
    #expect(ZipArchive.isZip(TestArchives.zip([.init("a", "b")])))
    #expect(ZipArchive.isZip(TestArchives.zip([])))
    #expect(try ZipArchive(bytes: TestArchives.zip([])).entries.isEmpty)
  }

  @Test(arguments: [UInt16(0), 8])
  func chunkingDoesNotMatter(method: UInt16) throws {
    let archive = try ZipArchive(bytes: TestArchives.zip([.init("n.html", Self.newsletter, method: method)]))
    #expect(try readDribbling(archive.open(archive.entries[0])) == Array(Self.newsletter.utf8))
  }

  @Test func decodesUTF8AndCodePage437Names() throws {
    let archive = try ZipArchive(bytes: TestArchives.zip([
      .init("Ünïcødé 📎 Nachricht.txt", "x"),
      .init(rawName: [0x80, 0x81, 0x82, 0xE1, 0x20, 0xC9] + Array(".txt".utf8), data: Array("y".utf8)),
      .init(rawName: Array("plain-ascii.txt".utf8), data: []),
    ]))
    #expect(archive.entries.map(\.name) == ["Ünïcødé 📎 Nachricht.txt", "Çüéß ╔.txt", "plain-ascii.txt"])
    #expect(try text(archive, "Çüéß ╔.txt") == "y")
    #expect(CodePage437.decode(0x80...0xFF).count == 128)
    #expect(CodePage437.decode([0xFF]) == "\u{00A0}")
  }

  @Test func prefersAMatchingInfoZipUnicodePathField() throws {
    // Old tools store a CP437 (or local code page) name plus the UTF-8 name in field 0x7075,
    // tagged with the CRC-32 of the stored name; a stale field (CRC mismatch) is ignored.
    func entry(_ raw: String, unicode: String, crcOf stored: String) -> TestArchives.Entry {
      var entry = TestArchives.Entry(rawName: Array(raw.utf8), data: Array("x".utf8))
      let utf8 = Array(unicode.utf8)
      entry.extra.le16(0x7075)
      entry.extra.le16(UInt16(5 + utf8.count))
      entry.extra.append(1)
      entry.extra.le32(TestArchives.crc(Array(stored.utf8)))
      entry.extra += utf8
      return entry
    }
    let archive = try ZipArchive(bytes: TestArchives.zip([
      entry("Nachricht_.txt", unicode: "Nachricht für Ann.txt", crcOf: "Nachricht_.txt"),
      entry("renamed.txt", unicode: "stale name.txt", crcOf: "original.txt"),
    ]))
    #expect(archive.entries.map(\.name) == ["Nachricht für Ann.txt", "renamed.txt"])
  }

  @Test func skipsDirectories() throws {
    let archive = try ZipArchive(bytes: TestArchives.zip([
      .init("Takeout/", method: 0), .init("Takeout/Mail/", method: 0), .init("Takeout/Mail/x.mbox", "From a"),
    ]))
    #expect(archive.entries.map(\.name) == ["Takeout/Mail/x.mbox"])
    #expect(archive.entries[0].index == 2)
  }

  @Test func readsZip64FromPython() throws {
    // Made with CPython 3.11's zipfile, ZIP64_LIMIT patched to 10 bytes and
    // ZIP_FILECOUNT_LIMIT to 1 (as CPython's own tests do), both entries written with
    // `z.open(name, "w", force_zip64=True)`: sizes and the second offset sit in ZIP64 extra
    // fields, and a ZIP64 end record and locator precede the classic end record.
    let fixture = Array(Data(base64Encoded: """
      UEsDBC0AAAAIAAAAIQCbDf+N//////////8aABQAdGFrZW91dC9NYWlsL0FsbCBtYWlsLm1ib3gBABAAVwAAAAAAAABVAAAAAAAAAHMrys9VqHCoVPDNz1PwSsxTUDBUMDCwAiMFIwMjE67g0qSs1OQSK4WMTC6ujJKSgmIrff3ijPwCvdSKxNyCnFT94sScVPvSktz44vzSouRU27wcLgBQSwMELQAAAAgAAAAhAPMCOQP//////////xIAFAB0YWtlb3V0L3JlYWRtZS50eHQBABAAFwAAAAAAAAAZAAAAAAAAACtOTVXIKCkpKLbS10/US61IzC3ISdXnAgBQSwECLQMtAAAACAAAACEAmw3/jf//////////GgAUAAAAAAAAAAAAgAEAAAAAdGFrZW91dC9NYWlsL0FsbCBtYWlsLm1ib3gBABAAVwAAAAAAAABVAAAAAAAAAFBLAQItAy0AAAAIAAAAIQDzAjkD//////////8SABwAAAAAAAAAAACAAf////90YWtlb3V0L3JlYWRtZS50eHQBABgAFwAAAAAAAAAZAAAAAAAAAKEAAAAAAAAAUEsGBiwAAAAAAAAALQAtAAAAAAAAAAAAAgAAAAAAAAACAAAAAAAAALgAAAAAAAAA/gAAAAAAAABQSwYHAAAAALYBAAAAAAAAAQAAAFBLBQYAAAAAAgACALgAAAD+AAAAAAA=
      """, options: .ignoreUnknownCharacters)!)
    let archive = try ZipArchive(bytes: fixture)
    #expect(archive.entries.map(\.name) == ["takeout/Mail/All mail.mbox", "takeout/readme.txt"])
    #expect(archive.entries.map(\.uncompressedSize) == [87, 23])
    #expect(archive.entries.map(\.compressedSize) == [85, 25])
    #expect(archive.entries.map(\.localHeaderOffset) == [0, 161])
    #expect(try text(archive, "takeout/Mail/All mail.mbox").contains("https://shop.example/sale?utm_source=nl"))
    #expect(try text(archive, "takeout/readme.txt") == "see https://a.example/\n")
  }

  @Test func readsAZipNestedInAZip() throws {
    let inner = TestArchives.zip([.init("inner.txt", "https://nested.example/?utm_source=zip")])
    let outer = try ZipArchive(bytes: TestArchives.zip([.init(rawName: Array("inner.zip".utf8), data: inner, method: 0)]))
    let innerBytes = try outer.open(outer.entries[0]).readAll(limit: 1 << 20)
    let nested = try ZipArchive(bytes: innerBytes, limits: outer.limits, depth: 2, budget: outer.budget)
    #expect(try text(nested, "inner.txt") == "https://nested.example/?utm_source=zip")
    #expect(outer.budget.spent == Int64(inner.count) + 38)
    #expect(throws: ReaderError("containers nested 3 deep: darkshare opens at most 2 levels (a zip inside a zip is 2)")) {
      try ZipArchive(bytes: inner, depth: 3)
    }
  }

  @Test func readsAWhatsAppExportFromAFile() throws {
    let chat = """
      12/01/2024, 09:15 - Ann: the sale https://shop.example/sale?utm_source=whatsapp
      12/01/2024, 09:16 - Ann: IMG-20240112-WA0003.jpg (file attached)
      """
    let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0] + [UInt8](repeating: 0x42, count: 300) + [0xFF, 0xD9]
    let bytes = TestArchives.zip([
      .init("WhatsApp Chat with Ann.txt", chat),
      .init(rawName: Array("IMG-20240112-WA0003.jpg".utf8), data: jpeg, method: 0, flags: 0x800),
    ], comment: "exported")
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("darkshare-\(UUID()).zip").path
    // A stub before the zip, as a self-extractor has, shifts every offset: still read.
    #expect(FileManager.default.createFile(atPath: path, contents: Data(Array("#!stub\n".utf8) + bytes)))
    defer { try? FileManager.default.removeItem(atPath: path) }
    let archive = try ZipArchive(path: path)
    #expect(archive.entries.map(\.name) == ["WhatsApp Chat with Ann.txt", "IMG-20240112-WA0003.jpg"])
    #expect(try text(archive, "WhatsApp Chat with Ann.txt") == chat)
    #expect(try archive.open(archive.entries[1]).readAll(limit: 1000) == jpeg)
  }

  @Test func aMissingFileIsAReaderError() {
    let error = #expect(throws: ReaderError.self) { try ZipArchive(path: "/nonexistent/darkshare.zip") }
    #expect(error?.message == "cannot read the file (No such file or directory)")
  }
}

import DarkshareCore
import DarkshareKit
import DarkshareTestSupport
import Foundation
import Testing

/// zip and gzip inputs end to end: entries are audited as documents named `archive.zip!/entry`,
/// bombs and broken entries are errors that leave the rest of the run alone, and nothing is
/// ever written where an entry name points.
@Suite struct ContainerInputTests {
  private static let chat = """
    12/01/2025, 09:14 - Ann: Look at this https://ferries.example/routes?utm_source=whatsapp&utm_medium=social&utm_campaign=winter
    12/01/2025, 09:15 - Tom: and https://shop.example/boots

    """

  private static let html = #"<html><body><a href="https://shop.example/sale">Sale</a></body></html>"#

  private func folder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("darkshare-zip-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
  }

  private func write(_ bytes: [UInt8], _ name: String, in folder: URL) -> String {
    let path = folder.appendingPathComponent(name).path
    _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
    return path
  }

  private func json(_ run: DarkshareRun) throws -> [String: Any] {
    try #require(JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
  }

  @Test func aWhatsAppExportZipIsReadAndItsMediaPassedOver() throws {
    let folder = try folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let zip = TestArchives.zip([
      .init("WhatsApp Chat with Ann.txt", Self.chat),
      .init(rawName: Array("IMG-20250112-WA0001.jpg".utf8), data: [0xFF, 0xD8, 0xFF, 0xE0, 0, 0, 0]),
    ])
    let path = write(zip, "export.zip", in: folder)
    let run = try runDarkshare(["links", "--format", "ndjson", path])
    #expect(run.exitCode == 0, "\(run.standardError)")
    let lines = run.standardOutput.split(separator: "\n").map { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    #expect(lines.count == 2)
    #expect(lines.allSatisfy { $0?["file"] as? String == path + "!/WhatsApp Chat with Ann.txt" })
    #expect(lines.map { $0?["status"] as? String } == ["tracked", "dark"])
    #expect(lines.map { $0?["channel"] as? String } == ["chat", "chat"])
  }

  @Test func aGzippedMboxReadsLikeTheMbox() throws {
    let folder = try folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let mbox = try Array(Data(contentsOf: Corpus.packageRoot.appendingPathComponent("corpora/mbox/takeout-newsletters.mbox")))
    let plain = write(mbox, "news.mbox", in: folder)
    let gzipped = write(TestArchives.deflate(mbox, windowBits: 31), "news.mbox.gz", in: folder)
    let a = try runDarkshare(["links", "--format", "ndjson", plain])
    let b = try runDarkshare(["links", "--format", "ndjson", gzipped])
    #expect(a.exitCode == 0 && b.exitCode == 0)
    #expect(!a.standardOutput.isEmpty)
    #expect(b.standardOutput == a.standardOutput.replacingOccurrences(of: "news.mbox\"", with: "news.mbox.gz\""))
  }

  @Test func bombsAndBrokenEntriesAreErrorsAndTheRestIsStillAudited() throws {
    let folder = try folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    var corrupt = TestArchives.Entry("broken.html", Self.html)
    corrupt.declaredCRC = 0xDEAD_BEEF
    var bomb = TestArchives.Entry(rawName: Array("zeros.html".utf8), data: [])
    bomb.compressed = TestArchives.deflatedZeros(64 << 20, windowBits: -15)
    bomb.declaredSize = 64 << 20
    let zip = TestArchives.zip([corrupt, bomb, .init("good.html", Self.html)])
    let archive = write(zip, "mixed.zip", in: folder)
    let gzipBomb = write(TestArchives.deflatedZeros(256 << 20, windowBits: 31), "zeros.html.gz", in: folder)
    let truncated = write(Array(zip.prefix(zip.count - 30)), "cut.zip", in: folder)
    let after = write(Array(Self.html.utf8), "after.html", in: folder)
    let run = try runDarkshare(["audit", "--format", "json", archive, gzipBomb, truncated, after])
    #expect(run.exitCode == 2)
    let report = try json(run)
    let errors = try #require(report["errors"] as? [[String: String]])
    let byFile = Dictionary(errors.map { ($0["file"] ?? "", $0["error"] ?? "") }, uniquingKeysWith: { $0 + "; " + $1 })
    #expect(byFile[archive + "!/broken.html"]?.contains("CRC-32") == true)
    #expect(byFile[archive + "!/zeros.html"]?.contains("decompression bomb") == true)
    #expect(byFile[gzipBomb]?.contains("decompression bomb") == true)
    #expect(byFile[truncated]?.contains("zip") == true)
    let findings = try #require(report["findings"] as? [[String: Any]])
    let files = Set(findings.compactMap { $0["file"] as? String })
    #expect(files == [archive + "!/good.html", after])
  }

  @Test func entryNamesAreLabelsNeverPaths() throws {
    let folder = try folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let work = folder.appendingPathComponent("work")
    try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    let zip = TestArchives.zip([.init("../../escaped.html", Self.html), .init("/abs/olute.html", Self.html)])
    let path = write(zip, "evil.zip", in: work)
    let run = try runDarkshare(["links", "--format", "ndjson", path], in: work)
    #expect(run.exitCode == 0)
    let files = run.standardOutput.split(separator: "\n").compactMap {
      (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["file"] as? String
    }
    #expect(files == [path + "!/../../escaped.html", path + "!//abs/olute.html"])
    let everything = try FileManager.default.subpathsOfDirectory(atPath: folder.path).sorted()
    #expect(everything == ["work", "work/evil.zip"])
  }

  @Test func directoriesPickUpZipsAndCompressedInputsButNotTarballs() throws {
    let folder = try folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    for name in ["a.zip", "b.mbox.gz", "c.html.gz", "d.tar.gz", "e.gz", "f.png.gz"] { _ = write([], name, in: folder) }
    let names = InputResolver().resolve([folder.path]).map { ($0.displayName as NSString).lastPathComponent }
    #expect(names == ["a.zip", "b.mbox.gz", "c.html.gz"])
  }

  /// Archives are never rewritten (SPEC §8): SARIF offers no in-place fix inside a `.gz`.
  @Test func noFixIsOfferedInsideAnArchive() throws {
    let folder = try folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let plain = write(Array(Self.html.utf8), "plain.html", in: folder)
    let gzipped = write(TestArchives.deflate(Array(Self.html.utf8), windowBits: 31), "packed.html.gz", in: folder)
    #expect(try runDarkshare(["audit", "--format", "sarif", plain]).standardOutput.contains("\"fixes\""))
    let archived = try runDarkshare(["audit", "--format", "sarif", gzipped])
    #expect(archived.standardOutput.contains("untagged-link"))
    #expect(!archived.standardOutput.contains("\"fixes\""))
  }

  @Test func aZipOfNothingReadableSaysSo() throws {
    let result = Auditor().audit(bytes: TestArchives.zip([.init(rawName: Array("a.jpg".utf8), data: [0xFF, 0xD8, 0, 1])]), file: "photos.zip")
    #expect(result.error?.contains("holds no file darkshare reads") == true)
  }
}

import DarkshareTestSupport
import Foundation
import Testing

@testable import DarkshareReaders

/// Every zip and gzip in the shared real-world folder opens and every entry reads; counts
/// checked by hand for the WhatsApp export zip (`unzip -l`, Python's zipfile).
@Suite(.enabled(if: RealWorld.isAvailable)) struct ContainerRealWorldTests {
  @Test func whatsAppExportZip() throws {
    let path = RealWorld.directory.appendingPathComponent("im-chat-analytics/whatsapp/4A_11M.zip").path
    try #require(FileManager.default.fileExists(atPath: path))
    let archive = try ZipArchive(path: path)
    #expect(archive.entries.map(\.name) == ["_chat.txt"])
    #expect(archive.entries[0].method == 8)
    #expect(archive.entries[0].compressedSize == 299)
    let text = String(decoding: try archive.open(archive.entries[0]).readAll(limit: 1 << 20), as: UTF8.self)
    #expect(text.utf8.count == 627)
    #expect(text.hasPrefix("12/9/20, 23:55 - Messages and calls are end-to-end encrypted."))
  }

  @Test func everyContainerReads() throws {
    for file in RealWorld.files(withExtensions: ["zip", "gz"]) {
      let path = RealWorld.directory.appendingPathComponent(file).path
      if file.lowercased().hasSuffix(".gz") {
        _ = try GzipContainer.open(FileByteSource(path: path)).readAll(limit: 256 << 20)
      } else {
        let archive = try ZipArchive(path: path)
        for entry in archive.entries where entry.unsupportedReason == nil {
          _ = try archive.open(entry).readAll(limit: 256 << 20)
        }
      }
    }
  }
}

import DarkshareCore
import DarkshareKit
import Foundation
import Testing

/// `.eml` inputs end to end: directories pick them up, the auditor reads them as mail.
@Suite struct EMLInputTests {
  @Test func directoriesPickUpEMLFiles() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("darkshare-eml-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    for name in ["a.eml", "b.EML", "c.html", "d.png", "e.txt", "f.json"] {
      FileManager.default.createFile(atPath: folder.appendingPathComponent(name).path, contents: Data())
    }
    let telegram = Data(#"{"name": "Chat", "type": "personal_chat", "messages": []}"#.utf8)
    FileManager.default.createFile(atPath: folder.appendingPathComponent("g.json").path, contents: telegram)
    let names = InputResolver().resolve([folder.path]).map { ($0.displayName as NSString).lastPathComponent }
    // .txt is read (chat export or plain text); .json only when it is a Telegram export.
    #expect(names == ["a.eml", "b.EML", "c.html", "e.txt", "g.json"])
  }

  @Test func listUnsubscribeLinksAreExcludedAndMessagesCounted() {
    let mail = """
      From: Shop <news@shop.example>
      Subject: Sale
      List-Unsubscribe: <https://shop.example/bye?u=1>
      Content-Type: text/plain

      Sale: https://shop.example/sale
      Leave: https://shop.example/bye?u=1
      """
    let result = Auditor().audit(bytes: Array(mail.utf8), file: "sale.eml")
    #expect(result.error == nil)
    #expect(result.messages == 1)
    #expect(result.links.map(\.status) == [.dark, .excluded])
    #expect(result.links.allSatisfy { $0.link.message?.subject == "Sale" })
  }
}

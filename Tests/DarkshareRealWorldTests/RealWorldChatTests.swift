import DarkshareKit
import DarkshareReaders
import DarkshareTestSupport
import Foundation
import Testing

/// Every WhatsApp `.txt` and Telegram `.json` export in the shared real-world folder is claimed by
/// its reader and read without error. Skipped when the folder is absent.
@Suite(.enabled(if: RealWorld.isAvailable)) struct RealWorldChatTests {
  static var whatsApp: [String] {
    RealWorld.files(withExtensions: ["txt"]).filter { $0.contains("whatsapp/") || $0.hasPrefix("wa-") }
  }
  static var telegram: [String] {
    RealWorld.files(withExtensions: ["json"]).filter { $0.contains("telegram/") && !$0.hasSuffix("target.json") }
  }

  @Test func samplesArePresent() {
    #expect(Self.whatsApp.count >= 10)
    #expect(Self.telegram.count >= 3)
  }

  @Test(arguments: whatsApp + telegram)
  func readsWithoutError(_ file: String) throws {
    let bytes = try Array(Data(contentsOf: RealWorld.directory.appendingPathComponent(file)))
    let reader = BuiltInReaders.reader(forPath: file, head: bytes.prefix(4096))
    #expect(reader.map { $0.format } == (file.hasSuffix(".json") ? "telegram" : "whatsapp"))
    let result = Auditor().audit(bytes: bytes, file: file)
    #expect(result.error == nil, "\(file): \(result.error ?? "")")
  }
}

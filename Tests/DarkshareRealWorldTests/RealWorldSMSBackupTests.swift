import DarkshareKit
import DarkshareReaders
import DarkshareTestSupport
import Foundation
import Testing

/// Every SMS Backup & Restore XML in the shared real-world folder (`sms-*`) is read without a
/// crash; the deliberately invalid ones get a per-file error instead. Skipped when the folder is
/// absent.
@Suite(.enabled(if: RealWorld.isAvailable)) struct RealWorldSMSBackupTests {
  static var backups: [String] {
    RealWorld.files(withExtensions: ["xml"]).filter { $0.hasPrefix("sms-") }
  }

  @Test func samplesArePresent() {
    #expect(Self.backups.count >= 15)
  }

  @Test(arguments: backups)
  func readsWithoutCrash(_ file: String) throws {
    let bytes = try Array(Data(contentsOf: RealWorld.directory.appendingPathComponent(file)))
    let reader = BuiltInReaders.reader(forPath: file, head: bytes.prefix(4096))
    let result = Auditor().audit(bytes: bytes, file: file)
    if reader == nil {
      // A calls backup (`<calls>` root) is no SMS backup: an unknown format.
      #expect(result.error != nil)
      return
    }
    #expect(reader.map { $0.format } == "sms-backup")
    // Known broken samples: a truncated file and a file with a broken attribute.
    let invalid = ["sms-devadvance-reader2/sms_and_mms.xml", "sms-shruggietech-parser/malformed.xml"]
    #expect((result.error != nil) == invalid.contains(file), "\(file): \(result.error ?? "")")
  }
}

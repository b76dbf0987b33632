import DarkshareTestSupport
import Foundation
import Testing

/// What the schema tests share: whether the reference schemas are there, and temporary files
/// for the validators (run with ``runTool(_:)``).
enum SchemaValidation {
  static var referenceIsAvailable: Bool {
    FileManager.default.fileExists(atPath: Corpus.sharedReference.path)
  }

  /// Writes `text` to a fresh temporary file and returns its path.
  static func temporaryFile(_ text: String, extension ext: String) throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("darkshare-\(UUID().uuidString).\(ext)")
    try Data(text.utf8).write(to: url)
    return url.path
  }
}

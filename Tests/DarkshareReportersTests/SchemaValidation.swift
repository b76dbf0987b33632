import DarkshareTestSupport
import Foundation
import Testing

/// Runs the reference validators the schema tests need, failing with what to install when
/// one is missing.
enum SchemaValidation {
  /// `shared/reference` beside the package (`<package>/../shared/reference`).
  static let referenceDirectory = Corpus.packageRoot.deletingLastPathComponent()
    .appendingPathComponent("shared/reference")

  static var referenceIsAvailable: Bool {
    FileManager.default.fileExists(atPath: referenceDirectory.path)
  }

  struct Run {
    var status: Int32
    var output: String
  }

  /// Runs `arguments` through `/usr/bin/env` (so `PATH` finds the tool), output and error merged.
  static func run(_ arguments: [String]) throws -> Run {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Run(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
  }

  /// Writes `text` to a fresh temporary file and returns its path.
  static func temporaryFile(_ text: String, extension ext: String) throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("darkshare-\(UUID().uuidString).\(ext)")
    try Data(text.utf8).write(to: url)
    return url.path
  }
}

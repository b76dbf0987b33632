import Foundation

/// A new, empty folder under the system's temporary directory, named `PREFIX-UUID`; the caller
/// removes it.
public func makeTemporaryDirectory(_ prefix: String = "darkshare") throws -> URL {
  let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

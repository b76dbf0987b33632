import Foundation

/// Third-party material in the shared folder beside the project (`../shared/realworld`).
/// Tests that use it skip when it is absent; its files are never copied into the project.
public enum RealWorld {
  public static let directory = Corpus.packageRoot.deletingLastPathComponent()
    .appendingPathComponent("shared/realworld")

  public static var isAvailable: Bool {
    FileManager.default.fileExists(atPath: directory.path)
  }

  /// Paths (relative to `directory`) of files whose name ends with one of `extensions`.
  public static func files(withExtensions extensions: Set<String>) -> [String] {
    guard let enumerator = FileManager.default.enumerator(atPath: directory.path) else { return [] }
    var found = [String]()
    while let entry = enumerator.nextObject() as? String {
      if extensions.contains((entry as NSString).pathExtension.lowercased()) { found.append(entry) }
    }
    return found.sorted()
  }
}

import DarkshareJudgement
import Foundation

/// Resolutions remembered between runs, in a JSON file, each for a limited time.
struct ResolutionCache {
  private struct Entry: Codable {
    var resolution: Resolution
    var date: Date
  }

  private let file: URL?
  private let lifetime: TimeInterval
  private var entries: [String: Entry] = [:]
  private var changed = false

  init(file: URL?, lifetime: TimeInterval) {
    self.file = file
    self.lifetime = lifetime
    if let file, let data = try? Data(contentsOf: file),
      let stored = try? JSONDecoder().decode([String: Entry].self, from: data)
    {
      entries = stored
    }
  }

  func lookup(_ url: String) -> Resolution? {
    guard let entry = entries[url], Date().timeIntervalSince(entry.date) < lifetime else { return nil }
    return entry.resolution
  }

  mutating func store(_ resolution: Resolution, for url: String) {
    entries[url] = Entry(resolution: resolution, date: Date())
    changed = true
  }

  /// Writes the file atomically; a cache that cannot be written is skipped silently (it only
  /// saves requests).
  func save() {
    guard changed, let file else { return }
    try? FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    if let data = try? encoder.encode(entries.filter { Date().timeIntervalSince($0.value.date) < lifetime }) {
      try? data.write(to: file, options: .atomic)
    }
  }
}

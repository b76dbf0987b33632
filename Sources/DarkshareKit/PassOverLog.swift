import Foundation

/// The inputs a run passed over while reading them: files a walk chose only by sniffing
/// (`.json`, `.xml`, `.csv`, `.txt`, a glob's pick) that turned out not to be a format darkshare
/// reads (its reader says it is not that format: ``ReaderError/saysNotThisFormat``; a damaged
/// file of the format, a truncated SMS backup, stays an error). `--verbose` lists them; they are
/// not errors.
///
/// A class with a lock because inputs are read on several tasks at once.
public final class PassOverLog: @unchecked Sendable {
  private let lock = NSLock()
  private var entries: [PassedOver] = []

  public init() {}

  /// Notes `entry`.
  func add(_ entry: PassedOver) {
    lock.lock()
    defer { lock.unlock() }
    entries.append(entry)
  }

  /// What was passed over, sorted by path (inputs finish in any order).
  public var passedOver: [PassedOver] {
    lock.lock()
    defer { lock.unlock() }
    return entries.sorted { $0.path < $1.path }
  }

  /// Whether `path` names a file that can be read: a file that cannot be opened is an error,
  /// never passed over.
  func isReadable(_ path: String) -> Bool {
    FileManager.default.isReadableFile(atPath: path)
  }
}

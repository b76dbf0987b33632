#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import Foundation

/// Draws a ``ProgressMeter`` on standard error, a terminal: one line, redrawn four times a
/// second once the run has taken a second, and cleared at the end. When the report goes to the
/// same terminal, every report write clears the line first (``suspended(_:)``), so the report
/// never has progress text inside it.
///
/// ```
/// darkshare  [#########-----------]  45%  450 MB of 1.0 GB · 1 of 3 inputs · 512,331 links · 0:17
/// ```
public final class ProgressDisplay: @unchecked Sendable {
  private let meter: ProgressMeter
  private let lock = NSLock()
  private let started = Date()
  private var isShown = false
  private var isStopped = false
  private var ticker: Task<Void, Never>?

  public init(meter: ProgressMeter) {
    self.meter = meter
  }

  /// Whether a progress line belongs on this run's standard error: a terminal, and not `--quiet`.
  public static func wanted(quiet: Bool) -> Bool {
    !quiet && isatty(STDERR_FILENO) == 1
  }

  /// Starts redrawing.
  public func start() {
    ticker = Task.detached { [self] in
      while !Task.isCancelled {
        try? await Task.sleep(nanoseconds: 250_000_000)
        if Date().timeIntervalSince(started) >= 1 { draw() }
      }
    }
  }

  /// Stops redrawing and clears the line.
  public func stop() async {
    ticker?.cancel()
    await ticker?.value
    lock.withLock {
      isStopped = true
      clear()
    }
  }

  /// Runs `write` (a report write to the same terminal) with the progress line cleared.
  public func suspended(_ write: () -> Void) {
    lock.withLock {
      clear()
      write()
    }
  }

  private func draw() {
    let line = Self.line(meter.current, elapsed: Date().timeIntervalSince(started))
    lock.withLock {
      guard !isStopped else { return }
      Self.writeError("\r" + line + "\u{1B}[K")
      isShown = true
    }
  }

  /// Clears the line; the caller holds the lock.
  private func clear() {
    guard isShown else { return }
    Self.writeError("\r\u{1B}[K")
    isShown = false
  }

  private static func writeError(_ text: String) {
    var bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
      let written = bytes.withUnsafeMutableBytes { write(STDERR_FILENO, $0.baseAddress! + offset, $0.count - offset) }
      if written <= 0 { return }
      offset += written
    }
  }

  /// The progress line for `snapshot` after `elapsed` seconds.
  static func line(_ snapshot: ProgressMeter.Snapshot, elapsed: TimeInterval) -> String {
    var parts = [String]()
    if let total = snapshot.totalBytes, total > 0 {
      let fraction = min(1, Double(snapshot.bytesRead) / Double(total))
      let filled = Int(fraction * 20)
      parts.append(
        "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: 20 - filled) + "] "
          + String(format: "%3d%%", Int(fraction * 100)) + "  " + bytes(snapshot.bytesRead) + " of " + bytes(total))
    } else {
      parts.append(bytes(snapshot.bytesRead) + " read")
    }
    parts.append("\(snapshot.inputsDone) of \(snapshot.inputs) " + (snapshot.inputs == 1 ? "input" : "inputs"))
    parts.append(grouped(snapshot.links) + (snapshot.links == 1 ? " link" : " links"))
    let seconds = Int(elapsed)
    parts.append("\(seconds / 60):" + String(format: "%02d", seconds % 60))
    return "darkshare  " + parts.joined(separator: " · ")
  }

  /// `450 MB`, `1.0 GB`, `12 KB` (decimal units, as file managers show sizes).
  static func bytes(_ count: Int) -> String {
    switch count {
    case ..<1_000: return "\(count) B"
    case ..<1_000_000: return "\(count / 1_000) KB"
    case ..<1_000_000_000: return "\(count / 1_000_000) MB"
    default: return String(format: "%.1f GB", Double(count) / 1e9)
    }
  }

  /// `512,331`.
  static func grouped(_ count: Int) -> String {
    var digits = String(count)
    var out = ""
    while digits.count > 3 {
      out = "," + digits.suffix(3) + out
      digits.removeLast(3)
    }
    return digits + out
  }
}

import DarkshareCore
import DarkshareReporters
import Foundation

/// Errors and the one-line summary on standard error, for a run whose report goes to a file
/// or is for a program (json, sarif, …): `darkshare: error: FILE: reason` as each input fails,
/// and the text report's summary line at the end (left out with `--quiet`).
final class StandardErrorEcho {
  private var summaryLine: TextReporter
  private let progress: ProgressDisplay?

  init(kind: ReportOptions.Kind, quiet: Bool, progress: ProgressDisplay?) {
    summaryLine = TextReporter(options: ReportOptions(kind: kind, useColor: false, quiet: quiet))
    self.progress = progress
  }

  func record(_ result: FileResult) {
    guard let error = result.error else { return }
    write("darkshare: error: \(result.file.terminalSafe): \(error.terminalSafe)\n")
  }

  func finish(_ summary: AuditSummary) {
    write(summaryLine.finish(summary))
  }

  private func write(_ text: String) {
    guard !text.isEmpty else { return }
    let data = Data(text.utf8)
    guard let progress else { return FileHandle.standardError.write(data) }
    progress.suspended { FileHandle.standardError.write(data) }
  }
}

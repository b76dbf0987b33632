import DarkshareReporters

/// One report of a run: a `--format` identifier from ``BuiltInReporters`` and the file it is
/// written to (atomically); nil for the run's main report, which goes to `--output` or
/// standard output.
public struct ReportTarget: Sendable, Hashable {
  public var format: String
  public var file: String?

  public init(format: String, file: String? = nil) {
    self.format = format
    self.file = file
  }

  /// Reads a `--format` value, `NAME` or `NAME:FILE` (`sarif:out.sarif`); the file may itself
  /// hold colons, the name never does.
  /// - Throws: ``ReportWriteError`` for an unknown name or an empty file.
  public init(parsing value: String) throws(ReportWriteError) {
    let name = value.prefix { $0 != ":" }
    guard Self.formats.contains(String(name)) else {
      throw ReportWriteError(
        message: "unknown format '\(name)'; use one of \(Self.formats.joined(separator: ", "))"
          + ", optionally as NAME:FILE")
    }
    format = String(name)
    guard name.endIndex < value.endIndex else { return }
    let path = String(value[value.index(after: name.endIndex)...])
    guard !path.isEmpty else { throw ReportWriteError(message: "--format \(name): names no file; write \(name):FILE, or \(name) alone") }
    file = path
  }

  /// Every `--format` name: the reporters', `sqlite` (the audit database) and `html` (its report).
  public static let formats = BuiltInReporters.all.map { $0.identifier } + [AuditDatabase.format, HTMLReportRenderer.format]

  /// Whether a report in `format` of `kind` shows findings' messages or suggestions: the
  /// reporter says; the audit database and the HTML report always hold them.
  public static func showsFindingExplanations(format: String, in kind: ReportOptions.Kind) -> Bool {
    BuiltInReporters.reporter(named: format)?.showsFindingExplanations(in: kind) ?? true
  }

  /// The formats whose report is for programs, not people: when only these are on standard
  /// output (or the report goes to a file), errors and the summary also go to standard error.
  public var isMachineFormat: Bool { format != TextReporter.identifier }
}

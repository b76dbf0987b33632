import DarkshareCore
import DarkshareReporters
import Foundation

/// What `darkshare audit` and `darkshare links` were asked to do.
public struct AuditRequest: Sendable {
  public var paths: [String]
  public var kind: ReportOptions.Kind
  /// A `--format` identifier from ``BuiltInReporters``.
  public var format: String
  /// Write the report here (atomically) instead of standard output.
  public var output: String?
  /// The lowest severity that makes the run fail (exit 1); nil never fails on findings.
  public var failOn: Severity?
  public var jobs: Int
  public var quiet: Bool
  /// Colour the text report (``TerminalSupport/reportWantsColor(_:writingToFile:)`` decides).
  public var useColor: Bool
  /// `--config FILE`; nil uses the nearest `.darkshare.yml` upward from each input.
  public var configurationFile: String?
  /// `--baseline FILE`: findings recorded there are not reported.
  public var baselineFile: String?
  /// `--write-baseline FILE`: record every finding of this run there.
  public var writeBaselineFile: String?
  /// `--redact`: mask per-recipient values in every report.
  public var redact: Bool
  /// `--resolve`: follow shortener and opaque redirects over the network, with these options.
  public var resolve: ResolveOptions?
  /// Draw a progress line on standard error (a terminal) while the run lasts.
  public var showsProgress: Bool

  public init(
    paths: [String], kind: ReportOptions.Kind, format: String, output: String? = nil, failOn: Severity? = .error,
    jobs: Int = ProcessInfo.processInfo.activeProcessorCount, quiet: Bool = false, useColor: Bool = false,
    configurationFile: String? = nil, baselineFile: String? = nil, writeBaselineFile: String? = nil, redact: Bool = false,
    resolve: ResolveOptions? = nil, showsProgress: Bool = false
  ) {
    self.showsProgress = showsProgress
    self.resolve = resolve
    self.configurationFile = configurationFile
    self.baselineFile = baselineFile
    self.writeBaselineFile = writeBaselineFile
    self.redact = redact
    self.paths = paths
    self.kind = kind
    self.format = format
    self.output = output
    self.failOn = failOn
    self.jobs = jobs
    self.quiet = quiet
    self.useColor = useColor
  }
}

/// The exit codes of SPEC §5, documented in the README.
public enum DarkshareExitCode: Int32, Sendable {
  /// Nothing at or above `--fail-on`.
  case clean = 0
  /// Findings at or above `--fail-on`.
  case findings = 1
  /// A usage or configuration error, or an input that could not be read.
  case usageOrInputError = 2
}

/// Runs an audit or an inventory end to end: resolve inputs, audit them on all cores, stream
/// the report in input order, and decide the exit code.
public enum AuditCommand {
  /// Runs `request`; returns the exit code.
  /// - Throws: ``ReportWriteError`` when `--output` or `--write-baseline` cannot be written,
  ///   ``ConfigurationError`` when the configuration cannot be used, ``BaselineError`` when
  ///   `--baseline` cannot be read.
  public static func run(_ request: AuditRequest) async throws -> DarkshareExitCode {
    guard let reporterType = BuiltInReporters.reporter(named: request.format) else {
      throw ReportWriteError(message: "unknown format '\(request.format)'")
    }
    var reporter = reporterType.init(
      options: ReportOptions(kind: request.kind, useColor: request.useColor, quiet: request.quiet))
    var configurations = ConfigurationResolver(override: request.configurationFile)
    let inputs = try InputResolver().resolve(request.paths).map { input in
      AuditJob(input: input, auditor: try configurations.auditor(for: input))
    }
    var accepted = try request.baselineFile.map { path throws(BaselineError) in try Baseline(contentsOf: URL(fileURLWithPath: path)) }
    let redactor = request.redact ? Redactor() : nil
    let meter = request.showsProgress ? ProgressMeter() : nil
    let progress = meter.map(ProgressDisplay.init)
    let sink = try ReportSink(path: request.output, progress: progress)
    var summary = AuditSummary()
    var recorded = Baseline()
    let resolver = request.resolve.map(RedirectResolver.init)
    progress?.start()
    await AuditSession(jobs: request.jobs, resolver: resolver, meter: meter).run(inputs) { result in
      if request.writeBaselineFile != nil { recorded.record(result) }
      var shown = accepted?.consume(result) ?? result
      if accepted != nil { summary.addHeldBack(result.findings.count - shown.findings.count) }
      if let redactor { shown = redactor.redact(shown) }
      summary.add(shown)
      sink.write(reporter.record(shown))
    }
    await resolver?.finish()
    await progress?.stop()
    sink.write(reporter.finish(summary))
    try sink.close()
    if let path = request.writeBaselineFile {
      let baseline = try ReportSink(path: path)
      baseline.write(String(decoding: recorded.data(), as: UTF8.self))
      try baseline.close()
    }
    if !summary.errors.isEmpty { return .usageOrInputError }
    if let threshold = request.failOn, summary.hasFindings(atOrAbove: threshold) { return .findings }
    return .clean
  }
}

/// `--output` could not be written.
public struct ReportWriteError: Error, CustomStringConvertible {
  public var message: String
  public var description: String { message }
}

/// Where a report goes: standard output as it is produced, or a file written atomically: the
/// report streams into a temporary file beside the target, which is renamed over the target
/// at the end, so a reader never sees half a report and memory does not grow with its size.
/// A target that exists and is not a regular file (`/dev/null`, a FIFO, `/dev/stdout`) is
/// written directly: renaming over a device would replace it.
final class ReportSink {
  private let target: URL?
  private let temporary: URL?
  private let handle: FileHandle
  /// The progress line to clear before each write, when the report shares its terminal.
  private var progress: ProgressDisplay?

  /// - Throws: ``ReportWriteError`` when the temporary file cannot be created.
  init(path: String?, progress: ProgressDisplay? = nil) throws {
    guard let path else {
      target = nil
      temporary = nil
      handle = FileHandle.standardOutput
      self.progress = isatty(STDOUT_FILENO) == 1 ? progress : nil
      return
    }
    let target = URL(fileURLWithPath: path)
    if let type = try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType,
      type != .typeRegular, type != .typeDirectory
    {
      guard let handle = FileHandle(forWritingAtPath: path) else {
        throw ReportWriteError(message: "cannot write '\(path)'")
      }
      self.target = nil
      self.temporary = nil
      self.handle = handle
      return
    }
    let temporary = target.deletingLastPathComponent()
      .appendingPathComponent(".\(target.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
    guard FileManager.default.createFile(atPath: temporary.path, contents: nil),
      let handle = try? FileHandle(forWritingTo: temporary)
    else {
      throw ReportWriteError(message: "cannot write '\(path)': cannot create a file in '\(target.deletingLastPathComponent().path)'")
    }
    self.target = target
    self.temporary = temporary
    self.handle = handle
  }

  func write(_ text: String) {
    guard !text.isEmpty else { return }
    guard let progress else { return handle.write(Data(text.utf8)) }
    progress.suspended { handle.write(Data(text.utf8)) }
  }

  func close() throws {
    guard let target, let temporary else {
      if handle !== FileHandle.standardOutput { try? handle.close() }
      return
    }
    do {
      try handle.close()
    } catch {
      try? FileManager.default.removeItem(at: temporary)
      throw ReportWriteError(message: "cannot write '\(target.path)': \(InputResolver.reason(error))")
    }
    // rename(2) replaces the target atomically (Foundation's replaceItemAt on Linux removed the
    // old report and then failed, losing both).
    guard rename(temporary.path, target.path) == 0 else {
      let reason = String(cString: strerror(errno))
      try? FileManager.default.removeItem(at: temporary)
      throw ReportWriteError(message: "cannot write '\(target.path)': \(reason)")
    }
  }
}

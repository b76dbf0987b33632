import DarkshareCore
import DarkshareReaders
import DarkshareReporters
import Foundation

/// What `darkshare audit` and `darkshare links` were asked to do.
public struct AuditRequest: Sendable {
  public var paths: [String]
  public var kind: ReportOptions.Kind
  /// The reports to write, every one from the same single reading of the inputs; at most one
  /// without a file (it goes to ``output`` or standard output). Empty means one `text` report.
  public var reports: [ReportTarget]
  /// Write the report without a file of its own here (atomically) instead of standard output.
  public var output: String?
  /// The lowest severity that makes the run fail (exit 1); nil never fails on findings.
  public var failOn: Severity?
  /// How many inputs to read at once; nil for one per core, counted only when there is more
  /// than one input (counting reads the cgroup's CPU quota, which a one-file gate need not pay).
  public var jobs: Int?
  public var quiet: Bool
  /// Colour the text report (``TerminalSupport/reportWantsColor(_:writingToFile:)`` decides).
  public var useColor: Bool
  /// `--config FILE`; nil uses the nearest `.darkshare.yml` upward from each input.
  public var configurationFile: String?
  /// `--baseline FILE`: findings recorded there are not reported.
  public var baselineFile: String?
  /// `--write-baseline FILE`: record every finding of this run there.
  public var writeBaselineFile: String?
  /// `--redact`: mask personal data (addresses, numbers, contact names, recipient ids) in every report.
  public var redact: Bool
  /// `--resolve`: follow shortener and opaque redirects over the network, with these options.
  public var resolve: ResolveOptions?
  /// Draw a progress line on standard error (a terminal) while the run lasts.
  public var showsProgress: Bool
  /// `--include GLOB`: what a folder walk reads, added to the configuration's `include:`.
  public var include: [String] = []
  /// `--exclude GLOB`: what a folder walk leaves out, added to the configuration's `exclude:`.
  public var exclude: [String] = []
  /// `--verbose`: list on standard error what walks and reading passed over, and why.
  public var verbose = false
  /// `--input-format`: read standard input and the files named in ``paths`` as this
  /// ``InputReader/format`` instead of sniffing it; files found in folders are still sniffed.
  public var inputFormat: String?
  /// `--stdin-filename`: the name standard input goes by in reports, for configuration
  /// discovery, for sniffing its format and for the `{stem}` of suggestions.
  public var standardInputName: String?
  /// `--input-list FILE|-`: more paths to read, listed one a line in this file (`-`: standard
  /// input), after those in ``paths``.
  public var inputList: String?
  /// `-0`: the ``inputList`` separates its paths with NUL instead of line breaks.
  public var inputListIsNULSeparated = false
  /// With a `sqlite` report: audit again the inputs the database already holds.
  public var refresh = false
  /// `--shard I/N`: read only the inputs of this shard (after folder walks; see ``Shard``).
  public var shard: Shard?

  /// The values `--input-format` accepts: the names the readers call themselves.
  public static var inputFormats: [String] { BuiltInReaders.formats }

  public init(
    paths: [String], kind: ReportOptions.Kind, reports: [ReportTarget] = [], output: String? = nil, failOn: Severity? = .error,
    jobs: Int? = nil, quiet: Bool = false, useColor: Bool = false,
    configurationFile: String? = nil, baselineFile: String? = nil, writeBaselineFile: String? = nil, redact: Bool = false,
    resolve: ResolveOptions? = nil, showsProgress: Bool = false, inputFormat: String? = nil,
    standardInputName: String? = nil
  ) {
    self.inputFormat = inputFormat
    self.standardInputName = standardInputName
    self.showsProgress = showsProgress
    self.resolve = resolve
    self.configurationFile = configurationFile
    self.baselineFile = baselineFile
    self.writeBaselineFile = writeBaselineFile
    self.redact = redact
    self.paths = paths
    self.kind = kind
    self.reports = reports
    self.output = output
    self.failOn = failOn
    self.jobs = jobs
    self.quiet = quiet
    self.useColor = useColor
  }

  /// Each report with the file it is written to (nil: standard output).
  /// - Throws: ``ReportWriteError`` when two reports lack a file, two share one, or `--output`
  ///   is given while every report names its own file.
  public func destinations() throws(ReportWriteError) -> [(format: String, file: String?)] {
    let reports = reports.isEmpty ? [ReportTarget(format: TextReporter.identifier)] : reports
    let unnamed = reports.filter { $0.file == nil }
    guard unnamed.count <= 1 else {
      throw ReportWriteError(
        message: "--format \(unnamed.map(\.format).joined(separator: ", ")): only one report can go to "
          + (output.map { "--output '\($0)'" } ?? "standard output") + "; give the others a file (NAME:FILE)")
    }
    if let output, unnamed.isEmpty {
      throw ReportWriteError(message: "--output '\(output)' has no report to hold: every --format names its own file")
    }
    let destinations = reports.map { (format: $0.format, file: $0.file ?? output) }
    if destinations.contains(where: { $0.format == AuditDatabase.format && $0.file == nil }) {
      throw ReportWriteError(message: "--format sqlite writes a database file, not standard output: add --output FILE, or write sqlite:FILE")
    }
    var seen = Set<String>()
    for case let file? in destinations.map(\.file) {
      let key = URL(fileURLWithPath: file).standardizedFileURL.path
      guard seen.insert(key).inserted else { throw ReportWriteError(message: "two reports would be written to '\(file)'") }
    }
    return destinations
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
/// every requested report in input order, and decide the exit code.
public enum AuditCommand {
  /// Runs `request`; returns the exit code.
  /// - Throws: ``UsageError`` for an unknown `--input-format` or a report or `--write-baseline`
  ///   file that is one of the inputs (before anything is read), ``ReportWriteError`` when a
  ///   report or `--write-baseline` cannot be written (or the reports asked for cannot go where
  ///   asked), ``ConfigurationError`` when the configuration cannot be used, ``BaselineError``
  ///   when `--baseline` cannot be read.
  public static func run(_ request: AuditRequest) async throws -> DarkshareExitCode {
    let destinations = try request.destinations()
    if let format = request.inputFormat, BuiltInReaders.reader(named: format) == nil {
      throw UsageError("unknown input format '\(format)'; use one of \(BuiltInReaders.formats.joined(separator: ", "))")
    }
    let paths = try request.allPaths()
    let reportFiles = destinations.compactMap(\.file)
    let targets = destinations.compactMap { destination in
      destination.file.map { (option: $0 == request.output ? "--output" : "--format \(destination.format):", path: $0) }
    }
      + [request.writeBaselineFile].compactMap { $0 }.map { (option: "--write-baseline", path: $0) }
    try OutputCollision.check(targets: targets, inputs: paths, standardInputName: request.standardInputName)
    var configurations = ConfigurationResolver(override: request.configurationFile)
    var inputResolver = InputResolver()
    inputResolver.ownFiles = reportFiles + [request.baselineFile, request.writeBaselineFile].compactMap { $0 }
    inputResolver.standardInputName = request.standardInputName
    var emptyAllowed = Set<String>()
    var resolved = try inputResolver.resolveAll(paths) { folder in
      let configuration = try configurations.configuration(forFolder: folder)
      if configuration.allowEmpty { emptyAllowed.insert(folder) }
      return WalkRules(
        include: (configuration.include + request.include).map(PathGlob.init),
        exclude: (configuration.exclude + request.exclude).map(PathGlob.init), allowEmpty: configuration.allowEmpty)
    }
    if let shard = request.shard {
      // A folder with an input other shards read for sure is not left empty in this one.
      for input in resolved.inputs where !shard.contains(input) && !resolved.tentative.contains(input) {
        if let root = resolved.roots[input] { emptyAllowed.insert(root) }
      }
      resolved.inputs = resolved.inputs.filter(shard.contains)
    }
    if request.verbose { Self.note(resolved.passedOver) }
    // Before any report file or database is opened: without libcurl, --resolve stops the run here.
    let resolver = try request.resolve.map { options throws(UsageError) in try RedirectResolver(options: options) }
    // `--format html` renders the audit database: the one asked for, else a temporary one.
    let htmlReport = destinations.first { $0.format == HTMLReportRenderer.format }
    let temporaryDatabase = htmlReport != nil && !destinations.contains { $0.format == AuditDatabase.format }
      ? FileManager.default.temporaryDirectory.appendingPathComponent("darkshare-\(UUID().uuidString).db").path : nil
    defer { if let temporaryDatabase { try? FileManager.default.removeItem(atPath: temporaryDatabase) } }
    let databasePath = destinations.first { $0.format == AuditDatabase.format }?.file ?? temporaryDatabase
    let database = try databasePath.map { path throws(ReportWriteError) in
      try AuditDatabase(
        path: path, command: CommandLine.arguments.joined(separator: " "),
        fingerprints: try Self.fingerprints(of: resolved.inputs), refresh: request.refresh,
        keepsNewsletters: !request.redact, isScratch: path == temporaryDatabase)
    }
    if let database {
      let audited = try database.alreadyAudited()
      if !audited.isEmpty {
        resolved.inputs.removeAll { audited[$0.displayName] != nil }
        if !request.quiet {
          FileHandle.standardError.write(Data(
            "darkshare: \(audited.count) input\(audited.count == 1 ? "" : "s") already in the audit database (same content), not audited again; --refresh audits them again\n".utf8))
        }
      }
    }
    let passOver = PassOverLog()
    let named = Set(paths)
    // An inventory on its own (`links`) shows which rules each link broke, not why.
    let explainsFindings = destinations.contains {
      ReportTarget.showsFindingExplanations(format: $0.format, in: request.kind)
    }
    let inputs = try resolved.inputs.map { input in
      var auditor = try configurations.auditor(for: input)
      auditor.explainsFindings = explainsFindings
      return AuditJob(
        input: input, auditor: auditor,
        format: isNamed(input, in: named) ? request.inputFormat : nil,
        passOver: resolved.tentative.contains(input) ? passOver : nil)
    }
    var accepted = try request.baselineFile.map { path throws(BaselineError) in try Baseline(contentsOf: URL(fileURLWithPath: path)) }
    var redactor = request.redact ? Redactor() : nil
    let meter = request.showsProgress ? ProgressMeter() : nil
    let progress = meter.map(ProgressDisplay.init)
    var reports = [Report]()
    do {
      for destination in destinations
      where destination.format != AuditDatabase.format && destination.format != HTMLReportRenderer.format {
        reports.append(try Report(destination.format, file: destination.file, request: request, progress: progress))
      }
    } catch {
      for report in reports { report.sink.discard() }
      throw error
    }
    // A person reading a text report on standard output already sees errors and the summary;
    // otherwise (a file, a machine format) they also go to standard error, so a failed CI step
    // says why.
    let echo = destinations.contains { $0.format == TextReporter.identifier && $0.file == nil }
      ? nil : StandardErrorEcho(kind: request.kind, quiet: request.quiet, progress: progress)
    var summary = AuditSummary()
    var recorded = Baseline(redacted: request.redact)
    var databaseFailure: ReportWriteError?
    progress?.start()
    // With one input the number makes no difference: AuditSession reads an input on one task.
    let jobs = request.jobs ?? (inputs.count > 1 ? ProcessInfo.processInfo.activeProcessorCount : 1)
    await AuditSession(jobs: jobs, resolver: resolver, meter: meter).run(inputs) { result in
      if request.writeBaselineFile != nil { recorded.record(result) }
      var shown = accepted?.consume(result) ?? result
      if accepted != nil { summary.addHeldBack(result.findings.count - shown.findings.count) }
      if redactor != nil { shown = redactor!.redact(shown) }
      summary.add(shown)
      for index in reports.indices { reports[index].sink.write(reports[index].reporter.recordUTF8(shown)) }
      if let database, databaseFailure == nil {
        do throws(ReportWriteError) { try database.record(shown) } catch { databaseFailure = error }
      }
      echo?.record(shown)
    }
    await resolver?.finish()
    await progress?.stop()
    // A folder whose every input was passed over while reading had nothing to read either.
    let passedOver = passOver.passedOver
    for (root, count) in Self.foldersLeftEmpty(resolved, passedOver: passedOver, emptyAllowed: emptyAllowed) {
      let result = FileResult(
        file: root, links: [],
        error: "no inputs found under \(root) (\(count) passed over; --verbose lists them and why)")
      summary.add(result)
      for index in reports.indices { reports[index].sink.write(reports[index].reporter.recordUTF8(result)) }
      echo?.record(result)
    }
    if request.verbose { Self.note(passedOver) }
    var failure: Error? = databaseFailure
    if failure == nil, let database {
      do { try database.finish() } catch { failure = error }
    }
    if failure == nil, let htmlReport, let databasePath {
      do { try InsightsReport.write(database: databasePath, output: htmlReport.file) } catch { failure = error }
    }
    for index in reports.indices {
      reports[index].sink.write(reports[index].reporter.finish(summary))
      do { try reports[index].sink.close() } catch { failure = failure ?? error }
    }
    echo?.finish(summary)
    if let failure { throw failure }
    if let path = request.writeBaselineFile {
      let baseline = try ReportSink(path: path)
      baseline.write(String(decoding: recorded.data(), as: UTF8.self))
      try baseline.close()
    }
    if !summary.errors.isEmpty { return .usageOrInputError }
    if let threshold = request.failOn, summary.hasFindings(atOrAbove: threshold) { return .findings }
    return .clean
  }

  /// The content hash and size of every input read from a file, for the audit database.
  /// An input that cannot be read is left out: the audit reports why.
  private static func fingerprints(of inputs: [ResolvedInput]) throws(ReportWriteError) -> [String: AuditDatabase.Fingerprint] {
    var fingerprints = [String: AuditDatabase.Fingerprint]()
    for input in inputs {
      guard case .file(let path) = input, let handle = FileHandle(forReadingAtPath: path) else { continue }
      defer { try? handle.close() }
      var hash = SHA256()
      var size = 0
      while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty {
        hash.update(chunk)
        size += chunk.count
      }
      fingerprints[input.displayName] = AuditDatabase.Fingerprint(sha256: hash.hexDigest(), size: size)
    }
    return fingerprints
  }

  /// Whether `input` was named on the command line (standard input, or a file given as it was
  /// typed) rather than found by a folder walk: `--input-format` applies to those only.
  private static func isNamed(_ input: ResolvedInput, in paths: Set<String>) -> Bool {
    switch input {
    case .standardInput: true
    case .file(let path): paths.contains(path)
    case .bytes, .unreadable: false
    }
  }

  /// One report being written: its reporter and where its text goes.
  private struct Report {
    var reporter: any Reporter
    let sink: ReportSink

    init(_ format: String, file: String?, request: AuditRequest, progress: ProgressDisplay?) throws {
      guard let type = BuiltInReporters.reporter(named: format) else {
        throw ReportWriteError(message: "unknown format '\(format)'")
      }
      // --color has decided for the report that goes to standard output or --output; reports
      // that name their own file are never coloured.
      let colored = request.useColor && (file == nil || file == request.output)
      reporter = type.init(options: ReportOptions(kind: request.kind, useColor: colored, quiet: request.quiet))
      sink = try ReportSink(path: file, progress: progress)
    }
  }
}

extension AuditRequest {
  /// ``paths`` followed by those of ``inputList``.
  /// - Throws: ``UsageError`` when the list cannot be read, or both it and a path are `-`.
  func allPaths() throws(UsageError) -> [String] {
    guard let inputList else { return paths }
    if inputList == "-", paths.contains("-") {
      throw UsageError("--input-list - reads the paths from standard input, so '-' cannot also be an input")
    }
    let listed = try InputList(contentsOf: inputList, nulSeparated: inputListIsNULSeparated).paths
    if listed.contains("-") {
      throw UsageError("--input-list '\(inputList)': '-' (standard input) cannot be listed; give it on the command line")
    }
    return paths + listed
  }
}

extension AuditCommand {
  /// Writes `--verbose`'s notes on what was passed over to standard error.
  static func note(_ passedOver: [PassedOver]) {
    // A walk finds names chosen by whoever made the archive: no control or bidi character of
    // theirs reaches the terminal.
    let text = passedOver.map { "darkshare: passed over \($0.path.terminalSafe): \($0.reason.terminalSafe)\n" }.joined()
    if !text.isEmpty { FileHandle.standardError.write(Data(text.utf8)) }
  }

  /// The folders given whose every input was passed over while reading (and may not be
  /// empty), each with how many inputs it had.
  static func foldersLeftEmpty(
    _ resolved: ResolvedInputs, passedOver: [PassedOver], emptyAllowed: Set<String>
  ) -> [(root: String, count: Int)] {
    guard !passedOver.isEmpty else { return [] }
    let skipped = Set(passedOver.map(\.path))
    var read = Set<String>()
    var roots = [(root: String, count: Int)]()
    for input in resolved.inputs {
      guard let root = resolved.roots[input] else { continue }
      if let index = roots.firstIndex(where: { $0.root == root }) { roots[index].count += 1 } else { roots.append((root, 1)) }
      if !skipped.contains(input.displayName) { read.insert(root) }
    }
    return roots.filter { !read.contains($0.root) && !emptyAllowed.contains($0.root) }
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
    write(Array(text.utf8))
  }

  /// Writes UTF-8 as it is: the bytes are lent to the file handle for the call, not copied.
  func write(_ bytes: [UInt8]) {
    guard !bytes.isEmpty else { return }
    bytes.withUnsafeBytes { raw in
      let data = Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: raw.baseAddress!), count: raw.count, deallocator: .none)
      guard let progress else { return handle.write(data) }
      progress.suspended { handle.write(data) }
    }
  }

  /// Gives up on the report: the temporary file is removed and the target left as it was.
  func discard() {
    guard temporary != nil else { return }
    try? handle.close()
    if let temporary { try? FileManager.default.removeItem(at: temporary) }
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

import DarkshareCore
import DarkshareReaders
import Foundation

/// What `darkshare fix` was asked to do.
public struct FixRequest: Sendable {
  public enum Format: String, Sendable, CaseIterable {
    case text, json
  }

  public var paths: [String]
  /// `--check`: write nothing; exit 1 when anything would change.
  public var check = false
  /// `--diff`: write nothing; print a unified diff `git apply` accepts.
  public var diff = false
  /// `--dry-run`: write nothing; list what would change.
  public var dryRun = false
  public var format: Format = .text
  /// `--config FILE`; nil uses the nearest `.darkshare.yml` upward from each input.
  public var configurationFile: String?
  public var quiet = false
  public var include: [String] = []
  public var exclude: [String] = []

  public init(paths: [String]) {
    self.paths = paths
  }

  /// Whether files are rewritten (neither `--check`, `--diff` nor `--dry-run`).
  public var writes: Bool { !check && !diff && !dryRun }
}

/// Runs `darkshare fix`: finds the inputs as `audit` does, fixes each template (one file at a
/// time, each written atomically), and reports what changed, what was left and why.
///
/// Exit codes: 0 done; 1 only with `--check`, when something would change; 2 when a file had
/// an error (the others are still fixed).
public enum FixCommand {
  /// Runs `request`; returns the exit code.
  /// - Throws: ``ConfigurationError`` when a configuration cannot be used.
  public static func run(_ request: FixRequest) throws -> DarkshareExitCode {
    var configurations = ConfigurationResolver(override: request.configurationFile)
    let resolved = try InputResolver().resolveAll(request.paths) { folder in
      let configuration = try configurations.configuration(forFolder: folder)
      return WalkRules(
        include: (configuration.include + request.include).map(PathGlob.init),
        exclude: (configuration.exclude + request.exclude).map(PathGlob.init), allowEmpty: configuration.allowEmpty)
    }
    var report = FixReport()
    let output = FileHandle.standardOutput
    let showsLines = request.format == .text && !request.diff && !request.quiet
    for input in resolved.inputs {
      let file = input.displayName
      let before = report
      do throws(FixFileError) {
        try fix(
          input, root: resolved.roots[input], tentative: resolved.tentative.contains(input), request: request,
          configurations: &configurations, report: &report)
      } catch {
        report.add(error)
        FileHandle.standardError.write(Data("darkshare: error: \(error.description)\n".utf8))
      }
      if showsLines {
        var shown = FixReport()
        shown.changes = Array(report.changes.dropFirst(before.changes.count))
        shown.left = Array(report.left.dropFirst(before.left.count))
        shown.notRewritten = Array(report.notRewritten.dropFirst(before.notRewritten.count))
        let text = shown.lines(for: file)
        if !text.isEmpty { output.write(Data(text.utf8)) }
      }
    }
    let summary = report.summaryLine(written: request.writes)
    if request.format == .json {
      output.write(Data(report.json().utf8))
      if !request.quiet { FileHandle.standardError.write(Data(summary.utf8)) }
    } else if request.diff {
      if !request.quiet { FileHandle.standardError.write(Data(summary.utf8)) }
    } else if !request.quiet {
      output.write(Data(summary.utf8))
    }
    if !report.errors.isEmpty { return .usageOrInputError }
    if request.check, report.summary.linksFixed > 0 { return .findings }
    return .clean
  }

  /// Fixes one input, adding what happened to `report`.
  private static func fix(
    _ input: ResolvedInput, root: String?, tentative: Bool, request: FixRequest,
    configurations: inout ConfigurationResolver,
    report: inout FixReport
  ) throws(FixFileError) {
    let file = input.displayName
    let path: String
    switch input {
    case .file(let given): path = given
    case .unreadable(_, let reason): throw FixFileError(file: file, error: reason)
    case .standardInput, .bytes: throw FixFileError(file: file, error: "standard input cannot be fixed in place; name the file")
    }
    // Never leave the tree given: the real file must be inside the folder argument, or inside
    // the folder of a file named on the command line.
    let real = InputResolver.realPath(path)
    let tree = InputResolver.realPath(root ?? URL(fileURLWithPath: path).deletingLastPathComponent().path)
    guard real.hasPrefix(tree == "/" ? "/" : tree + "/") else {
      throw FixFileError(file: file, error: "a symbolic link to \(real), outside \(root ?? tree): not rewritten")
    }
    // A FIFO or device would block or be replaced by a regular file: only files are fixed.
    guard InputResolver.isRegularFile(real) else {
      throw FixFileError(file: file, error: "not a regular file: not rewritten")
    }
    guard let data = FileManager.default.contents(atPath: real) else {
      throw FixFileError(file: file, error: "cannot read the file")
    }
    guard data.count <= Auditor.maximumInputSize else {
      throw FixFileError(file: file, error: "larger than \(Auditor.maximumInputSize) bytes: not read")
    }
    let bytes = [UInt8](data)
    let isHTML: Bool
    switch TemplateFixer.role(of: path, head: bytes.prefix(4096)) {
    case .notRewritten(let reason):
      report.add(NotRewritten(file: file, reason: reason))
      return
    case .template(let html):
      isHTML = html
    }
    let auditor: Auditor
    do {
      auditor = try configurations.auditor(for: input)
    } catch {
      throw FixFileError(file: file, error: "\(error)")
    }
    let result: TemplateFixer.Result
    do {
      result = try TemplateFixer(auditor: auditor).fix(bytes, file: file, isHTML: isHTML)
    } catch let error where error.isReadError && tentative {
      // A `.txt` a walk picked up that is no text (as `audit` passes it over).
      report.add(NotRewritten(file: file, reason: "passed over: \(error.error)"))
      return
    }
    if request.diff, result.fixed != bytes {
      FileHandle.standardOutput.write(Data(UnifiedDiff.diff(path: file, old: bytes, new: result.fixed)))
    }
    if request.writes, result.fixed != bytes {
      do {
        try AtomicFileWriter.write(result.fixed, to: real, replacing: bytes)
      } catch {
        throw FixFileError(file: file, error: "cannot write: \(error.description)")
      }
    }
    report.add(changes: result.changes, left: result.left)
  }
}

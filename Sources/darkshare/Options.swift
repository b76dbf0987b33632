import ArgumentParser
import DarkshareCore
import DarkshareKit
import DarkshareReporters
import Foundation

/// The inputs and report options `audit` and `links` share.
struct ReportingOptions: ParsableArguments {
  @Argument(
    help: "Newsletters (HTML), template sources (MJML, Handlebars, Liquid, Jinja, ERB, …), mail (.eml, .emlx, mbox, Maildir), SMS backups, chat exports, CSV logs, text, .zip/.gz of these, directories (searched recursively) or - for standard input (recognised by its content, as a file is).",
    completion: .file())
  var paths: [String] = []

  @Option(
    name: .customLong("input-list"),
    help: ArgumentHelp(
      "Also read the paths listed in this file (- for standard input), one a line, after the paths given (a mapper's input: Spark RDD.pipe, xargs).",
      valueName: "file|-"),
    completion: .file())
  var inputList: String?

  @Flag(name: .customShort("0"), help: "With --input-list, the paths are separated by NUL instead of line breaks (find -print0).")
  var nulSeparated = false

  @Option(
    help: ArgumentHelp(
      "Read only shard I of N: the inputs (after folder walks) split by a stable hash of their path; shards 1/N … N/N together read every input once.",
      valueName: "I/N"))
  var shard: String?

  @Option(
    name: [.customShort("f"), .long],
    help: ArgumentHelp(
      "Report format; repeat for several reports from one run, each but one to its own file as NAME:FILE (default: text).",
      valueName: BuiltInReporters.all.map { $0.identifier }.joined(separator: "|") + "[:FILE]"),
    completion: .list(BuiltInReporters.all.map { $0.identifier }))
  var format: [String] = []

  @Option(
    name: [.customShort("o"), .long],
    help: "Write the report that names no file to this file (atomically) instead of standard output; never one of the inputs.",
    completion: .file())
  var output: String?

  @Option(
    name: .customLong("input-format"),
    help: ArgumentHelp(
      "Read standard input and the files named (not those found in folders) as this format instead of recognising it.",
      valueName: AuditRequest.inputFormats.joined(separator: "|")),
    completion: .list(AuditRequest.inputFormats))
  var inputFormat: String?

  @Option(
    name: .customLong("stdin-filename"),
    help: ArgumentHelp(
      "The file name standard input stands for: shown in reports, and used to find its configuration, its format and the {stem} of suggestions.",
      valueName: "name"),
    completion: .file())
  var stdinFilename: String?

  @Option(
    name: .customLong("fail-on"),
    help: "Exit 1 when a finding is at or above this severity (default: error for audit, never for links).")
  var failOn: FailThreshold?

  // `.unconditional` takes `-1` as the value (not as an unknown flag), so validate() can say
  // what is wrong with it.
  @Option(
    name: [.customShort("j"), .long], parsing: .unconditional,
    help: "How many inputs to audit at once (default: the number of cores).")
  var jobs: String?

  @Flag(name: [.customShort("q"), .long], help: "Leave out the summary line of the text report, and the progress line on a terminal.")
  var quiet = false

  @Option(help: ArgumentHelp("In folders, read only the files this glob matches, relative to the folder (** is any depth; repeatable).", valueName: "glob"))
  var include: [String] = []

  @Option(help: ArgumentHelp("In folders, leave out the files and folders this glob matches (repeatable).", valueName: "glob"))
  var exclude: [String] = []

  @Flag(name: .shortAndLong, help: "List on standard error the files a folder walk passed over, and why.")
  var verbose = false

  @Option(help: "Colour the text report: auto (a terminal, and NO_COLOR not set), always or never (both override NO_COLOR).")
  var color: ColorChoice = .auto

  @Option(help: "Configuration file for every input (default: the nearest .darkshare.yml upward from each input).", completion: .file(extensions: ["yml", "yaml"]))
  var config: String?

  @Option(help: "Report only findings that are not in this baseline file.", completion: .file(extensions: ["json"]))
  var baseline: String?

  @Option(name: .customLong("write-baseline"), help: "Record every finding of this run in a baseline file.", completion: .file(extensions: ["json"]))
  var writeBaseline: String?

  @Flag(help: "With --format sqlite: audit again the inputs whose content the database already holds, replacing their rows.")
  var refresh = false

  @Flag(help: "Mask personal data in every report: senders, contact names, e-mail addresses, phone numbers, per-recipient ids.")
  var redact = false

  @Flag(help: "Follow shortener and click-tracking redirects over the network to judge their destinations (off by default; darkshare's only network access).")
  var resolve = false

  @Flag(name: .customLong("resolve-allow-private"), help: "With --resolve, allow loopback, private and link-local addresses.")
  var resolveAllowPrivate = false

  @Option(
    name: .customLong("resolve-timeout"), parsing: .unconditional, help: "With --resolve, seconds one request may take (default: 5).")
  var resolveTimeout: String?

  @Option(
    name: .customLong("resolve-cache"), help: "With --resolve, the cache file of resolved redirects (default: ~/.cache/darkshare/resolve.json).",
    completion: .file(extensions: ["json"]))
  var resolveCache: String?

  func validate() throws {
    for value in format {
      let name = value.split(separator: ":", maxSplits: 1).first.map(String.init) ?? value
      guard ReportTarget.formats.contains(name) else {
        let known = ReportTarget.formats
        let hint = NearestName.suggestion(for: name, among: known).map { "did you mean '\($0)'? " } ?? ""
        throw ValidationError("unknown format '\(name)'; \(hint)use one of \(known.joined(separator: ", "))")
      }
    }
    do {
      _ = try request(kind: .audit).destinations()
    } catch let error as ReportWriteError {
      throw ValidationError(error.message)
    }
    guard !paths.isEmpty || inputList != nil else {
      throw ValidationError("give the inputs to read: paths, or --input-list FILE|-")
    }
    if nulSeparated, inputList == nil { throw ValidationError("-0 goes with --input-list") }
    if let shard {
      do { _ = try Shard(parsing: shard) } catch { throw ValidationError(error.message) }
    }
    if inputList == "-", paths.contains("-") {
      throw ValidationError("--input-list - reads the paths from standard input, so '-' cannot also be an input")
    }
    if let inputFormat, !AuditRequest.inputFormats.contains(inputFormat) {
      throw ValidationError("unknown input format '\(inputFormat)'; use one of \(AuditRequest.inputFormats.joined(separator: ", "))")
    }
    if stdinFilename != nil, !paths.contains("-") {
      throw ValidationError("--stdin-filename names standard input, which is read only when '-' is one of the paths")
    }
    _ = try jobCount
    _ = try timeout
    if !resolve, resolveAllowPrivate || resolveCache != nil {
      throw ValidationError("--resolve-allow-private and --resolve-cache go with --resolve")
    }
  }

  /// The `--format` values read; validation has already refused the ones that do not parse.
  private var reports: [ReportTarget] {
    get throws(ReportWriteError) { try format.map { value throws(ReportWriteError) in try ReportTarget(parsing: value) } }
  }

  /// `--jobs`, checked: a whole number of at least 1; nil for the default, the number of cores
  /// (counted by the audit, only when it reads more than one input).
  private var jobCount: Int? {
    get throws {
      guard let jobs else { return nil }
      guard let count = Int(jobs) else { throw ValidationError("--jobs takes a whole number of inputs to audit at once (1 or more), not '\(jobs)'") }
      guard count >= 1 else {
        throw ValidationError("--jobs \(jobs): at least one input must be audited at a time; use --jobs 1 to audit one input after another, or leave --jobs out to use every core")
      }
      return count
    }
  }

  /// `--resolve-timeout`, checked: a positive number of seconds (default: 5).
  private var timeout: Double {
    get throws {
      guard let resolveTimeout else { return 5 }
      guard let seconds = Double(resolveTimeout), seconds.isFinite else {
        throw ValidationError("--resolve-timeout takes a number of seconds (such as 5 or 0.5), not '\(resolveTimeout)'")
      }
      guard seconds > 0 else {
        throw ValidationError("--resolve-timeout \(resolveTimeout): a request needs some time; give a number of seconds above 0 (default: 5)")
      }
      return seconds
    }
  }

  func request(kind: ReportOptions.Kind) throws -> AuditRequest {
    var request = AuditRequest(
      paths: paths, kind: kind, reports: try reports, output: output,
      failOn: (failOn ?? (kind == .audit ? .error : .never)).severity, jobs: try jobCount,
      quiet: quiet, useColor: TerminalSupport.reportWantsColor(color, writingToFile: output != nil), configurationFile: config,
      baselineFile: baseline, writeBaselineFile: writeBaseline, redact: redact, resolve: try resolveOptions,
      showsProgress: ProgressDisplay.wanted(quiet: quiet), inputFormat: inputFormat, standardInputName: stdinFilename)
    request.include = include
    request.exclude = exclude
    request.verbose = verbose
    request.inputList = inputList
    request.inputListIsNULSeparated = nulSeparated
    request.shard = shard.flatMap { try? Shard(parsing: $0) }
    request.refresh = refresh
    return request
  }

  private var resolveOptions: ResolveOptions? {
    get throws {
      guard resolve else { return nil }
      var options = ResolveOptions()
      options.allowPrivateAddresses = resolveAllowPrivate
      options.timeout = try timeout
      options.cacheFile = resolveCache.map { URL(fileURLWithPath: $0) } ?? ResolveOptions.defaultCacheFile
      return options
    }
  }
}

extension ColorChoice: ExpressibleByArgument {}

/// `--fail-on` values.
enum FailThreshold: String, ExpressibleByArgument, CaseIterable {
  case error, warning, info, never

  var severity: Severity? {
    switch self {
    case .error: .error
    case .warning: .warning
    case .info: .info
    case .never: nil
    }
  }
}

/// Runs a request and turns its outcome into the process exit code.
func runReport(_ request: AuditRequest) async throws {
  do {
    let code = try await AuditCommand.run(request)
    if code != .clean { throw ExitCode(code.rawValue) }
  } catch let error as UsageError {
    FileHandle.standardError.write(Data("darkshare: error: \(error.message)\n".utf8))
    throw ExitCode(DarkshareExitCode.usageOrInputError.rawValue)
  } catch let error as ReportWriteError {
    FileHandle.standardError.write(Data("darkshare: error: \(error.message)\n".utf8))
    throw ExitCode(DarkshareExitCode.usageOrInputError.rawValue)
  } catch let error as BaselineError {
    FileHandle.standardError.write(Data("darkshare: error: \(error.message)\n".utf8))
    throw ExitCode(DarkshareExitCode.usageOrInputError.rawValue)
  } catch let error as ConfigurationError {
    FileHandle.standardError.write(Data("darkshare: configuration error: \(error)\n".utf8))
    throw ExitCode(DarkshareExitCode.usageOrInputError.rawValue)
  }
}

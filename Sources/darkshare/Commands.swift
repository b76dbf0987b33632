import ArgumentParser
import DarkshareKit
import Foundation

extension Darkshare {
  struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "audit",
      abstract: "Report every link that will arrive as a dark share, and why (the main job).")

    @OptionGroup var options: ReportingOptions

    func run() async throws {
      try await runReport(try options.request(kind: .audit))
    }
  }

  struct Links: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "links",
      abstract: "List every link with its status (an inventory).")

    @OptionGroup var options: ReportingOptions

    func run() async throws {
      try await runReport(try options.request(kind: .links))
    }
  }

  struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "report",
      abstract: "Write the HTML report of an audit database (written with --format sqlite).")

    @Argument(help: "The audit database.", completion: .file(extensions: ["db", "sqlite"]))
    var database: String

    @Option(name: .shortAndLong, help: "Write the report to this file (atomically) instead of standard output.", completion: .file(extensions: ["html"]))
    var output: String?

    func run() throws {
      do {
        try InsightsReport.write(database: database, output: output)
      } catch {
        FileHandle.standardError.write(Data("darkshare: error: \(error)\n".utf8))
        throw ExitCode(DarkshareExitCode.usageOrInputError.rawValue)
      }
    }
  }

  struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "explain", abstract: "Explain a rule: why it matters and how to fix it.")

    @Argument(
      help: "A rule identifier, as `darkshare rules` lists them (any case).",
      completion: .custom { _, _, prefix in
        RuleCatalogue.identifiers.filter { $0.hasPrefix(prefix.lowercased()) }
      })
    var rule: String

    func run() throws {
      guard let text = RuleCatalogue.explain(rule) else {
        let hint = RuleCatalogue.suggestion(for: rule).map { "did you mean '\($0)'? " } ?? ""
        throw ValidationError("unknown rule '\(rule)'; \(hint)`darkshare rules` lists them")
      }
      print(text, terminator: "")
    }
  }

  struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "init",
      abstract: "Write a commented starter .darkshare.yml in the working directory.")

    @Flag(help: "Replace an existing .darkshare.yml.")
    var force = false

    func run() throws {
      let path = ConfigurationLoader.fileName
      if FileManager.default.fileExists(atPath: path), !force {
        throw ValidationError("\(path) already exists; use --force to replace it")
      }
      do {
        try Data(StarterConfiguration.text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
      } catch {
        throw ValidationError("cannot write \(path): \(error.localizedDescription)")
      }
      print("wrote \(path)")
    }
  }

  struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "rules", abstract: "List the rules with their default severity.")

    @Option(
      name: [.customShort("f"), .long],
      help: "text (one line a rule) or json (an array of {\"id\",\"name\",\"severity\",\"summary\",\"rationale\"}).")
    var format: RulesFormat = .text

    @Flag(help: "Print the full rule reference as Markdown (docs/rules.md).")
    var markdown = false

    func validate() throws {
      if markdown, format != .text { throw ValidationError("--markdown and --format \(format.rawValue) cannot be combined") }
    }

    func run() {
      if markdown { return print(RuleCatalogue.markdown(), terminator: "") }
      switch format {
      case .text: print(RuleCatalogue.list(), terminator: "")
      case .json: print(RuleCatalogue.json(), terminator: "")
      }
    }
  }
}

/// `rules --format` values.
enum RulesFormat: String, ExpressibleByArgument, CaseIterable {
  case text, json
}

extension FixRequest.Format: ExpressibleByArgument {}

extension Darkshare {
  struct Fix: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "fix",
      abstract: "Tag the dark and partial links of HTML and text templates in place, touching nothing else.",
      discussion: """
        Exit codes: 0 done; 1 with --check when anything would change; 2 when a file had an error \
        (the other files are still fixed). Mail and message archives are never rewritten.
        """)

    @Argument(
      help: "Templates (HTML, MJML, Handlebars, Liquid, … and .txt) or directories (searched as audit searches them).",
      completion: .file())
    var paths: [String]

    @Flag(help: "Write nothing; exit 1 when anything would change (the CI form).")
    var check = false

    @Flag(help: "Write nothing; print a unified diff of the changes (git apply accepts it).")
    var diff = false

    @Flag(name: .customLong("dry-run"), help: "Write nothing; list what would change.")
    var dryRun = false

    @Option(name: [.customShort("f"), .long], help: "Report format.")
    var format: FixRequest.Format = .text

    @Option(
      help: "Configuration file for every input (default: the nearest .darkshare.yml upward from each input).",
      completion: .file(extensions: ["yml", "yaml"]))
    var config: String?

    @Flag(name: [.customShort("q"), .long], help: "Leave out the list of changes and the summary line.")
    var quiet = false

    @Option(help: ArgumentHelp("In folders, read only the files this glob matches, relative to the folder (** is any depth; repeatable).", valueName: "glob"))
    var include: [String] = []

    @Option(help: ArgumentHelp("In folders, leave out the files and folders this glob matches (repeatable).", valueName: "glob"))
    var exclude: [String] = []

    func validate() throws {
      if diff, format == .json {
        throw ValidationError("--diff and --format json both write to standard output; choose one")
      }
    }

    func run() throws {
      var request = FixRequest(paths: paths)
      request.check = check
      request.diff = diff
      request.dryRun = dryRun
      request.format = format
      request.configurationFile = config
      request.quiet = quiet
      request.include = include
      request.exclude = exclude
      do {
        let code = try FixCommand.run(request)
        if code != .clean { throw ExitCode(code.rawValue) }
      } catch let error as ConfigurationError {
        FileHandle.standardError.write(Data("darkshare: configuration error: \(error)\n".utf8))
        throw ExitCode(DarkshareExitCode.usageOrInputError.rawValue)
      }
    }
  }
}

import ArgumentParser
import DarkshareCore
import DarkshareKit
import Foundation

/// The `darkshare` command: finds the links that will arrive as untraceable dark shares.
@main
struct Darkshare: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "darkshare",
    abstract: "Find the links in newsletters and message archives that will arrive as untraceable \"dark social\" shares.",
    discussion: """
      Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 usage error or \
      an input that could not be read (the other inputs are still audited and reported).
      """,
    version: DarkshareVersion.current,
    // Each subcommand names itself (`commandName:`): the name argument-parser would otherwise
    // derive with `String(describing:)` costs a runtime conformance scan per command at every
    // start, and every run looks the names up.
    subcommands: [Audit.self, Links.self, Fix.self, Report.self, Explain.self, Rules.self, Init.self],
    defaultSubcommand: nil)

  /// Runs the command, mapping argument-parser's usage errors (exit 64) to darkshare's
  /// documented usage exit code, 2.
  static func main() async {
    if let message = unknownCommandMessage(Array(CommandLine.arguments.dropFirst())) {
      FileHandle.standardError.write(Data("Error: \(message)\n".utf8))
      exit(withError: ExitCode(DarkshareExitCode.usageOrInputError.rawValue))
    }
    do {
      var command = try parseAsRoot()
      if var asyncCommand = command as? AsyncParsableCommand {
        try await asyncCommand.run()
      } else {
        try command.run()
      }
    } catch let code as ExitCode where code.rawValue != ExitCode.validationFailure.rawValue {
      // The outcome of a run (1: findings, 2: unreadable input), with nothing left to print:
      // argument-parser's exit(withError:) would build the whole help text to find that out.
      Foundation.exit(code.rawValue)
    } catch {
      let code = exitCode(for: error)
      guard code.rawValue == ExitCode.validationFailure.rawValue else { exit(withError: error) }
      FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
      exit(withError: ExitCode(DarkshareExitCode.usageOrInputError.rawValue))
    }
  }

  /// What to say when the first argument is not a subcommand (`darkshare audti x`): the
  /// nearest subcommand when there is one ("did you mean `audit`?"); nil when it is one, or an
  /// option (`--help`, `--version`, completion requests).
  static func unknownCommandMessage(_ arguments: [String]) -> String? {
    guard let first = arguments.first, !first.hasPrefix("-") else { return nil }
    let names = configuration.subcommands.map { $0._commandName } + ["help"]
    guard !names.contains(first) else { return nil }
    let commands = names.dropLast().joined(separator: ", ")
    guard let nearest = NearestName.suggestion(for: first, among: Array(names.dropLast())) else {
      return "unknown command '\(first)'; the commands are \(commands) (darkshare --help says more)"
    }
    return "unknown command '\(first)'; did you mean `\(nearest)`? (the commands are \(commands))"
  }
}

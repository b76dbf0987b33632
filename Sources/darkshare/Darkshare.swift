import ArgumentParser
import DarkshareCore

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
    subcommands: [Audit.self, Links.self, Explain.self, Rules.self],
    defaultSubcommand: nil)
}

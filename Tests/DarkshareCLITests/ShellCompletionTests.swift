import DarkshareKit
import DarkshareTestSupport
import Foundation
import Testing

/// Shell completion as a user meets it: a real interactive bash, zsh and fish run under tmux with
/// darkshare's generated completion script loaded; the test types, presses Tab, and reads the
/// screen with `tmux capture-pane`.
///
/// Each check waits for the screen it expects (polling, up to a minute, so a busy machine only
/// makes it slower) and fails with the last screen when that never comes; nothing asserts how
/// long anything took. `.ci/run` installs tmux, zsh, fish and bash-completion; where a shell or
/// tmux is missing, its test is skipped and says which to install.
@Suite(.serialized) struct ShellCompletionTests {
  @Test(.enabled(if: Shell.bash.isAvailable, Shell.bash.missingMessage))
  func bashCompletesCommandsFormatsRulesAndPaths() throws {
    try checkCompletion(in: .bash)
  }

  @Test(.enabled(if: Shell.zsh.isAvailable, Shell.zsh.missingMessage))
  func zshCompletesCommandsFormatsRulesAndPaths() throws {
    try checkCompletion(in: .zsh)
  }

  @Test(.enabled(if: Shell.fish.isAvailable, Shell.fish.missingMessage))
  func fishCompletesCommandsFormatsRulesAndPaths() throws {
    try checkCompletion(in: .fish)
  }

  private func checkCompletion(in shell: Shell) throws {
    let session = try TmuxShell(shell)
    defer { session.close() }
    let formats = ["text", "json", "ndjson", "sarif", "junit", "github", "markdown", "csv"]

    // A subcommand.
    try session.type("darkshare expl", thenTab: 1)
    session.expect("the subcommand") { $0.contains("darkshare explain") }

    // --format's values, listed by a double Tab.
    try session.type("darkshare audit --format ", thenTab: 2)
    session.expect("every format") { screen in formats.allSatisfy { screen.contains($0) } }

    // explain's argument: rule names, from darkshare itself (a custom completion).
    try session.type("darkshare explain untag", thenTab: 1)
    session.expect("the common prefix of two rules") { $0.contains("darkshare explain untagged-") }
    // bash lists on the second Tab after one that changed nothing; zsh and fish list at once and
    // then step through the list, which stays on the screen.
    session.tab()
    session.tab()
    session.expect("both rules that start with it") { $0.contains("untagged-link") && $0.contains("untagged-share-link") }

    // Paths: a PATH argument, and the files of --config (YAML only) and --baseline.
    try session.type("darkshare audit news", thenTab: 1)
    session.expect("the newsletter's file name") { $0.contains("darkshare audit newsletter-spring.html") }
    try session.type("darkshare audit --config team", thenTab: 1)
    session.expect("the YAML file, not the text file beside it") { $0.contains("--config team.yml") }
    try session.type("darkshare links --baseline base", thenTab: 1)
    session.expect("the baseline file") { $0.contains("--baseline baseline.json") }
  }
}

/// A shell the completion test drives.
enum Shell: String {
  case bash, zsh, fish

  /// Whether tmux, coreutils' `timeout` and this shell are installed.
  var isAvailable: Bool { Self.onPath("tmux") && Self.onPath("timeout") && Self.onPath(rawValue) }

  var missingMessage: Comment {
    Comment(rawValue: "skipped: tmux and \(rawValue) are needed for the interactive completion test (apt-get install tmux \(rawValue); .ci/run installs them)")
  }

  private static func onPath(_ tool: String) -> Bool {
    let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
    return directories.contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(tool)") }
  }
}

/// An interactive shell in a private tmux server (its socket in a scratch directory, so nothing
/// else is touched),
/// started in a scratch directory with the built darkshare first on `PATH` and its completion
/// script loaded the way the README tells users to.
final class TmuxShell {
  private let shell: Shell
  private let directory: URL
  /// The private server's socket, inside ``directory``.
  private var socket: String { directory.appendingPathComponent("tmux.sock").path }
  /// The prompt each shell is given, so the test knows when it is ready for input.
  private let prompt = "READY>"

  init(_ shell: Shell) throws {
    self.shell = shell
    directory = FileManager.default.temporaryDirectory.appendingPathComponent("darkshare-completion-\(UUID().uuidString)")
    let bin = directory.appendingPathComponent("bin")
    try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(at: bin.appendingPathComponent("darkshare"), withDestinationURL: try darkshareBinary())
    for file in ["newsletter-spring.html", "team.yml", "team.txt", "baseline.json"] {
      try Data().write(to: directory.appendingPathComponent(file))
    }
    let generated = try runDarkshare(["--generate-completion-script", shell.rawValue])
    guard generated.exitCode == 0 else { throw CompletionTestError("cannot generate the \(shell) script: \(generated.standardError)") }
    let script = directory.appendingPathComponent("darkshare.\(shell.rawValue)")
    try Data(generated.standardOutput.utf8).write(to: script)

    let environment = "env -i HOME=\(directory.path) TERM=xterm-256color LANG=C.UTF-8 PATH=\(bin.path):/usr/local/bin:/usr/bin:/bin"
    let command: String
    switch shell {
    case .bash:
      let rc = directory.appendingPathComponent("bashrc")
      try Data("""
        [ -r /usr/share/bash-completion/bash_completion ] && . /usr/share/bash-completion/bash_completion
        . \(script.path)
        PS1='\(prompt) '

        """.utf8).write(to: rc)
      command = "\(environment) bash --noprofile --rcfile \(rc.path) -i"
    case .zsh:
      try Data("""
        autoload -U compinit && compinit -u -D
        source \(script.path)
        PS1='\(prompt) '

        """.utf8).write(to: directory.appendingPathComponent(".zshrc"))
      command = "\(environment) ZDOTDIR=\(directory.path) zsh -i"
    case .fish:
      let rc = directory.appendingPathComponent("init.fish")
      try Data("""
        set -g fish_greeting
        function fish_prompt; echo -n '\(prompt) '; end
        source \(script.path)

        """.utf8).write(to: rc)
      command = "\(environment) XDG_CONFIG_HOME=\(directory.path)/config XDG_DATA_HOME=\(directory.path)/data fish --no-config -i -C 'source \(rc.path)'"
    }
    let started = try tmux(["-f", "/dev/null", "new-session", "-d", "-s", "completion", "-x", "160", "-y", "40", "-c", directory.path, command])
    guard started.status == 0 else { throw CompletionTestError("tmux did not start \(shell): \(started.output)") }
    guard waitFor({ $0.contains(self.prompt) }) != nil else {
      let shown = screen()
      close()
      throw CompletionTestError("\(shell) never showed its prompt; the screen was:\n\(shown)")
    }
  }

  /// Starts a fresh line on a cleared screen, types `text` and presses Tab `tabs` times.
  func type(_ text: String, thenTab tabs: Int) throws {
    // Interrupt the line, and only when the shell has answered with a new prompt clear the
    // screen (bash reads a C-l sent at once before it handles the interrupt).
    // A C-c that arrives while a completion is still running can be swallowed: send it again
    // until a prompt comes (forty tries of three seconds).
    let freshPrompt: (String) -> Bool = { screen in
      screen.split(separator: "\n").last { !$0.trimmingCharacters(in: .whitespaces).isEmpty }?
        .trimmingCharacters(in: .whitespaces) == self.prompt
    }
    var prompted = false
    for _ in 0..<40 where !prompted {
      _ = try? tmux(["send-keys", "C-c"])
      prompted = waitFor(freshPrompt, seconds: 3) != nil
    }
    guard prompted else {
      throw CompletionTestError("\(shell) did not give a new prompt after C-c; the screen was:\n\(screen())")
    }
    _ = try? tmux(["send-keys", "C-l"])
    guard waitFor({ screen in
      let lines = screen.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
      return lines == [self.prompt]
    }) != nil else {
      throw CompletionTestError("\(shell) did not come back to a clear prompt; the screen was:\n\(screen())")
    }
    _ = try tmux(["send-keys", "-l", text])
    guard waitFor({ $0.contains(text.trimmingCharacters(in: .whitespaces)) }) != nil else {
      throw CompletionTestError("\(shell) did not echo '\(text)'; the screen was:\n\(screen())")
    }
    for _ in 0..<tabs { tab() }
  }

  /// Presses Tab (one key press; a shell told of two quickly reads them as a double Tab).
  func tab() {
    _ = try? tmux(["send-keys", "Tab"])
  }

  /// Records an issue naming `what` and showing the screen when `condition` never holds.
  func expect(_ what: String, sourceLocation: SourceLocation = #_sourceLocation, _ condition: @escaping (String) -> Bool) {
    if waitFor(condition) == nil {
      Issue.record("\(shell): no completion showed \(what); the screen was:\n\(screen())", sourceLocation: sourceLocation)
    }
  }

  func close() {
    // Closing the only session ends the server (tmux 3.3's kill-server left it running here).
    _ = try? tmux(["kill-session", "-t", "completion"])
    _ = try? tmux(["kill-server"])
    try? FileManager.default.removeItem(at: directory)
  }

  /// The visible screen, as text.
  private func screen() -> String {
    (try? tmux(["capture-pane", "-p"]))?.output ?? ""
  }

  /// Polls the screen until `condition` holds (the screen) or `seconds` pass (nil).
  private func waitFor(_ condition: (String) -> Bool, seconds: Double = 60) -> String? {
    let deadline = Date().addingTimeInterval(seconds)
    repeat {
      let current = screen()
      if condition(current) { return current }
      usleep(100_000)
    } while Date() < deadline
    return nil
  }

  /// Runs a tmux client command, its output into a file.
  ///
  /// Not with Foundation's `Process`: `new-session` forks the tmux server, which inherits the
  /// descriptors `Process` watches to learn that its child exited (and any output pipe), so
  /// `waitUntilExit` would wait for the server. `posix_spawn` and `waitpid` wait for the client.
  private func tmux(_ arguments: [String]) throws -> (status: Int32, output: String) {
    let outputFile = directory.appendingPathComponent("tmux-output-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: outputFile) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outputFile.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    // Each client call is bounded (coreutils `timeout`), so a server that stops answering ends
    // the test with an error instead of holding one of the test runner's few threads.
    let argv = (["timeout", "-k", "5", "60", "tmux", "-S", socket] + arguments).map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    // The calling thread (a worker of Swift's concurrency pool) blocks signals, and a spawned
    // process inherits the mask: the shell would never see the C-c the test types. Start tmux
    // with no signal blocked and the usual ones at their defaults.
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var noSignals = sigset_t()
    sigemptyset(&noSignals)
    posix_spawnattr_setsigmask(&attributes, &noSignals)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for signal in [SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGPIPE, SIGCHLD, SIGTSTP, SIGTTIN, SIGTTOU, SIGWINCH] { sigaddset(&defaults, signal) }
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    var pid: pid_t = 0
    let spawned = posix_spawnp(&pid, "timeout", &actions, &attributes, argv, environ)
    guard spawned == 0 else { throw CompletionTestError("cannot run tmux: \(String(cString: strerror(spawned)))") }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1, errno == EINTR {}
    let output = (try? String(contentsOf: outputFile, encoding: .utf8)) ?? ""
    return ((status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f), output)
  }
}

struct CompletionTestError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `--color auto|always|never`.
///
/// `auto` colours the text report only when it goes to a terminal and `NO_COLOR` is not set (to
/// anything but the empty string); `always` and `never` are the user's explicit choice and win
/// over `NO_COLOR`, as no-color.org asks of per-run flags and as ripgrep and ruff do.
public enum ColorChoice: String, CaseIterable, Sendable {
  case auto, always, never
}

/// Facts about the terminal the tool runs in.
public enum TerminalSupport {
  /// Whether `NO_COLOR` asks for no colour: set and not empty (no-color.org).
  public static var noColorRequested: Bool {
    guard let value = getenv("NO_COLOR") else { return false }
    return value.pointee != 0
  }

  /// Colour only on a terminal, and never when `NO_COLOR` is set (no-color.org).
  public static var standardOutputWantsColor: Bool {
    isatty(STDOUT_FILENO) == 1 && !noColorRequested
  }

  /// Whether the report is coloured, for `choice` and a report written to a file (`--output`)
  /// or to standard output.
  public static func reportWantsColor(_ choice: ColorChoice, writingToFile: Bool) -> Bool {
    switch choice {
    case .always: true
    case .never: false
    case .auto: !writingToFile && standardOutputWantsColor
    }
  }
}

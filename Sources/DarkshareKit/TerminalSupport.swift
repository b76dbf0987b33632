#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Facts about the terminal the tool runs in.
public enum TerminalSupport {
  /// Colour only on a terminal, and never when `NO_COLOR` is set (no-color.org).
  public static var standardOutputWantsColor: Bool {
    isatty(STDOUT_FILENO) == 1 && getenv("NO_COLOR") == nil
  }
}

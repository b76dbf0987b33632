import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// How a `darkshare` run ended and the most memory it held: a measure of work that does not
/// depend on how busy the machine is (unlike its duration).
public struct MeasuredRun: Sendable {
  public var exitCode: Int32
  /// The child's peak resident set size, in bytes (`ru_maxrss` from `wait4(2)`).
  public var peakResidentBytes: Int
  /// Standard output.
  public var standardOutput: String
}

/// Runs the built `darkshare` with `arguments`, standard input read from `inputFile`, and
/// returns its exit code, standard output and peak memory.
///
/// The child is started with `posix_spawn` and reaped with `wait4`, which reports the resource
/// use of that one process; `getrusage(RUSAGE_CHILDREN)` would mix in every other child the
/// parallel tests have started.
public func runDarkshareMeasuringMemory(_ arguments: [String], inputFile: URL) throws -> MeasuredRun {
  let binary = try darkshareBinary().path
  let output = FileManager.default.temporaryDirectory.appendingPathComponent("darkshare-out-\(UUID().uuidString)")
  defer { try? FileManager.default.removeItem(at: output) }
  #if canImport(Darwin)
    var actions: posix_spawn_file_actions_t? = nil
  #else
    var actions = posix_spawn_file_actions_t()
  #endif
  posix_spawn_file_actions_init(&actions)
  defer { posix_spawn_file_actions_destroy(&actions) }
  posix_spawn_file_actions_addopen(&actions, 0, inputFile.path, O_RDONLY, 0)
  posix_spawn_file_actions_addopen(&actions, 1, output.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
  let argv: [UnsafeMutablePointer<CChar>?] = ([binary] + arguments).map { strdup($0) } + [nil]
  defer { argv.forEach { free($0) } }
  var environment = ProcessInfo.processInfo.environment
  environment["NO_COLOR"] = "1"
  let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
  defer { envp.forEach { free($0) } }
  var pid = pid_t()
  let spawned = posix_spawn(&pid, binary, &actions, nil, argv, envp)
  guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO) }
  var status: Int32 = 0
  var usage = rusage()
  while wait4(pid, &status, 0, &usage) < 0 {
    guard errno == EINTR else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
  }
  // WIFEXITED/WEXITSTATUS are macros Swift does not import.
  let exitCode = status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
  #if canImport(Darwin)
    let peak = Int(usage.ru_maxrss)  // bytes on Darwin
  #else
    let peak = Int(usage.ru_maxrss) * 1024  // KiB on Linux
  #endif
  let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
  return MeasuredRun(exitCode: exitCode, peakResidentBytes: peak, standardOutput: text)
}

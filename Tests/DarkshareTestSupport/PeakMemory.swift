import Foundation

/// How a `darkshare` run ended and the most memory it held: a measure of work that does not
/// depend on how busy the machine is (unlike its duration).
public struct MeasuredRun: Sendable {
  public var exitCode: Int32
  /// The process's peak resident set size, in bytes (`ru_maxrss`).
  public var peakResidentBytes: Int
  /// Standard output.
  public var standardOutput: String
}

/// Runs the built `darkshare` with `arguments`, standard input read from `inputFile`, and
/// returns its exit code, standard output and peak memory.
///
/// A small Python process starts it and reads `getrusage(RUSAGE_CHILDREN)` once it has exited.
/// The test process cannot measure its own child: Linux carries the peak of the memory a process
/// had before `execve` over into its `ru_maxrss`, and a child forked (or vforked) from the test
/// runner starts with the runner's pages, so it would report the test runner's size.
public func runDarkshareMeasuringMemory(_ arguments: [String], inputFile: URL) throws -> MeasuredRun {
  let output = FileManager.default.temporaryDirectory.appendingPathComponent("darkshare-out-\(UUID().uuidString)")
  defer { try? FileManager.default.removeItem(at: output) }
  let script = """
    import resource, subprocess, sys
    with open(sys.argv[1], "rb") as i, open(sys.argv[2], "wb") as o:
        code = subprocess.run(sys.argv[3:], stdin=i, stdout=o, stderr=subprocess.DEVNULL).returncode
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(code, peak if sys.platform == "darwin" else peak * 1024)
    """
  let measured = try runTool(["python3", "-c", script, inputFile.path, output.path, try darkshareBinary().path] + arguments)
  let fields = measured.output.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
  guard measured.status == 0, fields.count == 2 else {
    throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "cannot measure darkshare: \(measured.output)"])
  }
  let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
  return MeasuredRun(exitCode: Int32(fields[0]), peakResidentBytes: fields[1], standardOutput: text)
}

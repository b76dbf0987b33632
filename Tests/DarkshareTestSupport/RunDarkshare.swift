import Foundation

/// The result of running the built `darkshare` binary.
public struct DarkshareRun: Sendable {
  public var exitCode: Int32
  public var standardOutput: String
  public var standardError: String
}

/// Runs the built `darkshare` executable with `arguments`, optionally feeding `input` on
/// standard input (or the file `inputFile`, opened as standard input as `< FILE` does), from
/// `directory` (default: the package root), with `environment` added to the test's own.
public func runDarkshare(
  _ arguments: [String], input: Data? = nil, inputFile: URL? = nil, in directory: URL = Corpus.packageRoot,
  environment extra: [String: String] = [:]
) throws -> DarkshareRun {
  let process = Process()
  process.executableURL = try darkshareBinary()
  process.arguments = arguments
  process.currentDirectoryURL = directory
  var environment = ProcessInfo.processInfo.environment
  environment["NO_COLOR"] = "1"
  environment.merge(extra) { $1 }
  process.environment = environment
  // Standard error goes to a file and standard output is read here until the child closes
  // it: no second reader is needed, and no thread of Swift's cooperative pool ever blocks
  // waiting for another (parallel tests would exhaust the pool and deadlock).
  let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("darkshare-stderr-\(UUID().uuidString)")
  _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
  defer { try? FileManager.default.removeItem(at: errorFile) }
  let output = Pipe()
  let standardInput = Pipe()
  process.standardOutput = output
  process.standardError = try FileHandle(forWritingTo: errorFile)
  if let inputFile {
    process.standardInput = try FileHandle(forReadingFrom: inputFile)
  } else {
    process.standardInput = standardInput
  }
  try process.run()
  if let input { standardInput.fileHandleForWriting.write(input) }
  try standardInput.fileHandleForWriting.close()
  let outputData = output.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  let errorData = (try? Data(contentsOf: errorFile)) ?? Data()
  return DarkshareRun(
    exitCode: process.terminationStatus, standardOutput: String(decoding: outputData, as: UTF8.self),
    standardError: String(decoding: errorData, as: UTF8.self))
}

/// The `darkshare` binary beside the test bundle (`.build/<configuration>/darkshare`), for
/// tests that run it through a script (the GitHub Action's steps).
public func darkshareBinary() throws -> URL {
  let candidates = [
    Bundle.main.bundleURL.appendingPathComponent("darkshare"),
    Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("darkshare"),
    URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("darkshare"),
  ]
  guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
    throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: candidates[0].path])
  }
  return found
}

/// Runs a tool through `/usr/bin/env` (so `PATH` finds it) from the package root: its exit
/// status and its standard output and error, merged.
public func runTool(_ arguments: [String]) throws -> (status: Int32, output: String) {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = arguments
  process.currentDirectoryURL = Corpus.packageRoot
  let pipe = Pipe()
  process.standardOutput = pipe
  process.standardError = pipe
  try process.run()
  let data = pipe.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

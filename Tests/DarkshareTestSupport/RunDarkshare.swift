import Foundation

/// The result of running the built `darkshare` binary.
public struct DarkshareRun: Sendable {
  public var exitCode: Int32
  public var standardOutput: String
  public var standardError: String
}

/// Runs the built `darkshare` executable with `arguments`, optionally feeding `input` on
/// standard input, from the package root.
public func runDarkshare(_ arguments: [String], input: Data? = nil) throws -> DarkshareRun {
  let process = Process()
  process.executableURL = try darkshareBinary()
  process.arguments = arguments
  process.currentDirectoryURL = Corpus.packageRoot
  var environment = ProcessInfo.processInfo.environment
  environment["NO_COLOR"] = "1"
  process.environment = environment
  let output = Pipe()
  let error = Pipe()
  let standardInput = Pipe()
  process.standardOutput = output
  process.standardError = error
  process.standardInput = standardInput
  try process.run()
  if let input { standardInput.fileHandleForWriting.write(input) }
  try standardInput.fileHandleForWriting.close()
  // Read both pipes before waiting, so a large report cannot fill a pipe and block the child.
  let errorReader = Task.detached { error.fileHandleForReading.readDataToEndOfFile() }
  let outputData = output.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  let errorData = try awaitSync(errorReader)
  return DarkshareRun(
    exitCode: process.terminationStatus, standardOutput: String(decoding: outputData, as: UTF8.self),
    standardError: String(decoding: errorData, as: UTF8.self))
}

private func awaitSync(_ task: Task<Data, Never>) throws -> Data {
  let semaphore = DispatchSemaphore(value: 0)
  let box = DataBox()
  Task {
    box.data = await task.value
    semaphore.signal()
  }
  semaphore.wait()
  return box.data
}

private final class DataBox: @unchecked Sendable {
  var data = Data()
}

/// The `darkshare` binary beside the test bundle (`.build/<configuration>/darkshare`).
private func darkshareBinary() throws -> URL {
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

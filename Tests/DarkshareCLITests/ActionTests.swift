import DarkshareTestSupport
import Foundation
import Testing

/// The GitHub Action's shell steps, run as the runner runs them: each step's `run:` script from
/// `action.yml` under `bash -e`, with the variables the runner sets (`GITHUB_OUTPUT`,
/// `GITHUB_STEP_SUMMARY`, `RUNNER_TEMP`, …) and the step's `env:`. GitHub itself cannot be
/// reached from here; the steps that are actions (`actions/cache`, `upload-sarif`) and the
/// release build are not run.
@Suite struct ActionTests {
  /// The `run: |` block of the step with `id: <id>` (or `name: <id>`), dedented.
  static func script(ofStep id: String) throws -> String {
    let text = try String(contentsOf: Corpus.packageRoot.appendingPathComponent("action.yml"), encoding: .utf8)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let marker = try #require(lines.firstIndex { $0.trimmingCharacters(in: .whitespaces) == "id: \(id)" })
    let run = try #require(lines[marker...].firstIndex { $0.trimmingCharacters(in: .whitespaces) == "run: |" })
    let keyIndent = lines[run].prefix { $0 == " " }.count
    var body = [String]()
    for line in lines[(run + 1)...] {
      let indent = line.prefix { $0 == " " }.count
      if !line.trimmingCharacters(in: .whitespaces).isEmpty, indent <= keyIndent { break }
      body.append(line)
    }
    let indent = body.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map { $0.prefix { $0 == " " }.count }.min() ?? 0
    return body.map { String($0.dropFirst(min(indent, $0.prefix { $0 == " " }.count))) }.joined(separator: "\n")
  }

  /// A workspace with the runner's files, and what a step wrote to them.
  struct Runner {
    let root: URL
    var output: URL { root.appendingPathComponent("github_output") }
    var stepSummary: URL { root.appendingPathComponent("step_summary") }
    var temp: URL { root.appendingPathComponent("runner_temp") }

    init() throws {
      root = FileManager.default.temporaryDirectory.appendingPathComponent("darkshare-action-\(UUID().uuidString)")
      try FileManager.default.createDirectory(at: root.appendingPathComponent("runner_temp"), withIntermediateDirectories: true)
      try Data().write(to: root.appendingPathComponent("github_output"))
      try Data("existing summary\n".utf8).write(to: root.appendingPathComponent("step_summary"))
    }

    /// Runs `script` under `bash -e` (as `shell: bash` does) with the runner's variables and `env`.
    func run(_ script: String, env: [String: String]) throws -> (status: Int32, output: String, error: String) {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/bin/bash")
      process.arguments = ["--noprofile", "--norc", "-eo", "pipefail", "-c", script]
      process.currentDirectoryURL = root
      var environment = ProcessInfo.processInfo.environment
      environment["GITHUB_OUTPUT"] = output.path
      environment["GITHUB_STEP_SUMMARY"] = stepSummary.path
      environment["RUNNER_TEMP"] = temp.path
      environment["RUNNER_OS"] = "Linux"
      environment["RUNNER_ARCH"] = "X64"
      environment["RUNNER_TOOL_CACHE"] = root.appendingPathComponent("toolcache").path
      environment["GITHUB_ACTION_PATH"] = Corpus.packageRoot.path
      environment["NO_COLOR"] = "1"
      for (key, value) in env { environment[key] = value }
      process.environment = environment
      let errorFile = root.appendingPathComponent("stderr-\(UUID().uuidString)")
      _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
      let pipe = Pipe()
      process.standardOutput = pipe
      process.standardError = try FileHandle(forWritingTo: errorFile)
      try process.run()
      let data = pipe.fileHandleForReading.readDataToEndOfFile()
      process.waitUntilExit()
      return (
        process.terminationStatus, String(decoding: data, as: UTF8.self),
        (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
      )
    }

    /// The `name=value` lines a step wrote to `GITHUB_OUTPUT`.
    func outputs() throws -> [String: String] {
      let lines = try String(contentsOf: output, encoding: .utf8).split(separator: "\n")
      return Dictionary(lines.map { line in
        let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
        return (parts[0], parts.count > 1 ? parts[1] : "")
      }, uniquingKeysWith: { _, last in last })
    }
  }

  private func auditEnvironment(paths: String, failOn: String = "error") throws -> [String: String] {
    [
      "DARKSHARE_BIN": try darkshareBinary().path, "DARKSHARE_PATHS": paths, "DARKSHARE_FAIL_ON": failOn,
      "DARKSHARE_CONFIG": "", "DARKSHARE_BASELINE": "", "DARKSHARE_REDACT": "false",
    ]
  }

  @Test func theAuditStepWritesSARIFTheSummaryAndAnnotationsInOneRunAndFailsOnFindings() throws {
    let runner = try Runner()
    let newsletter = Corpus.packageRoot.appendingPathComponent("corpora/html/privacy-and-pii.html").path
    let result = try runner.run(try Self.script(ofStep: "audit"), env: try auditEnvironment(paths: newsletter))
    #expect(result.status == 1, "\(result.error)")
    let annotations = result.output.split(separator: "\n")
    #expect(annotations.count == 25 && annotations.allSatisfy { $0.hasPrefix("::error ") || $0.hasPrefix("::warning ") })
    // The log says why the step failed.
    #expect(result.error.contains("1 file, 26 links") && result.error.contains("12 errors, 13 warnings"))
    let sarifPath = try #require(try runner.outputs()["sarif"])
    #expect(sarifPath == runner.temp.appendingPathComponent("darkshare.sarif").path)
    let sarif = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: sarifPath))) as? [String: Any]
    #expect(((sarif?["runs"] as? [[String: Any]])?.first?["results"] as? [Any])?.count == 25)
    let summary = try String(contentsOf: runner.stepSummary, encoding: .utf8)
    #expect(summary.hasPrefix("existing summary\n## darkshare audit\n"))
    #expect(summary.contains("| error | 12 |"))
  }

  @Test func theAuditStepPassesACleanTemplateAndHonoursFailOn() throws {
    let runner = try Runner()
    let clean = runner.root.appendingPathComponent("clean.html")
    try Data(#"<a href="https://shop.example/?utm_source=nl&amp;utm_medium=email&amp;utm_campaign=may">Shop</a>"#.utf8).write(to: clean)
    let passed = try runner.run(try Self.script(ofStep: "audit"), env: try auditEnvironment(paths: clean.path))
    #expect(passed.status == 0, "\(passed.error)")
    #expect(passed.output.isEmpty)
    let newsletter = Corpus.packageRoot.appendingPathComponent("corpora/html/privacy-and-pii.html").path
    let never = try runner.run(try Self.script(ofStep: "audit"), env: try auditEnvironment(paths: newsletter, failOn: "never"))
    #expect(never.status == 0, "\(never.error)")
  }

  @Test func theCacheKeyNamesTheVersionTheSourcesAndTheSwiftVersion() throws {
    let runner = try Runner()
    let result = try runner.run(try Self.script(ofStep: "key"), env: ["ImageOS": "ubuntu24"])
    #expect(result.status == 0, "\(result.error)")
    let outputs = try runner.outputs()
    let key = try #require(outputs["key"])
    #expect(key.wholeMatch(of: /darkshare-ubuntu24-X64-[0-9]+\.[0-9]+\.[0-9]+-[0-9a-f]{16}-swift-[0-9]+\.[0-9]+(\.[0-9]+)?/) != nil, "\(key)")
    #expect(outputs["dir"]?.hasPrefix(runner.root.appendingPathComponent("toolcache/darkshare/").path) == true)
    // The same sources give the same key.
    let again = try Runner()
    _ = try again.run(try Self.script(ofStep: "key"), env: ["ImageOS": "ubuntu24"])
    #expect(try again.outputs()["key"] == key)
  }
}

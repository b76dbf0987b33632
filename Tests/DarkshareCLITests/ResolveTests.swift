import DarkshareTestSupport
import Foundation
import Testing

/// `--resolve` against a real HTTP server on loopback (Fixtures/redirect_server.py): chains,
/// loops, timeouts, a hop that drops the UTMs, HEAD refused, too many hops, and a private
/// address refused without `--resolve-allow-private`.
@Suite(.serialized) struct ResolveTests {
  /// A running fixture server and a folder holding a newsletter that links to it.
  final class Server {
    let port: Int
    let folder: URL
    let log: URL
    let hostLog: URL
    private let process: Process

    init() throws {
      folder = FileManager.default.temporaryDirectory.appendingPathComponent("darkshare-resolve-\(UUID().uuidString)")
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      let portFile = folder.appendingPathComponent("port")
      log = URL(fileURLWithPath: portFile.path + ".log")
      hostLog = URL(fileURLWithPath: portFile.path + ".hosts")
      process = Process()
      process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      let script = Corpus.packageRoot.appendingPathComponent("Tests/DarkshareCLITests/Fixtures/redirect_server.py").path
      process.arguments = ["python3", script, portFile.path]
      // Not the test runner's own output: a child holding it open would keep `swift test` waiting.
      process.standardInput = FileHandle.nullDevice
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      try process.run()
      // A wait, not a measurement: a busy machine may take long to start Python.
      let deadline = Date().addingTimeInterval(60)
      while !FileManager.default.fileExists(atPath: portFile.path), process.isRunning, Date() < deadline { usleep(20_000) }
      port = Int(try String(contentsOf: portFile, encoding: .utf8)) ?? 0
      try Data("redirect-hosts: [\"127.0.0.1\"]\n".utf8).write(to: folder.appendingPathComponent(".darkshare.yml"))
    }

    /// Stops the server: SIGTERM, then SIGKILL if it has not exited within two seconds.
    func stop() {
      guard process.isRunning else { return }
      process.terminate()
      let deadline = Date().addingTimeInterval(2)
      while process.isRunning, Date() < deadline { usleep(20_000) }
      if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    deinit {
      stop()
    }

    /// Audits a newsletter linking to `paths` on the server, with `arguments`; a request may take
    /// `timeout` seconds (generous by default, so a busy machine does not turn an answer into a
    /// timeout; `/slow` answers after 3 s).
    func audit(
      _ paths: [String], _ arguments: [String] = ["--resolve-allow-private"], timeout: String = "20"
    ) throws -> (DarkshareRun, [[String: Any]]) {
      let html = paths.map { #"<p><a href="http://127.0.0.1:\#(port)\#($0)">link</a></p>"# }.joined(separator: "\n")
      let file = folder.appendingPathComponent("mail.html")
      try Data(html.utf8).write(to: file)
      let cache = folder.appendingPathComponent("cache.json").path
      let run = try runDarkshare(
        ["links", "--format", "ndjson", "--resolve", "--resolve-timeout", timeout, "--resolve-cache", cache] + arguments + [file.path],
        in: folder)
      let links = run.standardOutput.split(separator: "\n").compactMap {
        try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
      }
      return (run, links)
    }

    /// "HOST PATH" for every request, HOST as the Host header named it.
    var hosts: [String] {
      ((try? String(contentsOf: hostLog, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    var requests: [String] {
      ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }
  }

  private func url(_ server: Server, _ path: String) -> String { "http://127.0.0.1:\(server.port)\(path)" }

  @Test func aRedirectChainIsFollowedAndItsDestinationJudged() throws {
    let server = try Server()
    defer { server.stop() }
    let (run, links) = try server.audit(["/chain/1", "/untagged"])
    #expect(run.exitCode == 0, "\(run.standardError)")
    #expect(links.count == 2)
    #expect(links[0]["status"] as? String == "tracked")
    #expect(links[0]["destination"] as? String == url(server, "/landing?utm_source=nl&utm_medium=email&utm_campaign=may"))
    #expect((links[0]["hops"] as? [String])?.count == 4)
    #expect(links[1]["status"] as? String == "dark")
    #expect((links[1]["rules"] as? [String]) == ["untagged-link", "insecure-link"])  // the server speaks http
    // HEAD is enough: no GET was made.
    #expect(server.requests.allSatisfy { $0.hasPrefix("HEAD ") })
  }

  @Test func aHopThatDropsTheParametersIsReported() throws {
    let server = try Server()
    defer { server.stop() }
    let (_, links) = try server.audit(["/drop?utm_source=nl&amp;utm_medium=email&amp;utm_campaign=may"])
    let rules = links.first?["rules"] as? [String] ?? []
    #expect(rules.contains("parameters-lost-in-redirect"))
    #expect(links.first?["status"] as? String == "dark")
  }

  @Test func headRefusedFallsBackToGet() throws {
    let server = try Server()
    defer { server.stop() }
    let (_, links) = try server.audit(["/nohead"])
    #expect(links.first?["status"] as? String == "tracked")
    #expect(server.requests.contains("GET /nohead"))
  }

  @Test func loopsTimeoutsAndEndlessChainsStopWithAReason() throws {
    let server = try Server()
    defer { server.stop() }
    let (run, _) = try server.audit(["/loop/a", "/slow", "/many/1"], timeout: "2")
    // Each stops after so many requests (counted, not timed): the loop when it comes back, the
    // endless chain at the 10-hop limit, the slow server after a HEAD and a GET timed out.
    let requests = server.requests
    #expect(requests.filter { $0.contains(" /loop/") }.count == 2, "\(requests)")
    #expect((10...11).contains(requests.filter { $0.contains(" /many/") }.count), "\(requests)")
    #expect((1...2).contains(requests.filter { $0.hasSuffix(" /slow") }.count), "\(requests)")
    let text = try runDarkshare(["audit", "--resolve", "--resolve-allow-private", "--resolve-timeout", "2",
      "--resolve-cache", server.folder.appendingPathComponent("c2.json").path, server.folder.appendingPathComponent("mail.html").path],
      in: server.folder)
    #expect(text.standardOutput.contains("--resolve stopped: redirect loop back to"))
    #expect(text.standardOutput.contains("--resolve stopped: no answer from 127.0.0.1 (timeout or connection error)"))
    #expect(text.standardOutput.contains("--resolve stopped: more than 10 redirects"))
    #expect(run.exitCode == 0)
  }

  @Test func privateAddressesAreRefusedByDefault() throws {
    let server = try Server()
    defer { server.stop() }
    let (_, links) = try server.audit(["/tagged"], [])
    #expect(links.first?["status"] as? String == "unknown")
    #expect(server.requests.isEmpty, "no request may reach a loopback address without --resolve-allow-private")
    // The reason is in the JSON record too.
    #expect((links.first?["resolveError"] as? String)?.contains("resolves to 127.0.0.1, a loopback address (127.0.0.0/8") == true)
    let text = try runDarkshare(["audit", "--resolve", "--resolve-cache", server.folder.appendingPathComponent("c3.json").path,
      server.folder.appendingPathComponent("mail.html").path], in: server.folder)
    #expect(text.standardOutput.contains("'127.0.0.1' resolves to 127.0.0.1, a loopback address (127.0.0.0/8, RFC 1122); refused"))
  }

  @Test func theCacheAnswersTheSecondRun() throws {
    let server = try Server()
    defer { server.stop() }
    _ = try server.audit(["/tagged"])
    let first = server.requests.count
    #expect(first > 0)
    let (_, links) = try server.audit(["/tagged"])
    #expect(server.requests.count == first, "the second run must be answered from the cache")
    #expect(links.first?["status"] as? String == "tracked")
  }

  @Test func aSuggestionKeepsTheLinksOwnCampaignValuesNotTheFileStem() throws {
    let server = try Server()
    defer { server.stop() }
    // The link carries its campaign; the redirect drops it. The destination is judged (dark),
    // and its repair must put back the link's own values, not the stem of `mail.html`.
    _ = try server.audit(["/drop?utm_source=nl&amp;utm_medium=email&amp;utm_campaign=may"])
    let run = try runDarkshare([
      "audit", "--format", "json", "--resolve", "--resolve-allow-private", "--resolve-timeout", "1", "--resolve-cache",
      server.folder.appendingPathComponent("c4.json").path, server.folder.appendingPathComponent("mail.html").path,
    ], in: server.folder)
    let report = try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any]
    let findings = report?["findings"] as? [[String: Any]] ?? []
    #expect(findings.contains { $0["rule"] as? String == "parameters-lost-in-redirect" })
    let suggestions = findings.compactMap { $0["suggestion"] as? String }
    #expect(!suggestions.isEmpty)
    #expect(suggestions.allSatisfy { $0 == "https://127.0.0.1:\(server.port)/landing?utm_source=nl&utm_medium=email&utm_campaign=may" }, "\(suggestions)")
  }
}

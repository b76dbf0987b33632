import DarkshareTestSupport
import Foundation
import Testing

/// File names found in a walk are chosen by whoever made the archive: their control, bidi and
/// invisible characters reach neither the report nor standard error raw (issue 15, defect 9),
/// whether the file has links, is passed over (`--verbose`) or cannot be read.
@Suite struct HostileFileNameTests {
  static let forbidden: Set<Unicode.Scalar> = ["\u{0}", "\u{7}", "\u{1B}", "\u{D}", "\u{202E}", "\u{2066}", "\u{200F}", "\u{200D}"]

  @Test(arguments: ["text", "github", "csv", "markdown"])
  func hostileFileNamesAreShownNotObeyed(format: String) throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("darkshare-names-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: root) }
    let files = [
      "sale\u{202E}lmth.html": #"<a href="https://shop.example/sale">Sale</a>"#,
      "chat\u{1B}[2J\u{7}.json": #"{"name":"x","type":"personal_chat","id":1,"messages":["#,
      "mail\u{2066}\u{200F}\u{200D}.eml": "From: a@b.example\nSubject: x\nContent-Type: multipart/mixed\n\nno boundary",
    ]
    for (name, text) in files { try Data(text.utf8).write(to: root.appendingPathComponent(name)) }
    let run = try runDarkshare(["audit", "--verbose", "--fail-on", "never", "--format", format, "."], in: root)
    let output = format == "csv" ? run.standardOutput.replacing("\r\n", with: "\n") : run.standardOutput
    for (stream, text) in [("standard output", output), ("standard error", run.standardError)] {
      let raw = text.unicodeScalars.filter { Self.forbidden.contains($0) }
      #expect(raw.isEmpty, "\(format): \(stream) writes \(raw.map { String($0.value, radix: 16) }) raw:\n\(text)")
    }
    #expect((run.standardOutput + run.standardError).contains(#"sale\u{202E}lmth.html"#), "\(run.standardOutput)\(run.standardError)")
    #expect(run.standardError.contains(#"passed over ./chat\u{1B}[2J\u{7}.json"#), "\(run.standardError)")
  }
}

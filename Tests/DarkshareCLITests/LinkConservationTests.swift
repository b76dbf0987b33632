import DarkshareTestSupport
import Foundation
import Testing

/// The conservation check: for every input under `corpora/`, `darkshare links` reports as many
/// links as an independent extraction finds (`Scripts/count-links.py`: Python's `email`,
/// `html.parser`, `csv`, `json`, `xml.etree` and `zipfile`, a simple linkifier for text parts and
/// message bodies, the `.expect` counts for MJML and template sources, which it has no reader
/// for), so a reader change can never drop (or invent) links silently.
@Suite(.enabled(if: pythonIsAvailable, "needs python3"))
struct LinkConservationTests {
  /// One line of the script's output: how many links it found in `path`, and how.
  struct Count: CustomStringConvertible {
    var path: String
    var method: String
    var links: Int
    var description: String { "\(path) (\(method))" }
  }

  /// Runs `Scripts/count-links.py` over `directory` (absolute, or relative to the package root).
  static func independentCounts(of directory: String) throws -> [Count] {
    let run = try runTool(["python3", "Scripts/count-links.py", directory])
    try #require(run.status == 0, "count-links.py failed:\n\(run.output)")
    return run.output.split(separator: "\n").compactMap { line in
      let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
      guard fields.count == 3, let links = Int(fields[0]) else { return nil }
      return Count(path: String(fields[2]), method: String(fields[1]), links: links)
    }
  }

  /// The links `darkshare links --format ndjson PATH` reports (error records not counted).
  static func darkshareLinks(_ path: String) throws -> Int {
    let run = try runDarkshare(["links", "--format", "ndjson", path])
    return run.standardOutput.split(separator: "\n").filter { line in
      let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
      return object?["url"] != nil && object?["error"] == nil
    }.count
  }

  @Test func everyCorpusInputKeepsItsLinks() throws {
    let counts = try Self.independentCounts(of: "corpora")
    // Every kind of input is there, and most are counted by a reader of the script's own.
    #expect(counts.count >= 30, "\(counts)")
    #expect(counts.filter { $0.method != "expect" }.count >= 30, "\(counts)")
    for method in ["html", "mail", "text", "chat", "zip"] { #expect(counts.contains { $0.method == method }, "no input counted by \(method)") }
    for count in counts {
      let reported = try Self.darkshareLinks(count.path)
      #expect(reported == count.links, "\(count): darkshare reports \(reported) links, the independent count is \(count.links)")
    }
  }

  /// The extractor itself follows the counting rules, on inputs written here: if it did not,
  /// the check above would compare darkshare with a wrong number.
  @Test func independentExtractorFollowsTheCountingRules() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("darkshare-count-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let html = """
      <html><body>
      <a href="https://a.example/1">one</a> <A HREF=https://a.example/2>two</A> <area href='https://a.example/3'>
      <a name="top">no href</a> <area nohref> <img src="https://a.example/img.png"> <link href="https://a.example/s.css">
      <!-- <a href="https://a.example/old">a plain comment</a> -->
      <!--[if mso]><v:roundrect href="https://a.example/4"><v:fill src="https://a.example/f.png"/></v:roundrect><![endif]-->
      <!--[if !mso]><!--><a href="https://a.example/5">five</a><!--<![endif]-->
      </body></html>
      """
    try Data(html.utf8).write(to: directory.appendingPathComponent("five.html"))
    let mail = """
      From: Shop <news@shop.example>\r
      Subject: Two parts\r
      MIME-Version: 1.0\r
      Content-Type: multipart/alternative; boundary="b"\r
      \r
      --b\r
      Content-Type: text/plain; charset=utf-8\r
      Content-Transfer-Encoding: quoted-printable\r
      \r
      Sale: https://shop.example/sale?utm_source=3Dnews and www.shop.example/new, mail press@shop.example,=\r
       see shop.example.com/x (not shop.example/y).\r
      --b\r
      Content-Type: text/html; charset=utf-8\r
      \r
      <a href="https://shop.example/sale">Sale</a>\r
      --b--\r

      """
    try Data(mail.utf8).write(to: directory.appendingPathComponent("four.eml"))
    let log = """
      Message SID,From,Body\r
      SM1,+15550000001,"see https://a.example/x and www.b.example, not c.example/y, but shop.example.com/z"\r
      SM2,+15550000002,"mail me at ann@shop.example.com\r
      or (https://a.example/two)."\r

      """
    try Data(log.utf8).write(to: directory.appendingPathComponent("four.csv"))
    let counts = try Self.independentCounts(of: directory.path)
    let byName = Dictionary(uniqueKeysWithValues: counts.map { (URL(fileURLWithPath: $0.path).lastPathComponent, $0.links) })
    #expect(byName == ["five.html": 5, "four.eml": 4, "four.csv": 4])
    // darkshare agrees on these too.
    for count in counts { #expect(try Self.darkshareLinks(count.path) == count.links, "\(count)") }
  }
}

/// Whether `python3` with the standard library's `email` and `html.parser` can run.
private let pythonIsAvailable: Bool = (try? runTool(["python3", "-c", "import email, html.parser"]))?.status == 0

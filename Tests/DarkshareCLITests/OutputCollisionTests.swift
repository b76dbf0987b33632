import DarkshareTestSupport
import Foundation
import Testing

/// `--output` (and `--write-baseline`) naming one of the inputs is refused before anything is
/// read or written: the newsletter is never replaced by its own report.
@Suite struct OutputCollisionTests {
  /// A folder holding `news.html`, a symbolic link and a hard link to it.
  private final class Folder {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("darkshare-output-\(UUID().uuidString)")
    let newsletter = Data(#"<html><body><a href="https://shop.example/sale">Sale</a></body></html>"#.utf8)

    init() throws {
      try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
      try newsletter.write(to: url.appendingPathComponent("news.html"))
      try FileManager.default.createSymbolicLink(atPath: url.appendingPathComponent("link.html").path, withDestinationPath: "news.html")
      try FileManager.default.linkItem(at: url.appendingPathComponent("news.html"), to: url.appendingPathComponent("hard.html"))
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    var entries: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted() }
    var newsletterIsIntact: Bool { (try? Data(contentsOf: url.appendingPathComponent("news.html"))) == newsletter }
  }

  @Test(arguments: ["news.html", "./news.html", "link.html", "hard.html", "ABSOLUTE"])
  func anOutputThatIsAnInputIsRefused(_ output: String) throws {
    let folder = try Folder()
    let target = output == "ABSOLUTE" ? folder.url.appendingPathComponent("news.html").path : output
    let run = try runDarkshare(["audit", "news.html", "--output", target], in: folder.url)
    #expect(run.exitCode == 2)
    #expect(run.standardOutput.isEmpty)
    #expect(run.standardError.contains("--output '\(target)' is the input 'news.html' (the same file)"))
    #expect(folder.newsletterIsIntact)
    #expect(folder.entries == ["hard.html", "link.html", "news.html"])  // not even a temporary file
  }

  @Test func theInputNamedThroughALinkIsCaughtToo() throws {
    let folder = try Folder()
    let run = try runDarkshare(["audit", "link.html", "--format", "json", "--output", "hard.html"], in: folder.url)
    #expect(run.exitCode == 2)
    #expect(folder.newsletterIsIntact)
  }

  @Test func standardInputRedirectedFromTheOutputFileIsRefused() throws {
    let folder = try Folder()
    let news = folder.url.appendingPathComponent("news.html")
    let redirected = try runDarkshare(["audit", "-", "--output", "news.html"], inputFile: news, in: folder.url)
    #expect(redirected.exitCode == 2)
    #expect(redirected.standardError.contains("is the file standard input reads"))
    let named = try runDarkshare(
      ["audit", "-", "--stdin-filename", "news.html", "--output", "link.html"], input: folder.newsletter, in: folder.url)
    #expect(named.exitCode == 2)
    #expect(named.standardError.contains("is standard input's --stdin-filename 'news.html'"))
    #expect(folder.newsletterIsIntact)
  }

  @Test func aBaselineThatIsAnInputIsRefused() throws {
    let folder = try Folder()
    let run = try runDarkshare(["audit", "news.html", "--write-baseline", "hard.html"], in: folder.url)
    #expect(run.exitCode == 2)
    #expect(run.standardError.contains("--write-baseline 'hard.html' is the input 'news.html'"))
    #expect(folder.newsletterIsIntact)
  }

  @Test func anotherFileOrADeviceIsFine() throws {
    let folder = try Folder()
    let report = try runDarkshare(["audit", "news.html", "--output", "report.txt"], in: folder.url)
    #expect(report.exitCode == 1)
    #expect(folder.entries.contains("report.txt"))
    let device = try runDarkshare(["audit", "-", "--output", "/dev/null"], input: folder.newsletter, in: folder.url)
    #expect(device.exitCode == 1)
    #expect(folder.newsletterIsIntact)
  }
}

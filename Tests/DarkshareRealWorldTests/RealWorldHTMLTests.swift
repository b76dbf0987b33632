import DarkshareCore
import DarkshareKit
import DarkshareTestSupport
import Foundation
import Testing

/// Every real-world HTML file in the shared folder is audited without a crash or an error,
/// and a few hand-checked counts hold.
@Suite(.enabled(if: RealWorld.isAvailable, "needs ../shared/realworld"))
struct RealWorldHTMLTests {
  @Test func everyHTMLFileIsAudited() throws {
    let files = RealWorld.files(withExtensions: ["html", "htm", "xhtml"])
    #expect(files.count > 200)
    var links = 0
    for file in files {
      let bytes = try Array(Data(contentsOf: RealWorld.directory.appendingPathComponent(file)))
      let result = Auditor().audit(bytes: bytes, file: file)
      #expect(result.error == nil, "\(file): \(result.error ?? "")")
      links += result.links.count
    }
    #expect(links > 2_000)
  }

  private func audit(_ file: String) throws -> FileResult {
    let bytes = try Array(Data(contentsOf: RealWorld.directory.appendingPathComponent(file)))
    return Auditor().audit(bytes: bytes, file: file)
  }

  /// Mailchimp's blueprint: the footer's merge tags are service links, not dark links.
  @Test func mailchimpMergeTagsAreServiceLinks() throws {
    let result = try audit("html-mailchimp-blueprints/templates/simple-basic.html")
    let byURL = Dictionary(result.links.map { ($0.link.url, $0.status) }, uniquingKeysWith: { first, _ in first })
    #expect(byURL["*|UNSUB|*"] == .excluded)
    #expect(byURL["*|ARCHIVE|*"] == .excluded)
    #expect(byURL["*|UPDATE_PROFILE|*"] == .excluded)
    #expect(!result.links.contains { $0.status == .dark && $0.link.url.contains("*|") })
  }

  /// sendwithus airmail: the VML button inside `<!--[if mso]>` (line 264, checked by hand) is
  /// found beside its `<a>` twin on line 269.
  @Test func vmlButtonsInConditionalCommentsAreFound() throws {
    let result = try audit("html-sendwithus/airmail/confirm.html")
    let vml = result.links.filter { $0.link.element == "v:roundrect" }
    #expect(vml.map(\.link.location.line) == [264])
    #expect(vml.first?.link.text == "My Order")
    #expect(result.links.contains { $0.link.element == "a" && $0.link.location.line == 269 })
  }

  /// Salesforce Marketing Cloud click trackers in Home Depot's campaign are opaque redirects.
  @Test func marketingCloudTrackersAreUnknown() throws {
    let result = try audit("eml-mimekit/text/homedepot-check-inside-now.html")
    let trackers = result.links.filter { $0.link.url.contains("click.email.homedepot.com") }
    #expect(trackers.count > 10)
    #expect(trackers.allSatisfy { $0.status == .unknown || $0.status == .excluded })
    #expect(trackers.filter { $0.status == .unknown }.allSatisfy { $0.findings.map(\.rule) == ["opaque-redirect", "insecure-link"] })
    // "View as a web page" is the view-in-browser link, even behind the tracker.
    #expect(result.links.first { $0.link.text == "View as a web page" }?.status == .excluded)
  }
}

import DarkshareCore
import DarkshareKit
import DarkshareTestSupport
import Foundation
import Testing

/// Every real-world `.eml` in the shared folder is read without a crash or an error, and a few
/// hand-checked facts hold (checked against Python's `email` package and by eye).
@Suite(.enabled(if: RealWorld.isAvailable, "needs ../shared/realworld"))
struct RealWorldEMLTests {
  private func audit(_ file: String) throws -> FileResult {
    let bytes = try Array(Data(contentsOf: RealWorld.directory.appendingPathComponent(file)))
    return Auditor().audit(bytes: bytes, file: file)
  }

  @Test func everyEMLFileIsRead() throws {
    let files = RealWorld.files(withExtensions: ["eml"])
    #expect(files.count > 150)
    var links = 0
    for file in files {
      let result = try audit(file)
      #expect(result.error == nil, "\(file): \(result.error ?? "")")
      links += result.links.count
    }
    #expect(links > 250)
  }

  /// MailChimp newsletter: QP-encoded parts whose hrefs are split by soft line breaks. The text
  /// part has 11 URLs and the HTML part 12 hrefs, 8 of them `list-manage.com/track/click`
  /// trackers; the List-Unsubscribe URL is excluded in both parts.
  @Test func mailchimpNewsletterWithSoftBrokenHrefs() throws {
    let result = try audit("eml-spamscope/mail_test_13.eml")
    #expect(result.links.count == 23)
    #expect(result.links.filter { $0.link.element == "text" }.count == 11)
    let trackers = result.links.filter { $0.link.url.contains("list-manage.com/track/click?u=") }
    #expect(trackers.count == 8)
    #expect(trackers.allSatisfy { $0.status == .unknown && $0.findings.map(\.rule) == ["opaque-redirect"] })
    // Decoded HTML part, line 525: `<a href="https://cimanagementconference.us14…` at column 46.
    #expect(trackers.first.map { [$0.link.location.line, $0.link.location.column] } == [525, 46])
    let unsubscribe = result.links.filter { $0.link.url.contains("list-manage.com/unsubscribe?") }
    #expect(unsubscribe.count == 2)
    #expect(unsubscribe.allSatisfy { $0.status == .excluded && $0.link.isDeclaredServiceLink })
    let message = try #require(result.links.first?.link.message)
    #expect(message.subject == "New Webinar: So, You Have A Disaster... Now What?")
    #expect(message.from == "Continuity Insights <info@continuityinsights.com>")
  }
}

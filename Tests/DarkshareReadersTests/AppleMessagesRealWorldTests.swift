import DarkshareTestSupport
import Foundation
import Testing

@testable import DarkshareReaders

/// The real `attributedBody` typedstreams and link-preview property lists that
/// ReagentX/imessage-exporter keeps as test data (`../shared/realworld/imessage-exporter/`):
/// written by Messages itself, not by this project's test writer. Skipped when the folder is absent.
@Suite(.enabled(if: RealWorld.isAvailable)) struct AppleMessagesRealWorldTests {
  private static let folder = RealWorld.directory.appendingPathComponent("imessage-exporter")

  private static func bytes(_ relative: String) throws -> [UInt8] {
    Array(try Data(contentsOf: folder.appendingPathComponent(relative)))
  }

  @Test(arguments: ["AttributedBodyTextOnly", "AttributedBodyTextOnly2", "MultiPart", "URL", "WeirdText"])
  func everyRealTypedStreamIsRead(_ name: String) throws {
    let body = try AttributedBody(try Self.bytes("streamtyped/\(name)"))
    #expect(!body.text.isEmpty, "\(name)")
  }

  @Test func theLinkAttributeOfARealMessageIsItsURL() throws {
    let body = try AttributedBody(try Self.bytes("streamtyped/URL"))
    #expect(body.text.contains("https://github.com/ReagentX/Logria"))
    #expect(body.links.map(\.url) == ["https://github.com/ReagentX/Logria"])
    #expect(body.links.first?.scalarOffset == 0)
  }

  /// `ExtraData` is a message cut by hand for imessage-exporter's heuristic parser: its string
  /// says 157 bytes where 17 follow. It is refused (that message's problem), not read past.
  @Test func aStringLongerThanItsBlobIsRefusedWithItsOffset() throws {
    #expect(throws: AppleTypedStream.Failure.self) { try AttributedBody(try Self.bytes("streamtyped/ExtraData")) }
  }

  @Test func anEmptyMessageIsReadOrRefusedButNeverCrashes() throws {
    _ = try? AttributedBody(try Self.bytes("streamtyped/Blank"))
  }

  @Test func realRichLinkPreviewsGiveTheSharedURL() throws {
    #expect(try LinkPreview.sharedURL(in: try Self.bytes("url_message/URL.plist")) == "https://chrissardegna.com")
    #expect(
      try LinkPreview.sharedURL(in: try Self.bytes("url_message/Twitter.plist"))
        == "https://twitter.com/rxcs/status/1175874352946077696")
    #expect(
      try LinkPreview.sharedURL(in: try Self.bytes("url_message/Reminder.plist"))?.hasPrefix("https://www.icloud.com/reminders/")
        == true)
    #expect(try LinkPreview.sharedURL(in: try Self.bytes("url_message/MetadataURL.plist")) != nil)
  }
}

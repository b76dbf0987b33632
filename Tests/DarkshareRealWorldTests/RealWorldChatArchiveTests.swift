import DarkshareKit
import DarkshareReaders
import DarkshareTestSupport
import Foundation
import Testing

/// The Google Voice Takeout pages and the Messenger and Instagram exports in the shared real-world
/// folder are claimed by their readers and read without error. Skipped when the folder is absent.
@Suite(.enabled(if: RealWorld.isAvailable)) struct RealWorldChatArchiveTests {
  static var googleVoice: [String] {
    RealWorld.files(withExtensions: ["html"]).filter { $0.hasPrefix("gvoice-") }
  }
  /// Messenger and Instagram JSON; the chat-miner `target.json` files are its expected parse, not exports.
  static var messenger: [String] {
    RealWorld.files(withExtensions: ["json"]).filter {
      ($0.contains("/messenger/") || $0.contains("/instagram/")) && !$0.hasSuffix("target.json")
    }
  }

  @Test func samplesArePresent() {
    #expect(Self.googleVoice.count >= 20)
    #expect(Self.messenger.count >= 2)
  }

  @Test(arguments: googleVoice)
  func googleVoicePagesReadWithoutError(_ file: String) throws {
    let bytes = try Array(Data(contentsOf: RealWorld.directory.appendingPathComponent(file)))
    #expect(BuiltInReaders.reader(forPath: file, head: bytes.prefix(4096))?.format == "google-voice")
    let result = Auditor().audit(bytes: bytes, file: file)
    #expect(result.error == nil, "\(file): \(result.error ?? "")")
    // Only a text message holds links: never Takeout's own label, tel: or attachment links.
    #expect(result.links.allSatisfy { $0.link.channel == .sms && !$0.link.url.contains("google.com/voice") })
    if !file.contains(" - Text - ") && !file.contains("Group Conversation") && !file.contains("sms") && !file.contains("mms") {
      #expect(result.links.isEmpty, "\(file)")
    }
  }

  /// The shared links of the wjcarpenter sample (faked names, real structure) are found, each
  /// with its sender and ISO time.
  @Test func sharedLinksInTextConversationsAreFound() throws {
    let file = "gvoice-wjcarpenter/Voice/Calls/+17323217777 - Text - 2021-01-22T01_33_43Z.html"
    let bytes = try Array(Data(contentsOf: RealWorld.directory.appendingPathComponent(file)))
    let links = try GoogleVoiceReader().links(in: bytes, file: file)
    #expect(links.map(\.url) == ["https://youtu.be/dQw4w9WgXcQ?si=t3H6Q-kXkE4OSY9B"])
    #expect(links.first?.message?.from == "+17323217777")
    #expect(links.first?.message?.date == "2021-01-21T17:33:44.803-08:00")
    #expect(links.first?.message?.index == 1)
  }

  @Test(arguments: messenger)
  func messengerAndInstagramExportsReadWithoutError(_ file: String) throws {
    let bytes = try Array(Data(contentsOf: RealWorld.directory.appendingPathComponent(file)))
    #expect(BuiltInReaders.reader(forPath: file, head: bytes.prefix(4096))?.format == "messenger")
    let result = Auditor().audit(bytes: bytes, file: file)
    #expect(result.error == nil, "\(file): \(result.error ?? "")")
  }
}

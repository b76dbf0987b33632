import DarkshareCore
import DarkshareTestSupport
import Foundation
import Testing

@testable import DarkshareReaders

/// A real Outlook `.msg` (SpamScope/mail-parser's `mail_outlook_1`, a German newsletter) in
/// `../shared/realworld/eml-spamscope/`. Skipped when the folder is absent.
@Suite(.enabled(if: RealWorld.isAvailable)) struct OutlookMessageRealWorldTests {
  /// What Python's `extract_msg` 0.55 finds in the same file, its HTML body's `<a href>`s through
  /// lxml, in order (run once by hand:
  /// `extract_msg.Message(path).htmlBody` → `lxml.html.fromstring(…).iter('a')`); subject,
  /// sender and date from the same `Message`.
  static let expected = [
    "http://www.w-vwa.de/newsletter/index.php?action=nlonlineview&nomenue=true&id=9a4b75a15a562f4c0da5705d86191628",
    "http://www.w-vwa.de/vwa-angebot/seminare/details/verwaltung/2017-57995S.html",
    "http://www.w-vwa.de/vwa-angebot/seminare/details/verwaltung/2017-57971S.html",
    "http://www.w-vwa.de/vwa-angebot/seminare/details/verwaltung/2017-57950S.html",
    "http://www.w-vwa.de",
    "mailto:info@w-vwa.de",
    "http://www.w-vwa.de",
    "http://www.facebook.com/wuerttembergische.vwa",
    "https://www.xing.com/companies/w%2525C3%25259Crttembergischeverwaltungs-undwirtschafts-akademiee.v.",
    "http://www.w-vwa.de/video.html",
    "http://www.w-vwa.de/newsletter/index.php?action=nlchngsubscr&uuid=9a4b75a15a562f4c0da5705d86191628",
  ]

  @Test func theRealMessageGivesTheLinksExtractMsgFinds() throws {
    let path = RealWorld.directory.appendingPathComponent("eml-spamscope/mail_outlook_1.msg")
    let bytes = Array(try Data(contentsOf: path))
    #expect(BuiltInReaders.reader(forPath: "-", head: bytes.prefix(4096)) == OutlookMessageReader.self)
    let read = try OutlookMessageReader().read(bytes, file: "mail_outlook_1.msg")
    #expect(read.problem == nil)
    #expect(read.links.map(\.url) == Self.expected)
    let message = try #require(read.links.first?.message)
    #expect(message.subject == "Newsletter Prüfung Personalwesen / Prüfung Eröffnungsbilanz")
    #expect(message.from?.contains("NueblingV@w-vwa.de") == true)
    #expect(message.date == "2017-09-18T10:00:18+00:00")
  }
}

import DarkshareCore
import DarkshareMarkup
import Foundation
import Testing

@testable import DarkshareReaders

/// The SMS Backup & Restore reader on hostile and broken XML: entity bombs, external entities,
/// truncation, binary garbage, many links, invalid surrogate-pair character references.
@Suite struct SMSBackupReaderTests {
  private static let header = "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n"

  private func read(_ text: String) throws(ReaderError) -> (links: [Link], problem: ReaderError?) {
    try SMSBackupReader().read(Array(text.utf8), file: "sms.xml")
  }

  @Test func readsSmsAndMmsTextWithContext() throws {
    let xml = Self.header + """
      <smses count="2">
        <sms address="+15550001" date="1700000000000" body="see https://a.example/x?a=1&amp;b=2 and www.b.example" readable_date="null" contact_name="(Unknown)" />
        <mms address="+15550002" date="1700000001000" readable_date="Nov 14, 2023" contact_name="Ann"><parts>
          <part ct="application/smil" text="&lt;smil&gt;https://smil.example/&lt;/smil&gt;" />
          <part ct="text/plain" text="https://c.example/" data="AAAA" />
        </parts></mms>
      </smses>
      """
    let read = try read(xml)
    #expect(read.problem == nil)
    #expect(read.links.map(\.url) == ["https://a.example/x?a=1&b=2", "www.b.example", "https://c.example/"])
    #expect(read.links.map(\.location.line) == [3, 3, 6])
    #expect(read.links[0].location.column == 59)
    #expect(read.links[1].location.column == 95)
    #expect(read.links.allSatisfy { $0.channel == .sms })
    #expect(read.links[0].message == MessageContext(index: 0, date: "2023-11-14T22:13:20+00:00", from: "+15550001"))
    #expect(read.links[2].message == MessageContext(index: 1, date: "2023-11-14T22:13:21+00:00", from: "Ann"))
  }

  @Test func sniffsOnlyXMLWithAnSmsesRoot() {
    #expect(SMSBackupReader.accepts(path: "sms-1.xml", head: Array((Self.header + "<smses count=\"0\"/>").utf8)[...]))
    #expect(!SMSBackupReader.accepts(path: "calls-1.xml", head: Array((Self.header + "<calls count=\"0\"/>").utf8)[...]))
    #expect(!SMSBackupReader.accepts(path: "sms.txt", head: Array("<smses>".utf8)[...]))
    let late = Self.header + String(repeating: " ", count: 2000) + "<smses/>"
    #expect(!SMSBackupReader.accepts(path: "sms.xml", head: Array(late.utf8)[...]))
  }

  @Test func billionLaughsIsNotExpanded() throws {
    var xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE smses [\n<!ENTITY lol \"lol https://lol.example/ \">\n"
    xml += "<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
    for level in 2...9 {
      xml += "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level - 1);", count: 10) + "\">\n"
    }
    xml += "]>\n<smses count=\"1\"><sms address=\"1\" body=\"&lol9;\" /><sms address=\"2\" body=\"after https://after.example/\" /></smses>\n"
    var result: (links: [Link], problem: ReaderError?)? = nil
    var thrown: ReaderError? = nil
    do { result = try read(xml) } catch { thrown = error }
    // The work done is counted, not timed: libxml2 either keeps the reference unexpanded or stops with an entity-amplification error;
    // in no case are a billion copies of the lol link produced.
    let links = result?.links ?? []
    #expect(links.filter { $0.url == "https://lol.example/" }.count <= 10)
    #expect(result != nil || thrown != nil)
  }

  @Test func externalEntityIsNotRead() throws {
    let xml = """
      <?xml version="1.0"?>
      <!DOCTYPE smses [ <!ENTITY x SYSTEM "file:///etc/passwd"> ]>
      <smses count="1"><sms address="1" body="leak &x; https://a.example/" /></smses>

      """
    var texts = [String]()
    let error = XMLStreamReader.read(Array(xml.utf8)) { element in texts += element.attributes.values }
    #expect(!texts.joined().contains("root:"))
    let urls = (try? read(xml))?.links.map(\.url) ?? []
    #expect(!urls.joined().contains("root:"))
    #expect(error != nil || texts.contains { $0.contains("&x;") || !$0.contains("leak") || $0 == "leak  https://a.example/" })
  }

  @Test func truncatedDocumentKeepsTheLinksBeforeTheBreak() throws {
    var xml = Self.header + "<smses count=\"300\">\n"
    for index in 0..<300 { xml += "  <sms address=\"+1555\" body=\"n\(index) https://a.example/\(index)\" />\n" }
    xml += "  <sms address=\"+1555\" body=\"cut https://cut.exa"
    let read = try read(xml)
    #expect(read.links.count == 300)
    #expect(read.links.last?.url == "https://a.example/299")
    let problem = try #require(read.problem)
    #expect(problem.message.contains("line 303"))
    #expect(throws: ReaderError.self) { try SMSBackupReader().links(in: Array(xml.utf8), file: "sms.xml") }
  }

  @Test func binaryGarbageNamedXMLIsAnError() {
    var generator = SystemRandomNumberGenerator()
    let garbage = (0..<10_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
    #expect(throws: ReaderError.self) { try SMSBackupReader().read(garbage, file: "sms.xml") }
    #expect(throws: ReaderError.self) { try SMSBackupReader().read(Array("<smses".utf8) + [0, 0, 1, 2], file: "sms.xml") }
    #expect(throws: ReaderError.self) { try SMSBackupReader().read([], file: "sms.xml") }
  }

  /// Each of 5000 links in one body is found once, at its own column: the search for the next
  /// one starts after the previous one (a search from the line start each time would still
  /// find the same links; how fast is a benchmark's business).
  @Test func aBodyWithManyLinksIsReadInFull() throws {
    let body = (0..<5000).map { "https://m.example/\($0)?utm_source=a&amp;utm_medium=sms" }.joined(separator: " ")
    let xml = Self.header + "<smses count=\"1\"><sms address=\"1\" body=\"\(body)\" /></smses>"
    let links = try read(xml).links
    #expect(links.map(\.url) == (0..<5000).map { "https://m.example/\($0)?utm_source=a&utm_medium=sms" })
    let columns = links.map(\.location.column)
    #expect(zip(columns, columns.dropFirst()).allSatisfy { $0 < $1 })
  }

  /// Surrogate-pair character references (`&#55357;&#56832;`, 😀 as UTF-16) are not XML; they
  /// are joined before parsing, so every message is read and columns stay those of the file.
  @Test func surrogatePairReferencesAreJoinedAndTheWholeFileRead() throws {
    let xml = Self.header + """
      <smses count="3">
        <sms address="1" body="first https://first.example/" />
        <sms address="2" body="&#55357;&#56832; https://emoji.example/" />
        <sms address="3" body="last https://last.example/" />
      </smses>

      """
    let read = try read(xml)
    #expect(read.problem == nil)
    #expect(read.links.map(\.url) == ["https://first.example/", "https://emoji.example/", "https://last.example/"])
    let emoji = try #require(read.links.dropFirst().first)
    let line = xml.split(separator: "\n", omittingEmptySubsequences: false)[emoji.location.line - 1]
    #expect(Array(line.unicodeScalars)[(emoji.location.column - 1)...].starts(with: "https://emoji.example/".unicodeScalars))
  }

  @Test func loneSurrogatesBecomeReplacementCharacters() {
    let repaired = SurrogatePairRepair.repaired(Array("a&#55357;b&#xD83D;&#xDE00;c".utf8)).map { String(decoding: $0, as: UTF8.self) }
    #expect(repaired == "a&#65533;b&#128512;c")
    #expect(SurrogatePairRepair.repaired(Array("no references &#233; here".utf8)) == nil)
  }
}

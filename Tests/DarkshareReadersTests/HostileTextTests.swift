import DarkshareCore
import Foundation
import Testing

@testable import DarkshareReaders

/// Text that is not clean UTF-8 is still text (issue 15, defect 6), binary is told by NUL and
/// control bytes, and UTF-16 SMS backups are read (defect 11).
@Suite struct HostileTextTests {
  /// A 45-byte file with a few bad bytes used to be "binary data" and lose its link.
  @Test func aFewInvalidBytesDoNotMakeTextBinary() throws {
    let bytes: [UInt8] = Array("see ".utf8) + [0xFF, 0xFE, 0x80] + Array(" https://shop.example/sale now\n".utf8)
    let links = try PlainTextReader().links(in: bytes, file: "n.txt")
    #expect(links.map(\.url) == ["https://shop.example/sale"])
  }

  /// Latin-1 text is read as windows-1252, as the HTML reader reads an undeclared document.
  @Test func legacyLatin1TextIsDecoded() throws {
    let text = "Cr\u{E8}me br\u{FB}l\u{E9}e \u{E0} la fran\u{E7}aise : https://recettes.example/cr\u{E8}me?x=1\n"
    let bytes = Array(text.unicodeScalars.map { UInt8($0.value) })
    let links = try PlainTextReader().links(in: bytes, file: "fr.txt")
    #expect(links.map(\.url) == ["https://recettes.example/cr\u{E8}me?x=1"])
    #expect(links.first?.location.column == 31)  // one column a character
  }

  /// Mostly UTF-8 with one bad byte stays UTF-8: the other characters keep their columns.
  @Test func mostlyUTF8StaysUTF8() {
    let bytes = Array("\u{E9}\u{E9}\u{E9} ".utf8) + [0xFF] + Array(" https://a.example/".utf8)
    #expect(LegacyText.string(bytes) == "\u{E9}\u{E9}\u{E9} \u{FFFD} https://a.example/")
  }

  @Test func aSingleNULDoesNotMakeADocumentUnreadable() throws {
    let html = Array("<p>hi\0 there <a href=\"https://n.example/a\">n</a></p>".utf8)
    #expect(try HTMLReader().links(in: html, file: "n.html").map(\.url) == ["https://n.example/a"])
    let eml = Array("From: a@b.example\nContent-Type: text/html\n\n<p>\0</p><a href=\"https://n.example/b\">b</a>\n".utf8)
    #expect(try EMLReader().links(in: eml, file: "n.eml").map(\.url) == ["https://n.example/b"])
    let csv = Array("from,body\n+1,\"hi\0 https://n.example/c\"\n".utf8)
    #expect(try CSVMessageLogReader().links(in: csv, file: "n.csv").map(\.url) == ["https://n.example/c"])
  }

  @Test func binaryIsToldByNULsAndControlBytes() {
    var random = SystemRandomNumberGenerator()
    let noise = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &random) }
    #expect(BinarySniffer.problem(in: noise)?.contains("binary data") == true)
    #expect(BinarySniffer.problem(in: [UInt8](repeating: 0, count: 4096)) != nil)
    #expect(BinarySniffer.problem(in: [0x25, 0x50, 0x44, 0x46, 0x2D, 0x31]) == "not an HTML document: the file is a PDF document")
    // Legacy 8-bit text is all high bytes, never controls.
    let latin = (0..<4096).map { UInt8(0xA0 + $0 % 0x60) }
    #expect(BinarySniffer.problem(in: latin) == nil)
    // UTF-16 with its byte-order mark is text.
    #expect(BinarySniffer.problem(in: [0xFF, 0xFE] + Array("<".utf8) + [0]) == nil)
  }

  /// `/dev/zero` on standard input is refused from its first bytes, not after 512 MiB.
  @Test func aWholeInputIsSniffedBeforeItIsRead() throws {
    final class Endless: ByteSource {
      var served = 0
      func read(upTo count: Int) throws(ReaderError) -> [UInt8] {
        served += count
        return [UInt8](repeating: 0, count: count)
      }
    }
    let endless = Endless()
    let stream = WholeInputMessages(
      reader: HTMLReader(), source: try PeekedByteSource(endless, peeking: 4096), file: "-", limit: 512 << 20)
    let batch = try #require(stream.next())
    #expect(batch.problem?.message.contains("binary data") == true)
    #expect(endless.served <= 4096)
  }

  @Test(arguments: [false, true])
  func utf16SMSBackupsAreRead(bigEndian: Bool) throws {
    let xml = """
      <?xml version='1.0' encoding='UTF-16' standalone='yes' ?>
      <smses count="1">
        <sms address="+15550001" body="caf\u{E9} \u{1F600} https://u16.example/a?b=1&amp;c=2" contact_name="Ann" />
      </smses>

      """
    var bytes: [UInt8] = bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]
    for unit in xml.utf16 {
      bytes += bigEndian ? [UInt8(unit >> 8), UInt8(unit & 0xFF)] : [UInt8(unit & 0xFF), UInt8(unit >> 8)]
    }
    #expect(SMSBackupReader.accepts(path: "backup.xml", head: bytes[...]))
    let read = try SMSBackupReader().read(bytes, file: "backup.xml")
    #expect(read.problem == nil)
    #expect(read.links.map(\.url) == ["https://u16.example/a?b=1&c=2"])
    #expect(read.links.first?.location.line == 3)
    #expect(read.links.first?.message?.from == "Ann")
  }

  @Test func utf16SplitAnywhereDecodesTheSame() {
    let text = "a\u{1F600}b\u{E9}\n"
    let bytes = text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    for split in 0...bytes.count {
      var decoder = UTF16Decoder(isBigEndian: false)
      let utf8 = decoder.decode(Array(bytes[..<split]), isLast: false) + decoder.decode(Array(bytes[split...]), isLast: true)
      #expect(String(decoding: utf8, as: UTF8.self) == text, "split at \(split)")
    }
  }

  /// CSV positions survive the byte-range parser: doubled quotes and line breaks in a body.
  @Test func csvPositionsInsideQuotedBodies() throws {
    let csv = "from,body\n+1,\"say \"\"hi\"\"\r\nthen \u{E9} https://c.example/x\"\n+2,plain https://c.example/y\n"
    let links = try CSVMessageLogReader().links(in: Array(csv.utf8), file: "l.csv")
    #expect(links.map(\.url) == ["https://c.example/x", "https://c.example/y"])
    #expect(links.map(\.location.line) == [3, 4])
    #expect(links.map(\.location.column) == [8, 10])
  }
}

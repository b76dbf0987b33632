import DarkshareCore
@testable import DarkshareKit
import DarkshareReaders
import DarkshareTestSupport
import Foundation
import Testing

/// An HTML document too large to hold is read in parts, two or three times, and judged with
/// what the whole document shows: every link, status, finding, position and error must be what
/// reading it whole gives. Here every document is read in parts, whatever its size.
@Suite struct DocumentPartsTests {
  private var inParts: Auditor {
    var auditor = Auditor()
    auditor.largestWholeDocument = 0
    return auditor
  }

  /// The audit of `input`, every part joined.
  private func audited(_ input: ResolvedInput, by auditor: Auditor) -> FileResult? {
    let audit = auditor.parts(of: input)
    var joined: FileResult?
    while let part = audit.nextPart() { joined = joined.map { $0.appending(part) } ?? part }
    return joined
  }

  private func expectSame(_ path: String) {
    let whole = audited(.file(path: path), by: Auditor())
    let parted = audited(.file(path: path), by: inParts)
    #expect(parted?.links == whole?.links, "\(path)")
    #expect(parted?.error == whole?.error, "\(path)")
    #expect(parted?.messages == whole?.messages, "\(path)")
  }

  @Test func everyCorpusDocumentReadsTheSameInParts() throws {
    let html = Corpus.labelledFiles.filter { $0.hasSuffix(".html") || $0.hasSuffix(".txt") }
    #expect(html.count > 10)
    for file in html { expectSame(Corpus.packageRoot.appendingPathComponent(file).path) }
  }

  @Test(.enabled(if: RealWorld.isAvailable)) func realWorldDocumentsReadTheSameInParts() throws {
    let files = RealWorld.files(withExtensions: ["html", "htm", "txt"])
    #expect(files.count > 50)
    for file in files { expectSame(RealWorld.directory.appendingPathComponent(file).path) }
  }

  /// A text is cut after blank lines (where a lead-in stops), its lines counted on across parts,
  /// in every line-end style and legacy encoding.
  @Test(arguments: ["\n", "\r\n", "\r"]) func aLargeTextIsCutBetweenParagraphs(_ lineEnd: String) throws {
    var text = ""
    for index in 0..<60_000 {
      text += "Paragraph \(index): our sale starts now at shop.example/p/\(index)?utm_source=nl and ends soon.\(lineEnd)"
      if index % 3 == 0 { text += " \t\(lineEnd)" }
    }
    let folder = try makeTemporaryDirectory()
    for (name, bytes) in [("utf8.txt", Array(text.utf8)), ("legacy.txt", Array(text.utf8) + [0xE9, 0x0A])] {
      let file = folder.appendingPathComponent(name)
      try Data(bytes).write(to: file)
      #expect(bytes.count > 4 << 20)
      expectSame(file.path)
    }
  }

  /// Standard input and a document inside a zip or `.gz` are copied to a temporary file first.
  @Test func anInputWithoutAPathIsReadInPartsFromACopy() throws {
    let path = Corpus.packageRoot.appendingPathComponent("corpora/html/mailchimp-spring-sale.html").path
    let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    let whole = audited(.bytes(bytes, name: "spring.html"), by: Auditor())
    let parted = audited(.bytes(bytes, name: "spring.html"), by: inParts)
    #expect(parted?.links == whole?.links)
    #expect(parted?.links.isEmpty == false, "\(parted?.error ?? "")")
  }
}

import DarkshareCore
import DarkshareTestSupport
import Testing

@testable import DarkshareReaders

/// The SMS backup reader as a stream: batches of whole messages, the same links whatever the
/// chunking, and partial results when the backup breaks off.
@Suite struct SMSBackupStreamingTests {
  private static func backup(_ messages: Int, emojiEvery: Int = 0) -> String {
    var xml = "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"\(messages)\">\n"
    for index in 0..<messages {
      let emoji = emojiEvery > 0 && index % emojiEvery == 0 ? "&#55357;&#56832; " : ""
      if index % 3 == 2 {
        xml += "  <mms address=\"+1555\" contact_name=\"Ann\">\n    <parts>\n"
        xml += "      <part ct=\"application/smil\" text=\"&lt;smil/&gt;\" />\n"
        xml += "      <part ct=\"text/plain\" text=\"\(emoji)m\(index) https://m.example/\(index)?a=1&amp;b=2\" />\n"
        xml += "    </parts>\n  </mms>\n"
      } else {
        xml += "  <sms address=\"+1555\" body=\"\(emoji)s\(index) https://s.example/\(index) and https://t.example/\(index)\" />\n"
      }
    }
    return xml + "</smses>\n"
  }

  @Test func aLargeBackupArrivesInBatchesOfWholeMessages() throws {
    let bytes = Array(Self.backup(1000).utf8)
    let batches = drain(try SMSBackupReader().messages(from: MemoryByteSource(bytes), file: "sms.xml"))
    #expect(batches.count > 1)
    #expect(batches.reduce(0) { $0 + $1.messages } == 1000)
    #expect(batches.allSatisfy { $0.problem == nil })
    let indices = batches.flatMap(\.links).compactMap(\.message?.index)
    #expect(indices == indices.sorted())
    #expect(Set(indices) == Set(0..<1000))
    // An mms's text part is in the same batch as the mms.
    for batch in batches {
      let inBatch = Set(batch.links.compactMap(\.message?.index))
      #expect(inBatch.count == batch.messages)
    }
  }

  @Test func chunkBoundariesDoNotChangeTheLinksOrTheirPositions() throws {
    let bytes = Array(Self.backup(60, emojiEvery: 4).utf8)
    let whole = try SMSBackupReader().read(bytes, file: "sms.xml")
    let trickled = drain(try SMSBackupReader().messages(from: TrickleByteSource(bytes), file: "sms.xml"))
    #expect(whole.problem == nil)
    #expect(trickled.flatMap(\.links) == whole.links)
    #expect(whole.links.count == 100)
    // Columns point at the URL in the raw line, emoji references before it included.
    let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
    for link in whole.links {
      let line = Array(lines[link.location.line - 1].unicodeScalars)
      #expect(line[(link.location.column - 1)...].starts(with: link.url.replacing("&", with: "&amp;").unicodeScalars))
    }
  }

  @Test func aBackupCutOffAfterManyChunksKeepsEveryMessageBeforeTheBreak() throws {
    var text = Self.backup(3000)
    text.removeLast(text.count - text.range(of: "s2998 https://s.exa")!.upperBound.utf16Offset(in: text))
    let batches = drain(try SMSBackupReader().messages(from: TrickleByteSource(Array(text.utf8)), file: "sms.xml"))
    let links = batches.flatMap(\.links)
    let problem = try #require(batches.last?.problem)
    #expect(problem.message.contains("not well-formed"))
    #expect(problem.message.contains("ends before its root element is closed (truncated?)"))
    #expect(links.last?.url == "https://t.example/2997")
    #expect(Set(links.compactMap(\.message?.index)) == Set(0..<2998))
  }

  /// Garbage after the closing root is libxml2's "extra content", not a truncation.
  @Test func contentAfterTheRootIsNotCalledATruncation() throws {
    let xml = Self.backup(3) + "<sms body='https://late.example/' />\n"
    let batches = drain(try SMSBackupReader().messages(from: MemoryByteSource(Array(xml.utf8)), file: "sms.xml"))
    let problem = try #require(batches.last?.problem)
    #expect(problem.message.contains("Extra content at the end of the document"))
    #expect(batches.flatMap(\.links).count == 5)
  }

  @Test func aReadErrorEndsTheStreamWithTheReason() throws {
    final class FailingSource: ByteSource {
      var served = false
      func read(upTo count: Int) throws(ReaderError) -> [UInt8] {
        if served { throw ReaderError("cannot read the file (Input/output error)") }
        served = true
        // More than the reader peeks at to sniff, so the failure comes while streaming.
        let messages = String(repeating: "  <sms address=\"1\" body=\"https://a.example/\" />\n", count: 400)
        return Array("<?xml version='1.0'?>\n<smses>\n\(messages)".utf8)
      }
    }
    let batches = drain(try SMSBackupReader().messages(from: FailingSource(), file: "sms.xml"))
    #expect(batches.last?.problem?.message == "cannot read the file (Input/output error)")
    #expect(batches.flatMap(\.links).count > 100)
  }

  @Test func anotherRootIsNotAnSMSBackup() throws {
    let batches = drain(
      try SMSBackupReader().messages(from: MemoryByteSource(Array("<?xml version='1.0'?>\n<feed><sms body='https://a.example/'/></feed>".utf8)), file: "x.xml"))
    #expect(batches.flatMap(\.links).isEmpty)
    #expect(batches.last?.problem?.message.contains("<feed>") == true)
  }
}

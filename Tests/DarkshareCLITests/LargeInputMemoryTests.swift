import DarkshareTestSupport
import Foundation
import Testing

/// How much memory a run takes for a large input, measured as the process's peak resident set
/// (`getrusage`): a measure of work that a busy machine does not change, unlike the time it takes.
@Suite struct LargeInputMemoryTests {
  /// The ndjson records of `links` on the larger of two inputs `make` gives, for 25,000 and
  /// 80,000 links, each piped in as `name` (so the temporary copy is what is read again); both
  /// runs must succeed, the smaller input must be over the 2 MiB read whole, and the larger may
  /// take less than 20 MB more at its peak: memory follows a part, not the input.
  private func linksReadInParts(named name: String, _ make: (Int) -> [UInt8]) throws -> [[String: Any]] {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("darkshare-memory-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    var runs = [MeasuredRun]()
    for count in [25_000, 80_000] {
      let bytes = make(count)
      if count == 25_000 { #expect(bytes.count > 2 << 20) }
      let file = folder.appendingPathComponent("\(count)-input")
      try Data(bytes).write(to: file)
      runs.append(
        try runDarkshareMeasuringMemory(["links", "--format", "ndjson", "--jobs", "1", "--stdin-filename", name, "-"], inputFile: file))
    }
    #expect(runs.allSatisfy { $0.exitCode == 0 })
    #expect(runs[0].peakResidentBytes > 0)
    let growth = runs[1].peakResidentBytes - runs[0].peakResidentBytes
    #expect(growth < 20_000_000, "peak \(runs[1].peakResidentBytes) bytes for 80,000 links, \(runs[0].peakResidentBytes) for 25,000")
    return runs[1].standardOutput.split(separator: "\n").compactMap {
      try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
    }
  }

  /// A WhatsApp export of 600,000 lines: every link is reported at its line with its sender, and
  /// the memory it takes stays below three times its size.
  @Test func aWhatsAppExportTakesMemoryInProportionToItsSize() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("darkshare-memory-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    func export(_ blocks: Int) throws -> (URL, WhatsAppExportSample) {
      let sample = WhatsAppExportSample(blocks: blocks)
      let file = folder.appendingPathComponent("chat-\(blocks).txt")
      try Data(sample.bytes).write(to: file)
      return (file, sample)
    }
    let (small, _) = try export(1)
    let (large, sample) = try export(200)
    let arguments = ["links", "--format", "ndjson", "--jobs", "1", "-"]
    let baseline = try runDarkshareMeasuringMemory(arguments, inputFile: small)
    let run = try runDarkshareMeasuringMemory(arguments, inputFile: large)
    #expect(run.exitCode == 0)
    let links = run.standardOutput.split(separator: "\n").compactMap {
      try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
    }
    #expect(links.compactMap { $0["line"] as? Int } == sample.linkLines)
    #expect(links.allSatisfy { ($0["message"] as? [String: Any])?["from"] as? String == "Ann" })
    let growth = run.peakResidentBytes - baseline.peakResidentBytes
    #expect(baseline.peakResidentBytes > 0)
    #expect(growth < 3 * sample.bytes.count, "peak \(run.peakResidentBytes) bytes for \(sample.bytes.count) bytes of export")
  }

  /// A WhatsApp message of one line of 20 MB: the line is not copied into scalars (four bytes
  /// each) to find its header and links, so it takes less than three times its size; the link
  /// after the long text is found at its column, and the next message is read.
  @Test func aWhatsAppMessageOfOneLongLineTakesMemoryInProportionToIt() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("darkshare-memory-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let header = "[01/02/2024, 10:01:00] Bob: "
    let long = String(repeating: "x", count: 20 << 20)
    let text = header + long + " https://a.example/after?utm_source=x\n[01/02/2024, 10:02:00] Ann: https://b.example/\n"
    let small = folder.appendingPathComponent("small.txt")
    let large = folder.appendingPathComponent("large.txt")
    try Data((header + "hello https://a.example/\n").utf8).write(to: small)
    try Data(text.utf8).write(to: large)
    let arguments = ["links", "--format", "ndjson", "--jobs", "1", "--input-format", "whatsapp", "-"]
    let baseline = try runDarkshareMeasuringMemory(arguments, inputFile: small)
    let run = try runDarkshareMeasuringMemory(arguments, inputFile: large)
    #expect(run.exitCode == 0)
    let links = run.standardOutput.split(separator: "\n").compactMap {
      try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
    }
    #expect(links.compactMap { $0["url"] as? String } == ["https://a.example/after?utm_source=x", "https://b.example/"])
    #expect(links.first?["column"] as? Int == header.count + long.count + 2)
    #expect((links.last?["message"] as? [String: Any])?["from"] as? String == "Ann")
    let growth = run.peakResidentBytes - baseline.peakResidentBytes
    #expect(baseline.peakResidentBytes > 0)
    #expect(growth < 3 * text.utf8.count, "peak \(run.peakResidentBytes) bytes for a line of \(text.utf8.count) bytes")
  }

  /// A Messenger export is one JSON value, read whole but parsed a message at a time: the memory
  /// it takes stays in proportion to its size (a tree of the whole conversation took about eight
  /// times it), and every message's link is reported.
  @Test func aMessengerExportTakesMemoryInProportionToItsSize() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("darkshare-memory-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    func export(_ messages: Int) throws -> (URL, Int) {
      var json = "{\n  \"participants\": [{\"name\": \"Zo\\u00c3\\u00ab\"}],\n  \"messages\": [\n"
      json += (0..<messages).map {
        #"    {"sender_name": "Zo\u00c3\u00ab", "timestamp_ms": \#(1_772_471_100_000 + $0), "content": "Regarde \u00f0\u009f\u0099\u008f https://shop.example/p/\#($0)?utm_source=messenger and more words after it, as people write", "is_geoblocked_for_viewer": false}"#
      }.joined(separator: ",\n")
      json += "\n  ]\n}\n"
      let file = folder.appendingPathComponent("message_\(messages).json")
      try Data(json.utf8).write(to: file)
      return (file, json.utf8.count)
    }
    let (small, _) = try export(10)
    let (large, size) = try export(40_000)
    let arguments = ["links", "--format", "ndjson", "--jobs", "1", "-"]
    let baseline = try runDarkshareMeasuringMemory(arguments, inputFile: small)
    let run = try runDarkshareMeasuringMemory(arguments, inputFile: large)
    #expect(run.exitCode == 0)
    let links = run.standardOutput.split(separator: "\n")
    #expect(links.count == 40_000)
    #expect(links.last?.contains(#""from":"Zoë""#) == true)
    let growth = run.peakResidentBytes - baseline.peakResidentBytes
    #expect(growth < 3 * size, "peak \(run.peakResidentBytes) bytes for \(size) bytes of export")
  }

  /// A WhatsApp export is streamed: one of 400,000 links (about 45 MB) takes little more memory
  /// than one of ten links (it took 1.5 times its size read whole), and every link is reported.
  @Test func aLargeWhatsAppExportIsStreamed() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("darkshare-memory-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    func export(_ links: Int) throws -> (URL, Int) {
      var text = ""
      for index in 0..<links {
        text += "12/31/24, 9:41 PM - Ann: see https://shop.example/p/\(index)?utm_source=whatsapp and more \u{1F600}\n"
        if index % 4 == 0 { text += "a continuation line without a link\n" }
      }
      let file = folder.appendingPathComponent("chat-\(links).txt")
      try Data(text.utf8).write(to: file)
      return (file, text.utf8.count)
    }
    let (small, _) = try export(10)
    let (large, size) = try export(400_000)
    #expect(size > 40_000_000)
    let arguments = ["links", "--format", "ndjson", "--jobs", "1", "-"]
    let baseline = try runDarkshareMeasuringMemory(arguments, inputFile: small)
    let run = try runDarkshareMeasuringMemory(arguments, inputFile: large)
    #expect(baseline.exitCode == 0)
    #expect(run.exitCode == 0)
    #expect(run.standardOutput.split(separator: "\n").count == 400_000)
    #expect(baseline.peakResidentBytes > 0)
    let growth = run.peakResidentBytes - baseline.peakResidentBytes
    // Read whole it grew by 1.5 times the export; streamed, by about a quarter (chunk, batches, output).
    #expect(growth < size / 2, "peak \(run.peakResidentBytes) bytes for \(size) bytes of export, \(baseline.peakResidentBytes) for ten links")
  }

  /// An HTML document (UTF-8 or UTF-16), a template or an MJML source over 2 MiB is read in
  /// parts: one of 80,000 links takes no more memory than one of 25,000 (read whole, the 55,000
  /// more links took 175 MB more), and every link is reported with its text and position.
  /// Piped in, so the temporary copy is what is read again (a UTF-16 one converted first).
  @Test(arguments: ["newsletter.html", "utf-16.html", "letter.hbs", "letter.mjml"])
  func aLargeDocumentIsReadInParts(_ name: String) throws {
    let links = try linksReadInParts(named: name) { links in
      var text = name.hasSuffix(".mjml") ? "<mjml><mj-body><mj-section><mj-column>\n" : "<html><body><table>\n"
      for index in 0..<links {
        let url = "https://shop.example/p/\(index)?utm_source=nl&amp;utm_medium=email"
        if name.hasSuffix(".mjml") {
          text += "<mj-button href=\"\(url)\">Item \(index)</mj-button>\n"
        } else if name.hasSuffix(".hbs") {
          text += "<tr><td><a {{#if vip}}class=\"vip\"{{/if}} href=\"\(url)\">Item \(index)</a></td></tr>\n"
        } else {
          text += "<tr><td><a href=\"\(url)\">Item \(index)</a></td></tr>\n"
        }
      }
      text += name.hasSuffix(".mjml") ? "</mj-column></mj-section></mj-body></mjml>\n" : "</table></body></html>\n"
      return name.hasPrefix("utf-16") ? [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } : Array(text.utf8)
    }
    #expect(links.count == 80_000)
    #expect(links.last?["text"] as? String == "Item 79999")
    #expect(links.last?["line"] as? Int == 80_001)
    #expect(links.allSatisfy { $0["status"] as? String == "partial" })
  }

  /// A text of one line of megabytes (a hostile file) is read in parts, cut at whitespace.
  @Test func aTextOfOneLongLineIsReadInParts() throws {
    let links = try linksReadInParts(named: "notes.txt") { links in
      let urls = (0..<links).map { "https://shop.example/products/item-\($0)?utm_source=nl&utm_medium=email&utm_campaign=spring" }
      return Array((urls.joined(separator: " ") + "\n").utf8)
    }
    #expect(links.count == 80_000)
    #expect(links.last?["line"] as? Int == 1)
    #expect(links.last?["url"] as? String == "https://shop.example/products/item-79999?utm_source=nl&utm_medium=email&utm_campaign=spring")
  }

  /// A line of megabytes with no space, its links joined by `<…>`, is cut before a `<` (which
  /// ends every URL): memory follows the part, not the line's links.
  @Test func aLineOfLinksWithoutSpacesIsReadInParts() throws {
    func item(_ index: Int) -> String { "<https://shop.example/products/item-\(index)?utm_source=nl&utm_medium=email&utm_campaign=spring>" }
    let links = try linksReadInParts(named: "joined.txt") { links in Array(((0..<links).map(item).joined() + "\n").utf8) }
    #expect(links.count == 80_000)
    #expect(links.last?["line"] as? Int == 1)
    #expect(links.last?["column"] as? Int == (0..<79_999).reduce(2) { $0 + item($1).count })
    #expect(links.last?["url"] as? String == "https://shop.example/products/item-79999?utm_source=nl&utm_medium=email&utm_campaign=spring")
  }

  /// An Outlook `.msg` over 2 MiB is read in parts: its compound file is read at offsets, its
  /// body (HTML, or HTML encapsulated in compressed RTF) decoded into a temporary copy and read a
  /// chunk at a time, so a message of 80,000 links takes no more memory than one of 25,000 (read
  /// whole, 8.8 times the input's growth), and every link keeps its message, text and position
  /// in the decoded body. Piped in, so the message itself is a temporary copy too.
  @Test(arguments: ["html", "rtf"]) func aLargeOutlookMessageIsReadInParts(body: String) throws {
    let links = try linksReadInParts(named: "sale.msg") { links in
      let anchors = (0..<links).map { "<a href=\"https://shop.example/p/\($0)?utm_source=nl&amp;utm_medium=email\">Item \($0)</a>" }
      let stream: [UInt8]
      if body == "html" {
        stream = Array(("<html><body>\n" + anchors.map { "<p>\($0)</p>\n" }.joined() + "</body></html>").utf8)
      } else {
        let rtf = "{\\rtf1\\ansi\\ansicpg1252\\fromhtml1 {\\*\\htmltag19 <html><body>}\\par\r\n"
          + anchors.map { "{\\*\\htmltag84 \($0.prefix { $0 != ">" })>}\\htmlrtf {\\b\\htmlrtf0 \($0.drop { $0 != ">" }.dropFirst().prefix { $0 != "<" })\\htmlrtf }\\htmlrtf0 {\\*\\htmltag92 </a>}\\par\r\n" }.joined()
          + "{\\*\\htmltag27 </body></html>}}"
        stream = OutlookMessageBuilder.literalLZFu(Array(rtf.utf8))
      }
      return OutlookMessageBuilder(strings: [0x0037: "Sale"], binaries: [body == "html" ? 0x1013 : 0x1009: stream]).build().bytes
    }
    #expect(links.count == 80_000)
    #expect(links.last?["text"] as? String == "Item 79999")
    #expect(links.last?["line"] as? Int == 80_001)
    #expect(links.last?["url"] as? String == "https://shop.example/p/79999?utm_source=nl&utm_medium=email")
    #expect((links.last?["message"] as? [String: Any])?["subject"] as? String == "Sale")
  }

  /// A message over 2 MiB is read in parts: its large HTML part (quoted-printable, as mailers
  /// send it) is decoded into a temporary copy and read a chunk at a time (piped in, so the
  /// message itself is a temporary copy too), so a message of
  /// 80,000 links takes no more memory than one of 25,000 (read whole, about 26 times its size),
  /// and every link keeps its message, text and position in the decoded part.
  @Test func aLargeMessageIsReadInParts() throws {
    let links = try linksReadInParts(named: "sale.eml") { links in
      var mail = "From: Shop <news@shop.example>\nSubject: Sale\nMIME-Version: 1.0\n"
      mail += "Content-Type: multipart/alternative; boundary=\"b\"\n\n--b\nContent-Type: text/plain\n\nShop at https://shop.example/?utm_source=nl\n"
      mail += "--b\nContent-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n<table>\n"
      for index in 0..<links {
        mail += "<tr><td><a href=3D\"https://shop.example/p/\(index)?utm_source=3Dnl&amp;utm_medi=\num=3Demail\">Item \(index)</a></td></tr>\n"
      }
      return Array((mail + "</table>\n--b--\n").utf8)
    }
    #expect(links.count == 80_001)
    #expect(links.last?["text"] as? String == "Item 79999")
    #expect(links.last?["line"] as? Int == 80_001)
    #expect(links.last?["url"] as? String == "https://shop.example/p/79999?utm_source=nl&utm_medium=email")
  }

  /// A message forwarded as an attachment in base64 (as mail clients forward one) is decoded
  /// into a temporary copy and read as a large message of its own: a message of 80,000 links
  /// takes no more memory than one of 25,000 (read whole, the decoded message and every link
  /// were held), and its links carry the attached message's headers and their positions in its
  /// decoded part, the outer message's part after them.
  @Test func aLargeForwardedMessageIsReadInParts() throws {
    let links = try linksReadInParts(named: "forward.eml") { links in
      var inner = "From: Shop <news@shop.example>\nSubject: Sale\nMIME-Version: 1.0\n"
      inner += "Content-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n<table>\n"
      for index in 0..<links {
        inner += "<tr><td><a href=3D\"https://shop.example/p/\(index)?utm_source=3Dnl&amp;utm_medium=3Demail\">Item \(index)</a></td></tr>\n"
      }
      inner += "</table>\n"
      var mail = "From: Friend <friend@home.example>\nSubject: Fwd: Sale\nMIME-Version: 1.0\n"
      mail += "Content-Type: multipart/mixed; boundary=\"b\"\n\n--b\nContent-Type: text/plain\n\nHave a look\n"
      mail += "--b\nContent-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\n"
      mail += Data(inner.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithLineFeed])
      mail += "\n--b\nContent-Type: text/plain\n\nAnd https://home.example/after\n--b--\n"
      return Array(mail.utf8)
    }
    #expect(links.count == 80_001)
    let last = links[links.count - 2]
    #expect(last["text"] as? String == "Item 79999")
    #expect(last["line"] as? Int == 80_001)
    #expect(last["url"] as? String == "https://shop.example/p/79999?utm_source=nl&utm_medium=email")
    #expect((last["message"] as? [String: Any])?["subject"] as? String == "Sale")
    #expect(links.last?["url"] as? String == "https://home.example/after")
    #expect((links.last?["message"] as? [String: Any])?["subject"] as? String == "Fwd: Sale")
  }

  /// A Google Voice page over 2 MiB is read in parts: one of 80,000 messages takes no more
  /// memory than one of 25,000 (read whole, about four times the page's growth), and every link
  /// is reported with its message, sender and position. So is one message whose quote holds all
  /// the links (a hostile page), cut into parts at whitespace. Piped in, so the temporary copy is
  /// what is read again.
  @Test(arguments: [false, true]) func aLargeGoogleVoicePageIsReadInParts(inOneQuote: Bool) throws {
    let links = try linksReadInParts(named: "Voice/Calls/Zoë - Text - 2026.html") { links in
      let head = #"<div class="message"><abbr class="dt" title="2026-03-02T09:04:05.120-08:00">Mar 2, 2026</abbr>:"#
        + "\n" + #"<cite class="sender vcard"><a class="tel" href="tel:+15550142"><span class="fn">Zoë</span></a></cite>:"# + "\n"
      let url = { (index: Int) in "https://shop.example/p/\(index)?utm_source=sms&amp;utm_medium=sms" }
      var html = #"<?xml version="1.0" ?>"# + "\n<html><head><title>Zoë</title></head><body><div class=\"hChatLog hfeed\">\n"
      if inOneQuote {
        html += head + "<q>" + (0..<links).map { "Sale \($0): \(url($0)) and more words, as people write" }.joined(separator: "\n")
          + "</q>\n</div>\n"
      } else {
        for index in 0..<links { html += head + "<q>Sale \(index): \(url(index))</q>\n</div>\n" }
      }
      return Array((html + "</div></body></html>\n").utf8)
    }
    #expect(links.count == 80_000)
    #expect(links.last?["url"] as? String == "https://shop.example/p/79999?utm_source=sms&utm_medium=sms")
    let message = links.last?["message"] as? [String: Any]
    #expect(message?["from"] as? String == "Zoë")
    #expect(message?["index"] as? Int == (inOneQuote ? 0 : 79_999))
    #expect(links.last?["line"] as? Int == (inOneQuote ? 80_004 : 4 * 80_000 + 1))
  }

  /// A CSV message log is streamed a record at a time: one of 400,000 rows (about 40 MB, a
  /// quoted body over two lines in every fourth row) takes little more memory than one of ten
  /// rows (it took about 23 times its size read whole), and every link is reported.
  @Test func aLargeCSVLogIsStreamed() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("darkshare-memory-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    func log(_ rows: Int) throws -> (URL, Int) {
      var text = "date,from,body\n"
      for index in 0..<rows {
        if index % 4 == 0 {
          text += "1700000000,+1555\(index),\"say \"\"hi\"\", \u{1F600}\nsee https://shop.example/p/\(index)?utm_source=sms\"\n"
        } else {
          text += "1700000000,+1555\(index),see https://shop.example/p/\(index)?utm_source=sms and more words, as people write\n"
        }
      }
      let file = folder.appendingPathComponent("log-\(rows).csv")
      try Data(text.utf8).write(to: file)
      return (file, text.utf8.count)
    }
    let (small, _) = try log(10)
    let (large, size) = try log(400_000)
    #expect(size > 35_000_000)
    let arguments = ["links", "--format", "ndjson", "--jobs", "1", "-"]
    let baseline = try runDarkshareMeasuringMemory(arguments, inputFile: small)
    let run = try runDarkshareMeasuringMemory(arguments, inputFile: large)
    #expect(baseline.exitCode == 0)
    #expect(run.exitCode == 0)
    let lines = run.standardOutput.split(separator: "\n")
    #expect(lines.count == 400_000)
    #expect(lines.last?.contains(#""from":"+1555399999""#) == true)
    #expect(baseline.peakResidentBytes > 0)
    let growth = run.peakResidentBytes - baseline.peakResidentBytes
    #expect(growth < size / 2, "peak \(run.peakResidentBytes) bytes for \(size) bytes of log, \(baseline.peakResidentBytes) for ten rows")
  }

  /// A Telegram export is read a chunk at a time and parsed a message at a time: one of 120,000
  /// messages (about 40 MB, in the full-export layout) takes little more memory than one of ten
  /// (it took about 20 times its size read whole), and every link is reported.
  @Test func aLargeTelegramExportIsStreamed() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("darkshare-memory-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    func export(_ messages: Int) throws -> (URL, Int) {
      var json = #"{"about": "x", "chats": {"about": "c", "list": [{"name": "Ann", "type": "personal_chat", "id": 1, "messages": ["# + "\n"
      json += (0..<messages).map {
        #"  {"id": \#($0), "type": "message", "date": "2026-03-14T10:26:53", "date_unixtime": "1773480413", "from": "Zo\u00eb", "text": ["look \u00e9 ", {"type": "link", "text": "https://shop.example/p/\#($0)?utm_source=telegram"}], "text_entities": [{"type": "plain", "text": "look \u00e9 "}, {"type": "link", "text": "https://shop.example/p/\#($0)?utm_source=telegram"}]}"#
      }.joined(separator: ",\n")
      json += "\n]}]}}\n"
      let file = folder.appendingPathComponent("result-\(messages).json")
      try Data(json.utf8).write(to: file)
      return (file, json.utf8.count)
    }
    let (small, _) = try export(10)
    let (large, size) = try export(120_000)
    #expect(size > 35_000_000)
    let arguments = ["links", "--format", "ndjson", "--jobs", "1", "-"]
    let baseline = try runDarkshareMeasuringMemory(arguments, inputFile: small)
    let run = try runDarkshareMeasuringMemory(arguments, inputFile: large)
    #expect(baseline.exitCode == 0)
    #expect(run.exitCode == 0)
    let lines = run.standardOutput.split(separator: "\n")
    #expect(lines.count == 120_000)
    #expect(lines.last?.contains(#""line":120001"#) == true)
    #expect(lines.last?.contains(#""from":"Zoë""#) == true)
    let growth = run.peakResidentBytes - baseline.peakResidentBytes
    #expect(growth < size / 2, "peak \(run.peakResidentBytes) bytes for \(size) bytes of export, \(baseline.peakResidentBytes) for ten messages")
  }
}

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
  var inParts: Auditor {
    var auditor = Auditor()
    auditor.largestWholeDocument = 0
    return auditor
  }

  /// Reads whole every document this suite makes, even those over 2 MiB.
  private var readingWhole: Auditor {
    var auditor = Auditor()
    auditor.largestWholeDocument = 64 << 20
    return auditor
  }

  /// The audit of `input` read as `format` (by default, as its name and bytes say), every part
  /// joined.
  func audited(_ input: ResolvedInput, as format: (any InputReader.Type)? = nil, by auditor: Auditor) -> FileResult? {
    let audit = auditor.parts(of: input, format: format)
    var joined: FileResult?
    while let part = audit.nextPart() { joined = joined.map { $0.appending(part) } ?? part }
    return joined
  }

  /// Expects `path` read in parts to give what it gives read whole, and returns that.
  @discardableResult
  func expectSame(_ path: String, as format: (any InputReader.Type)? = nil) -> FileResult? {
    let whole = audited(.file(path: path), as: format, by: readingWhole)
    let parted = audited(.file(path: path), as: format, by: inParts)
    #expect(parted?.links == whole?.links, "\(path)")
    #expect(parted?.error == whole?.error, "\(path)")
    #expect(parted?.messages == whole?.messages, "\(path)")
    return whole
  }

  @Test func everyCorpusDocumentReadsTheSameInParts() throws {
    let html = Corpus.labelledFiles.filter { file in [".html", ".txt", ".eml", ".hbs", ".mjml"].contains { file.hasSuffix($0) } }
    #expect(html.count > 10)
    #expect(html.filter { $0.hasSuffix(".eml") }.count > 3)
    #expect(html.filter { $0.hasSuffix(".hbs") || $0.hasSuffix(".mjml") }.count >= 2)
    for file in html { expectSame(Corpus.packageRoot.appendingPathComponent(file).path) }
  }

  @Test(.enabled(if: RealWorld.isAvailable)) func realWorldDocumentsReadTheSameInParts() throws {
    let files = RealWorld.files(withExtensions: ["html", "htm", "txt", "eml", "mjml", "hbs", "liquid", "njk", "twig"])
    #expect(files.count > 50)
    #expect(files.filter { $0.hasSuffix(".mjml") }.count > 10)
    #expect(files.filter { $0.hasSuffix(".eml") }.count > 50)
    for file in files { expectSame(RealWorld.directory.appendingPathComponent(file).path) }
  }

  /// Every message of the MIME test suites (and the Maildir files) read as a message: each part
  /// is read from a decoded copy of its own, as a part too large to hold is.
  @Test(.enabled(if: RealWorld.isAvailable)) func realWorldMessagesReadTheSameInParts() throws {
    let folders = try FileManager.default.contentsOfDirectory(atPath: RealWorld.directory.path)
      .filter { $0.hasPrefix("eml-") || $0.hasPrefix("maildir-") }
    var files = [String]()
    for folder in folders {
      let root = RealWorld.directory.appendingPathComponent(folder)
      let walk = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
      while let url = walk?.nextObject() as? URL {
        if (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true { files.append(url.path) }
      }
    }
    #expect(files.count > 300)
    for file in files { expectSame(file, as: EMLReader.self) }
  }

  /// The MIME structures the whole parse reads in its own way, each read in parts the same:
  /// a multipart without a boundary, or whose boundary never shows, or that closes first;
  /// nested multiparts sharing a boundary; attached messages, plain and encoded; a digest;
  /// nesting past the limit; a part cut off in its headers; CR line ends; charsets; attached
  /// messages transfer-encoded inside each other, past the depth limit, or cut off.
  @Test(arguments: 0..<21) func everyMIMEShapeReadsTheSameInParts(_ shape: Int) throws {
    let link = { (n: Int) in "https://shop.example/p/\(n)?utm_source=nl&utm_medium=email" }
    let html = { (n: Int) in "<p><a href=\"\(link(n))\">Item \(n)</a> <a href=\"https://shop.example/bare\(n)\">bare</a></p>" }
    let head = "From: Shop <news@shop.example>\nSubject: Sale\nMessage-ID: <1@shop.example>\nList-Unsubscribe: <https://shop.example/unsub>\nMIME-Version: 1.0\n"
    let base64 = { (text: String) in Data(text.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithLineFeed]) }
    // A forwarded message holding a forwarded message, both in base64, with parts of their own.
    let innermost = "From: B <b@x.example>\nSubject: Inner\nList-Unsubscribe: <https://b.example/unsub>\nContent-Type: text/plain\n\nInnermost \(link(30)) https://b.example/unsub\n"
    let forwarded =
      "From: A <a@x.example>\nSubject: Fwd\nContent-Type: multipart/mixed; boundary=i\n\n--i\nContent-Type: text/html\nContent-Transfer-Encoding: base64\n\n"
      + base64(html(28)) + "\n--i\nContent-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\n" + base64(innermost)
      + "\n--i\nContent-Type: text/plain\n\nAfter the inner \(link(29))\n--i--\n"
    let shapes: [String] = [
      head + "Content-Type: multipart/alternative\n\nNo boundary: \(link(1)) and https://shop.example/unsub\n",
      head + "Content-Type: multipart/mixed; boundary=\"b\"\n\nPreamble \(link(2))\n--bb\nnot a delimiter \(link(3))\n",
      head + "Content-Type: multipart/mixed; boundary=b\n\n--b--\n\(link(4))\n--b\nContent-Type: text/html\n\n\(html(5))\n",
      head + "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: multipart/alternative; boundary=b\n\n--b\nContent-Type: text/html\n\n\(html(6))\n--b--\nepilogue \(link(7))\n",
      head + "Content-Type: multipart/mixed; boundary=o\n\n--o\nContent-Type: text/plain\n\nSee \(link(8))\n--o\nContent-Type: message/rfc822\n\nFrom: Friend <f@x.example>\nSubject: Fwd\nContent-Type: text/html\n\n\(html(9))\n--o\nContent-Type: text/html\n\n\(html(10))\n--o--\n",
      head + "Content-Type: multipart/mixed; boundary=o\n\n--o\nContent-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\n"
        + Data("From: A <a@x.example>\nContent-Type: multipart/mixed; boundary=i\n\n--i\nContent-Type: message/rfc822\n\nFrom: B <b@x.example>\n\nInner \(link(11))\n--i--\n".utf8).base64EncodedString(options: .lineLength76Characters)
        + "\n--o\nContent-Type: text/plain\n\nAfter \(link(12))\n--o--\n",
      head + "Content-Type: multipart/digest; boundary=d\n\n--d\n\nFrom: C <c@x.example>\n\nDigest \(link(13))\n--d\n\nFrom: D <d@x.example>\nContent-Type: text/html\n\n\(html(14))\n--d--\n",
      head + (0..<70).map { "Content-Type: multipart/mixed; boundary=l\($0)\n\n--l\($0)\n" }.joined() + "Content-Type: text/plain\n\nDeep \(link(15))\n",
      head + "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/html\n--b\nContent-Type: text/html; charset=utf-8\n\n\(html(16))",
      (head + "Content-Type: multipart/alternative; boundary=c\n\n--c\nContent-Type: text/plain\n\nCR lines \(link(17))\n\n--c\nContent-Type: text/html\n\n\(html(18))\n--c--\n")
        .replacingOccurrences(of: "\n", with: "\r"),
      head + "Content-Type: text/html; charset=iso-8859-1\nContent-Transfer-Encoding: quoted-printable\n\n<p>Caf=E9 <a href=3D\"\(link(19))\">Men=FC</a> <a hr=\nef=3D\"https://shop.example/soft=\n-break\">x</a></p>=\n",
      head + "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/html\nContent-Disposition: attachment; filename=a.html\n\n\(html(20))\n--b\nContent-Type: text/plain; charset=utf-8\n\nCut off \(link(21))\n",
      "From someone@x.example Mon Jan  1 00:00:00 2024\n" + head + "\nBody \(link(22)) https://shop.example/unsub\n",
      head + "Content-Type: multipart/alternative; boundary=\"\"\n\n--\nContent-Type: text/html\n\n\(html(23))\n----\n",
      head + "Content-Type: text/plain; charset=utf-8\n\nNot UTF-8 after all \(link(24)) caf",
      head + "Content-Type: text/html; charset=shift_jis\nContent-Transfer-Encoding: base64\n\n",
      head + "Content-Type: text/html\n\n<meta charset=\"shift_jis\">\(html(25))\n",
      // An attachment's lines are passed over unread, except one that may be a delimiter:
      // lines starting "--" that are not, CR and CRLF ends, a line of 2 MiB, then the delimiter.
      head + "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: application/pdf\n\n--bx\r-- b\r\n"
        + String(repeating: "A", count: 2 << 20) + "\n--b \t\nContent-Type: text/html\n\n\(html(27))\n--b--\r\n",
      head + "Content-Type: multipart/mixed; boundary=o\n\n--o\nContent-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\n"
        + base64(forwarded) + "\n--o\nContent-Type: message/rfc822\nContent-Transfer-Encoding: quoted-printable\n\n"
        + "From: C <c@x.example>\nContent-Type: text/html\n\n<a href=3D\"\(link(31))\">QP</a>=\n\n--o\nContent-Type: text/plain\n\nLast \(link(32))\n--o--\n",
      // 63 nested multiparts, then a base64 message whose own multipart is one level too deep,
      // beside a text part that is read.
      head + (0..<63).map { "Content-Type: multipart/mixed; boundary=l\($0)\n\n--l\($0)\n" }.joined()
        + "Content-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\n"
        + base64("From: D <d@x.example>\nContent-Type: multipart/mixed; boundary=z\n\n--z\n\nToo deep \(link(33))\n--z--\n")
        + "\n--l62\nContent-Type: text/plain\n\nBeside \(link(34))\n",
      // Attached messages cut off: headers only, an empty body, and base64 that breaks off.
      head + "Content-Type: multipart/mixed; boundary=o\n\n--o\nContent-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\n"
        + base64("From: E <e@x.example>\nSubject: Headers only") + "\n--o\nContent-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\n"
        + "\n--o\nContent-Type: text/plain\n\nBetween \(link(35))\n--o\nContent-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\n"
        + String(base64("From: F <f@x.example>\n\nCut \(link(36)) and more text after it").dropLast(7)),
    ]
    var bytes = Array(shapes[shape].utf8)
    if shape == 14 { bytes += [0xE9, 0x0A] }
    if shape == 15 {
      // Shift_JIS bytes for "ご注文" around a link, base64-encoded.
      let sjis: [UInt8] = [0x82, 0xB2, 0x92, 0x8D, 0x95, 0xB6] + Array(" \(html(26))".utf8)
      bytes += Array(Data(sjis).base64EncodedString(options: .lineLength76Characters).utf8) + [0x0A]
    }
    let file = try makeTemporaryDirectory().appendingPathComponent("shape-\(shape).eml")
    try Data(bytes).write(to: file)
    let whole = audited(.file(path: file.path), as: EMLReader.self, by: Auditor())
    #expect(whole?.links.isEmpty == false || whole?.error != nil, "shape \(shape) reads nothing")
    expectSame(file.path, as: EMLReader.self)
  }

  /// An Apple Mail `.emlx` (a byte count, the message, a property list) is read in parts as its
  /// message: only the counted bytes, and a truncated copy says so after the message's problems.
  @Test func anAppleMailMessageReadsTheSameInParts() throws {
    let folder = try makeTemporaryDirectory()
    let messages = Corpus.labelledFiles.filter { $0.hasSuffix(".eml") }
    #expect(messages.count > 3)
    for (index, name) in messages.enumerated() {
      let message = try [UInt8](Data(contentsOf: Corpus.packageRoot.appendingPathComponent(name)))
      let plist = Array("<?xml version=\"1.0\"?>\n<plist><dict><key>flags</key><integer>8590195713</integer></dict></plist>\n".utf8)
      // The last one is cut short: its count says more than follows.
      let isTruncated = index == messages.count - 1
      let kept = isTruncated ? Array(message.prefix(message.count * 2 / 3)) : message + plist
      let file = folder.appendingPathComponent("\(index).emlx")
      try Data(Array("\(message.count)\n".utf8) + kept).write(to: file)
      let whole = audited(.file(path: file.path), by: Auditor())
      #expect(whole?.links.isEmpty == false, "\(name)")
      #expect((whole?.error?.contains("truncated") ?? false) == isTruncated, "\(name): \(whole?.error ?? "")")
      expectSame(file.path)
    }
  }

  /// A document with thousands of links (a template, an MJML file, a Google Voice page of many
  /// messages) is judged a slice at a time with what all its links show — read whole and
  /// sliced under 2 MiB, read in parts over it (this Google Voice page is 2.7 MB): the result is
  /// what judging all of them at once gives — inferred trackers, inconsistent campaigns and
  /// suggested values included.
  @Test(arguments: ["letter.hbs", "letter.mjml", "Voice/Calls/Shop - Text - 2026-03-02T17_04_05Z.html"])
  func aDocumentWithManyLinksIsJudgedInSlicesAsAWhole(_ name: String) throws {
    var links = [String]()
    for index in 0..<9_000 {
      // Two in three through an opaque tracker; the rest tagged, some with another campaign.
      if index % 3 == 1 {
        links.append("https://shop.example/p/\(index)?utm_source=nl&amp;utm_medium=email&amp;utm_campaign=\(index % 7 == 1 ? "fall" : "spring")")
      } else {
        links.append("https://t.mailer.example/c/136/1071579/\(index)/0/4531494/9012/\(52876 + index)/23c7a80ab5.html")
      }
    }
    let document: String
    if name.hasSuffix(".mjml") {
      document = "<mjml><mj-body><mj-section><mj-column>\n" + links.enumerated().map { "<mj-button href=\"\($1)\">Item \($0)</mj-button>\n" }.joined()
        + "</mj-column></mj-section></mj-body></mjml>\n"
    } else if name.hasPrefix("Voice/") {
      document = "<html><body><div class=\"hChatLog hfeed\">\n" + links.enumerated().map { index, link in
        "<div class=\"message\"><abbr class=\"dt\" title=\"2026-03-02T09:04:05.120-08:00\">Mar 2</abbr>:\n<cite class=\"sender vcard\"><a class=\"tel\" href=\"tel:+1555014\(index % 3)\"><span class=\"fn\">Shop</span></a></cite>:\n<q>Sale \(link)</q></div>\n"
      }.joined() + "</div></body></html>\n"
    } else {
      document = "<html><body>{{#if vip}}VIP{{/if}}\n" + links.enumerated().map { "<p><a href=\"\($1)\">{{name}} item \($0)</a></p>\n" }.joined() + "</body></html>\n"
    }
    let folder = try makeTemporaryDirectory()
    let file = folder.appendingPathComponent(name)
    try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(document.utf8).write(to: file)
    let audit = Auditor().parts(of: .file(path: file.path))
    var parts = [FileResult]()
    while let part = audit.nextPart() { parts.append(part) }
    #expect(parts.count > 3, "judged in slices")
    let sliced = try #require(parts.dropFirst().reduce(parts.first) { $0?.appending($1) })
    // All at once, as a document read whole was judged before.
    let auditor = Auditor()
    let reader = try #require(BuiltInReaders.reader(forPath: file.path, head: Array(document.utf8.prefix(4096))[...]))
    let read = try reader.init().read(Array(document.utf8), file: file.path)
    let whole = auditor.report(
      auditor.judged(read.links), file: file.path, messages: sliced.messages, problem: read.problem?.message, isFirstPart: true,
      isLastPart: true)
    #expect(sliced.links.count == whole.links.count && sliced.links.count >= 9_000)
    #expect(sliced.links == whole.links)
    if !name.hasPrefix("Voice/") {
      #expect(sliced.links.contains { $0.status == .unknown }, "the tracker is inferred across slices")
    }
  }

  /// A document in UTF-16 or in a legacy charset its `<meta>` declares is converted into a
  /// UTF-8 copy first, then read in parts as one in UTF-8.
  @Test func aDocumentInAnotherEncodingReadsTheSameInParts() throws {
    let folder = try makeTemporaryDirectory()
    let rows = (0..<500).map { "<p>日本 \($0) <a href=\"https://shop.example/日本/\($0)?utm_source=nl\">日本 \($0)</a></p>\r\n" }.joined()
    var utf16: [UInt8] = [0xFF, 0xFE]
    for unit in ("<html><body>" + rows).utf16 { utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
    let parts = rows.components(separatedBy: "日本").map { Array($0.utf8) }
    let shiftJIS = Array("<meta charset=\"shift_jis\">".utf8) + parts.dropFirst().reduce(parts[0]) { $0 + [0x93, 0xFA, 0x96, 0x7B] + $1 }
    for (name, bytes) in [("utf-16.html", utf16), ("shift_jis.html", shiftJIS), ("shift_jis.hbs", shiftJIS)] {
      let file = folder.appendingPathComponent(name)
      try Data(bytes).write(to: file)
      let whole = audited(.file(path: file.path), by: Auditor())
      #expect(whole?.links.count == 500 && whole?.links.last?.link.text == "日本 499", "\(name)")
      expectSame(file.path)
    }
  }

  /// A text is cut after blank lines (where a lead-in stops), its lines counted on across parts,
  /// in every line-end style and encoding.
  @Test(arguments: ["\n", "\r\n", "\r"]) func aLargeTextIsCutBetweenParagraphs(_ lineEnd: String) throws {
    var text = ""
    for index in 0..<60_000 {
      text += "Paragraph \(index): our sale starts now at shop.example/p/\(index)?utm_source=nl and ends soon.\(lineEnd)"
      if index % 3 == 0 { text += " \t\(lineEnd)" }
    }
    let folder = try makeTemporaryDirectory()
    // UTF-16 (a U+FEFF after the mark is text, as read whole) is converted into a UTF-8 copy first.
    let utf16 = ("\u{FEFF}" + text + "😀").utf16
    let le: [UInt8] = [0xFF, 0xFE] + utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    let be: [UInt8] = [0xFE, 0xFF] + utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    let files: [(String, [UInt8])] = [
      ("utf8.txt", Array(text.utf8)), ("legacy.txt", Array(text.utf8) + [0xE9, 0x0A]), ("utf-16le.txt", le),
      ("utf-16be.txt", [0xEF, 0xBB, 0xBF] + be),
    ]
    for (name, bytes) in files {
      let file = folder.appendingPathComponent(name)
      try Data(bytes).write(to: file)
      #expect(bytes.count > 4 << 20)
      expectSame(file.path)
    }
  }

  /// A text of one line of megabytes is cut before a space (a URL neither spans whitespace nor
  /// looks back across it), its columns counted on across parts.
  @Test func aLongLineIsCutAtWhitespace() throws {
    // No letters between the links: a lead-in, which a cut may shorten, needs one.
    let line = (0..<120_000).map { "https://shop.example/p/\($0)?utm_source=nl → \($0 % 10)\t" }.joined()
    let file = try makeTemporaryDirectory().appendingPathComponent("one-line.txt")
    try Data(("→ " + line + "\n").utf8).write(to: file)
    #expect(line.utf8.count > 4 << 20)
    let whole = audited(.file(path: file.path), by: Auditor())
    #expect(whole?.links.count == 120_000)
    expectSame(file.path)
  }

  /// A line of megabytes waits for its end, searched once (each new piece only): what follows it
  /// is cut as before — blank lines of many blanks across reads, CR-only lines, and a URL at the
  /// end of the long run.
  @Test func aLineOfMegabytesWaitsForItsEnd() throws {
    let paragraphs = (0..<2_000).map { "Item \($0): https://shop.example/p/\($0)?utm_source=nl\n" }.joined()
    let long = String(repeating: "x", count: 3 << 20) + "https://shop.example/after-the-run?utm_source=nl"
    let blanks = "\n" + String(repeating: " ", count: 3 << 20) + "\n"
    let crLines = (0..<4_000).map { "CR line \($0) https://shop.example/cr/\($0)\r" }.joined()
    // Lines of megabytes with no space, cut before a `<`, a quote, a no-break space or CJK
    // punctuation: the links around each cut are the same as read whole.
    let joined = ["<>", "\"\"", "“”", "\u{00A0}", "。", "\u{01}"].map { pair in
      let open = pair.unicodeScalars.first.map(String.init) ?? ""
      let close = pair.unicodeScalars.count > 1 ? String(pair.unicodeScalars.last!) : ""
      return (0..<40_000).map { "\(open)https://shop.example/j/\($0)?utm_source=nl\(close)" }.joined() + "\n"
    }.joined()
    let file = try makeTemporaryDirectory().appendingPathComponent("long-lines.txt")
    try Data((paragraphs + long + blanks + paragraphs + crLines + "\n" + joined).utf8).write(to: file)
    let whole = audited(.file(path: file.path), by: readingWhole)
    #expect((whole?.links.count ?? 0) >= 8_000 + 6 * 40_000)
    #expect(whole?.links.contains { $0.link.url == "https://shop.example/p/0?utm_source=nl" && $0.link.location.line == 2_003 } == true)
    expectSame(file.path)
  }

  /// A link longer than a browser opens (2 MiB, Chromium's limit) is not judged: the file's
  /// error says where it is and how long, and the links beside it are judged, read whole or in
  /// parts, in text and in HTML.
  @Test func aLinkLongerThanABrowserOpensIsNotJudged() throws {
    let folder = try makeTemporaryDirectory()
    let huge = "https://shop.example/p?utm_source=nl&x=" + String(repeating: "a", count: 3 << 20)
    let files = [
      ("huge.txt", "Before https://shop.example/a?utm_source=nl\n\(huge)\nAfter https://shop.example/b?utm_source=nl\n"),
      ("huge.html", "<p><a href=\"https://shop.example/a\">a</a>\n<a href=\"\(huge)\">huge</a>\n<a href=\"https://shop.example/b\">b</a></p>"),
    ]
    for (name, text) in files {
      let file = folder.appendingPathComponent(name)
      try Data(text.utf8).write(to: file)
      let whole = expectSame(file.path)
      #expect(whole?.links.map(\.link.url.utf8.count).max() ?? .max < 100, "\(name)")
      #expect(whole?.links.count == 2, "\(name)")
      #expect(whole?.error == "line 2: a link of \(huge.utf8.count) bytes was not judged: longer than the 2097152 bytes a browser opens", "\(name)")
    }
  }

  /// Google Voice pages, the corpus's and real Takeout pages (texts, group conversations, calls
  /// and voicemails), read in parts as read whole.
  @Test func googleVoicePagesReadTheSameInParts() throws {
    var files = Corpus.labelledFiles.filter { $0.hasPrefix("corpora/gvoice/") }.map {
      Corpus.packageRoot.appendingPathComponent($0).path
    }
    #expect(files.count >= 2)
    if RealWorld.isAvailable {
      let pages = RealWorld.files(withExtensions: ["html"]).filter { $0.hasPrefix("gvoice-") }
      #expect(pages.count > 20)
      files += pages.map { RealWorld.directory.appendingPathComponent($0).path }
    }
    for file in files {
      let head = try [UInt8](FileHandle(forReadingFrom: URL(fileURLWithPath: file)).readData(ofLength: 4096))
      #expect(BuiltInReaders.reader(forPath: file, head: head[...]) == GoogleVoiceReader.self, "\(file)")
      expectSame(file)
    }
  }

  /// A Takeout page larger than a chunk (1 MiB), so chunks end inside messages, tags and quotes:
  /// its lines ending in LF, CRLF or CR, its text not all ASCII (columns count scalars), and
  /// (with LF) cut short inside a message, a tag, a reference and a quote.
  @Test(arguments: ["\n", "\r\n", "\r"]) func aLargeGoogleVoicePageReadsTheSameInParts(_ lineEnd: String) throws {
    var page = GoogleVoicePage.top
    for index in 0..<5_000 {
      let quote = index % 5 == 0
        ? #"Caf&eacute; déjà vu 😀 <a href="https://shop.example/a/\#(index)?utm_source=sms">shop.example/a/\#(index)</a><br>www.shop.example/t/\#(index)"#
        : "Sale \(index) — https://shop.example/p/\(index)?utm_source=sms&amp;utm_medium=sms then more words, as people write"
      page += GoogleVoicePage.message(quote, index: index)
    }
    page += GoogleVoicePage.bottom
    let bytes = Array(page.replacingOccurrences(of: "\n", with: lineEnd).utf8)
    #expect(bytes.count > 1 << 20)
    let folder = try makeTemporaryDirectory().appendingPathComponent("Voice/Calls")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let middle = bytes.count / 2
    let anchor = try #require(bytes[middle...].firstIndex(ofBytes: Array("<a href".utf8)))
    let reference = try #require(bytes[middle...].firstIndex(ofBytes: Array("&amp;".utf8)))
    let quote = try #require(bytes[middle...].firstIndex(ofBytes: Array("<q>".utf8)))
    let message = try #require(bytes[middle...].firstIndex(ofBytes: Array(#"<div class="message""#.utf8)))
    let cuts = [("whole", bytes.count), ("mid-tag", anchor + 4), ("mid-reference", reference + 2), ("mid-quote", quote + 12),
      ("mid-message", message + 30)].prefix(lineEnd == "\n" ? 5 : 1)
    for (name, length) in cuts {
      let file = folder.appendingPathComponent("Shop - Text - \(name).html")
      try Data(bytes.prefix(length)).write(to: file)
      let whole = expectSame(file.path)
      #expect((whole?.links.count ?? 0) > 2_500, "\(name)")
    }
  }

  /// A page of many messages, some cut between batches, is judged with what each whole message
  /// shows, though only the facts of the messages cut are kept while it is read: trackers
  /// inferred from many links through one host, campaigns that disagree, and text links that are
  /// twins of service links.
  @Test func googleVoiceMessagesAreJudgedWholeInParts() throws {
    var messages = [String]()
    for index in 0..<3_000 {
      if index % 500 == 250 {
        // 3,000 links, cut between batches: two in three through an opaque tracker.
        let links = (0..<3_000).map { link in
          link % 3 == 0
            ? "https://shop.example/p/\(link)?utm_source=sms&amp;utm_medium=sms&amp;utm_campaign=\(link % 7 == 0 ? "fall" : "spring")"
            : "https://t.mailer.example/c/136/1071579/\(link)/0/4531494/9012/\(52876 + link)/23c7a80ab5.html"
        }
        messages.append(GoogleVoicePage.message(links.joined(separator: " "), index: index))
      } else {
        let optOut = "https://shop.example/u/\(index)"
        messages.append(
          GoogleVoicePage.message(#"Sale https://shop.example/s/\#(index)?utm_campaign=spring <a href="\#(optOut)">Unsubscribe</a> or \#(optOut)"#, index: index))
      }
    }
    let file = try makeTemporaryDirectory().appendingPathComponent("Shop - Text - 2026.html")
    try Data((GoogleVoicePage.top + messages.joined() + GoogleVoicePage.bottom).utf8).write(to: file)
    let whole = try #require(expectSame(file.path))
    #expect(whole.links.count > 20_000)
    #expect(whole.links.contains { $0.status == .unknown }, "trackers inferred")
    #expect(whole.links.contains { $0.findings.contains { $0.rule == "inconsistent-campaign" } })
    #expect(whole.links.contains { $0.link.element == "text" && $0.link.url.contains("/u/") && $0.status == .excluded }, "twins")
  }

  /// Call and voicemail pages (no links), a page with no message, and a file that is no Takeout
  /// page read as one (`--input-format google-voice`) or binary: each as read whole.
  @Test func googleVoicePagesWithoutMessagesReadTheSameInParts() throws {
    let folder = try makeTemporaryDirectory()
    let filler = String(repeating: "<p>padding</p>\n", count: 100_000)
    let pages: [(String, [UInt8])] = [
      ("Ann - Voicemail - 1.html", Array(#"<html><body><div class="haudio"><span class="fn">Ann</span> Transcript: see you at https://a.example/ <audio src="x.mp3"></audio></div></body></html>"#.utf8)),
      ("Ann - Text - 1.html", Array((GoogleVoicePage.top + filler + GoogleVoicePage.bottom).utf8)),
      ("news.html", Array(("<html><body>" + filler + #"<div class="message"><q>https://a.example/</q></div></body></html>"#).utf8)),
      ("binary.html", [0x3C, 0x00, 0x01, 0x02, 0xFF, 0x00] + [UInt8](repeating: 0, count: 10_000)),
      // The marker only after the first chunk: found when the page is read through.
      ("late.html", Array(("<html><body>" + filler + GoogleVoicePage.top + GoogleVoicePage.message("https://a.example/", index: 0) + GoogleVoicePage.bottom).utf8)),
    ]
    for (name, bytes) in pages {
      let file = folder.appendingPathComponent(name)
      try Data(bytes).write(to: file)
      let whole = expectSame(file.path, as: GoogleVoiceReader.self)
      #expect(whole?.messages == (name.hasPrefix("Ann") || name.hasPrefix("late") ? 1 : 0), "\(name)")
      #expect((whole?.error != nil) == (name == "news.html" || name == "binary.html"), "\(name): \(whole?.error ?? "")")
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

/// Google Voice Takeout pages, in the shape Takeout writes them.
private enum GoogleVoicePage {
  static let top = """
    <?xml version="1.0" ?>
    <!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd"><html><head>
    <title>Shop</title></head>
    <body><div class="hChatLog hfeed">

    """
  static let bottom = """
    </div>
    <div class="tags">Labels:
    <a rel="tag" href="http://www.google.com/voice#sms">Text</a></div></body></html>

    """

  static func message(_ quote: String, index: Int) -> String {
    """
    <div class="message"><abbr class="dt" title="2026-03-02T09:\(index % 60):05.120-08:00">Mar 2, 2026, 9:04:05&#8239;AM
    Pacific Time</abbr>:
    <cite class="sender vcard"><a class="tel" href="tel:+1555014\(index % 3)"><span class="fn">\(index % 2 == 0 ? "Shop" : "")</span></a></cite>:
    <q>\(quote)</q>
    </div>

    """
  }
}

import DarkshareCore
@testable import DarkshareKit
import DarkshareTestSupport
import Foundation
import Testing

/// A small deterministic generator (SplitMix64), so every failure names a seed to replay.
struct SeededGenerator: RandomNumberGenerator {
  private var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// Random HTML templates: links with and without queries, fragments, merge tags, `&amp;` /
/// `&#38;` / bare `&`, single, double and no quotes, white space inside the quotes, comments,
/// Outlook VML twins in conditional comments, CRLF, a byte-order mark, windows-1252 bytes.
struct TemplateGenerator {
  var random: SeededGenerator
  let crlf: Bool
  let bom: Bool
  let legacy: Bool

  init(seed: UInt64) {
    random = SeededGenerator(seed: seed)
    crlf = Bool.random(using: &random)
    bom = Bool.random(using: &random)
    legacy = !bom && Int.random(in: 0..<3, using: &random) == 0
  }

  mutating func pick<T>(_ values: [T]) -> T { values.randomElement(using: &random)! }
  mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }

  /// A URL as it is meant (decoded), and whether it can stand unquoted.
  mutating func url() -> (String, unquotable: Bool) {
    var url = pick(["https://shop.example", "https://www.shop.example", "http://blog.shop.example"])
    url += pick(["/", "/sale", "/p/linen-napkins", "/caf\u{E9}", "/a/b.html"])
    var unquotable = !url.contains("\u{E9}")
    var parameters = [String]()
    for _ in 0..<Int.random(in: 0...3, using: &random) {
      switch Int.random(in: 0..<7, using: &random) {
      case 0: parameters.append("utm_source=" + pick(["newsletter", "", "nl"]))
      case 1: parameters.append(pick(["UTM_Medium=email", "utm_medium=email", "utm_medium="]))
      case 2: parameters.append("utm_campaign=spring")
      case 3:
        parameters.append("name={{ first_name }}")
        unquotable = false
      case 4: parameters.append("id=*|UNIQID|*")
      case 5: parameters.append("ref=" + pick(["x", "a%20b", "1"]))
      default: parameters.append("page=2")
      }
    }
    if !parameters.isEmpty || chance(10) { url += "?" + parameters.joined(separator: "&") }
    if chance(30) { url += pick(["#top", "#utm_medium=email", "#/app?utm_source=nl", "#section-2"]) }
    return (url, unquotable)
  }

  /// `url` as it is written in an attribute: `&` spelled one way, whole URL quoted one way.
  mutating func attribute(_ url: String, unquotable: Bool, ampersand: String) -> String {
    let escaped = url.replacingOccurrences(of: "&", with: ampersand)
    let quote = unquotable && chance(20) ? "" : pick(["\"", "'"])
    let space = quote.isEmpty ? "" : pick(["", " ", "  "])
    return quote + space + escaped + space + quote
  }

  mutating func document() -> [UInt8] {
    let newline = crlf ? "\r\n" : "\n"
    let ampersand = pick(["&amp;", "&#38;", "&"])
    var parts = [String]()
    parts.append(legacy ? "<html><head><meta charset=\"windows-1252\"></head><body>" : "<html><body>")
    for index in 0..<Int.random(in: 1...8, using: &random) {
      let (url, unquotable) = url()
      let perLink = chance(20) ? pick(["&amp;", "&#38;", "&"]) : ampersand
      let text = pick(["Shop now", "Read more", "Caf\u{E9} & co", "Voir l\u{2019}offre"])
      switch Int.random(in: 0..<6, using: &random) {
      case 0:
        parts.append("<!-- old link: <a href=\"\(url)\">x</a> -->")
        parts.append("<p><a href=\(attribute(url, unquotable: unquotable, ampersand: perLink))>\(text)</a></p>")
      case 1:
        let written = attribute(url, unquotable: false, ampersand: perLink)
        parts.append(
          "<!--[if mso]><v:roundrect xmlns:v=\"urn:schemas-microsoft-com:vml\" href=\(written) style=\"width:200px\">"
            + "<w:anchorlock/><center>\(text)</center></v:roundrect><![endif]-->")
        parts.append("<!--[if !mso]><!--><a href=\(written) class=\"b\(index)\">\(text)</a><!--<![endif]-->")
      case 2:
        parts.append("<p>\(text)</p>")
        parts.append("<a\n   href=\(attribute(url, unquotable: unquotable, ampersand: perLink))\n   style=\"color:#123\">\(text)</a>")
      default:
        parts.append("<td><a href=\(attribute(url, unquotable: unquotable, ampersand: perLink)) target=\"_blank\">\(text)</a></td>")
      }
    }
    parts.append("</body></html>")
    let text = parts.joined(separator: newline) + newline
    if legacy {
      // Every character here is in windows-1252 (é, ’); the URL's é stays é as written.
      return text.unicodeScalars.map { scalar -> UInt8 in
        scalar == "\u{2019}" ? 0x92 : UInt8(truncatingIfNeeded: scalar.value)
      }
    }
    return (bom ? [0xEF, 0xBB, 0xBF] : []) + Array(text.utf8)
  }
}

@Suite struct FixPropertyTests {
  static let configured: Configuration = {
    var configuration = Configuration.default
    configuration.fixValues["utm_content"] = "{text}"
    return configuration
  }()

  @Test(arguments: 0..<200)
  func generatedTemplatesKeepEveryByteOutsideTheirURLs(_ seed: Int) throws {
    var generator = TemplateGenerator(seed: UInt64(seed))
    let bytes = generator.document()
    let configuration = seed % 2 == 0 ? Configuration.default : Self.configured
    let (problems, result) = try FixCheck.problems(bytes, name: "gen-\(seed).html", isHTML: true, configuration: configuration)
    #expect(problems == [], "seed \(seed)")
    // Encoding, byte-order mark and line endings are the file's own.
    #expect(result.fixed.starts(with: [0xEF, 0xBB, 0xBF]) == bytes.starts(with: [0xEF, 0xBB, 0xBF]), "seed \(seed)")
    #expect(result.fixed.count(where: { $0 == 0x0D }) == bytes.count(where: { $0 == 0x0D }), "seed \(seed)")
    #expect(result.fixed.filter { $0 >= 0x80 } == bytes.filter { $0 >= 0x80 }, "seed \(seed)")
    // Every fixed link is tracked now; VML twins got the values of their HTML twin.
    let auditor = Auditor(configuration: configuration)
    let before = auditor.audit(bytes: bytes, file: "gen-\(seed).html").links
    let after = auditor.audit(bytes: result.fixed, file: "gen-\(seed).html").links
    try #require(before.count == after.count, "seed \(seed)")
    let fixed = Set(result.changes.map(\.new))
    for link in after where fixed.contains(link.link.url) {
      #expect(link.status == .tracked, "seed \(seed): \(link.link.url) is \(link.status)")
    }
    for index in before.indices where before[index].link.element.hasPrefix("v:") {
      guard let twin = before.indices.first(where: { !before[$0].link.element.hasPrefix("v:") && before[$0].link.url == before[index].link.url }) else { continue }
      #expect(after[index].link.url == after[twin].link.url, "seed \(seed): VML twin differs")
    }
  }

  @Test func theGeneratorCoversWhatItPromises() throws {
    var fixedLinks = 0
    var features = Set<String>()
    for seed in 0..<200 {
      var generator = TemplateGenerator(seed: UInt64(seed))
      let bytes = generator.document()
      let text = String(decoding: bytes, as: UTF8.self)
      if generator.crlf { features.insert("crlf") }
      if generator.bom { features.insert("bom") }
      if generator.legacy { features.insert("legacy") }
      for feature in ["&amp;", "&#38;", "{{", "<!--[if mso]>", "#utm_", "href='", "href=h"] where text.contains(feature) {
        features.insert(feature)
      }
      let result = try TemplateFixer(auditor: Auditor()).fix(bytes, file: "g.html", isHTML: true)
      fixedLinks += result.changes.count
    }
    #expect(features == ["crlf", "bom", "legacy", "&amp;", "&#38;", "{{", "<!--[if mso]>", "#utm_", "href='", "href=h"])
    #expect(fixedLinks > 200)
  }
}

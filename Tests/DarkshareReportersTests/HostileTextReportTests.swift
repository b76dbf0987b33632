import DarkshareCore
import DarkshareKit
import DarkshareReporters
import DarkshareTestSupport
import Foundation
import Testing

/// Issue 15, defect 9: text from the inputs (anchor texts, URLs, mail subjects and senders, SMS
/// bodies and senders, file names) full of ESC, BEL, NUL, CR, bidi overrides and isolates and
/// zero-width characters reaches no report raw, in any format, for `audit` and `links`; the
/// characters are still there in each format's own escape (nothing is silently dropped), and
/// SARIF and JUnit still match their schemas.
@Suite struct HostileTextReportTests {
  /// The scalars that must never be written raw (CR is checked apart, for CSV's CRLF).
  static let forbidden: [Unicode.Scalar] = [
    "\u{0}", "\u{7}", "\u{1B}", "\u{7F}", "\u{9B}", "\u{85}", "\u{202A}", "\u{202B}", "\u{202C}", "\u{202D}", "\u{202E}",
    "\u{2066}", "\u{2067}", "\u{2068}", "\u{2069}", "\u{200E}", "\u{200F}", "\u{061C}", "\u{200B}", "\u{200C}",
    "\u{200D}", "\u{2060}", "\u{FEFF}", "\u{2028}", "\u{2029}",
  ]

  /// A newsletter whose anchor texts and URLs carry terminal controls and bidi characters, as
  /// raw bytes and as character references.
  static let html = """
    <html><body>
    <p><a href="https://shop.example/sale\u{202E}fdp.exe">Sale\u{1B}[2J\u{7} now\u{202E}gnp.\u{2066}x\u{2069}</a></p>
    <p><a href="https://shop.example/&#x1B;]0;pwned&#x7;?q=&#x202D;&#x200F;x">Click&#x1B;[31m red&#13;over&#x200D;writ&#x200B;ten&#x2028;</a></p>
    <p><a href="https://shop.example/p?x=\u{85}\u{9B}">C1 \u{85}\u{9B}31m \u{FEFF}\u{2060}\u{061C}\u{200C}</a></p>
    </body></html>
    """

  /// A mail whose subject and sender (RFC 2047) and both parts carry the same.
  static let eml = """
    From: =?UTF-8?Q?Shop=1B=5B2J_=E2=80=AE?= <news@shop.example>\r
    To: reader@mail.example\r
    Subject: =?UTF-8?B?\(Data("Sale\u{1B}]0;title\u{7} \u{202E}txt.exe \u{2067}rtl\u{2069} bell\u{7}\u{200D}".utf8).base64EncodedString())?=\r
    Date: Tue, 3 Mar 2026 08:02:09 +0100\r
    MIME-Version: 1.0\r
    Content-Type: multipart/alternative; boundary="b"\r
    \r
    --b\r
    Content-Type: text/plain; charset=utf-8\r
    Content-Transfer-Encoding: quoted-printable\r
    \r
    Visit https://shop.example/text?a=3D=E2=80=AEb now=1B[2J\r
    --b\r
    Content-Type: text/html; charset=utf-8\r
    Content-Transfer-Encoding: quoted-printable\r
    \r
    <a href=3D"https://shop.example/html?x=3D=E2=80=AE">Gift=1B=07=00=E2=80=8Dcard=0D</a>\r
    --b--\r

    """

  /// An SMS backup: a body with bidi and zero-width characters (references: XML 1.0 cannot
  /// carry ESC), a sender name with an override.
  static let sms = """
    <?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
    <smses count="1">
      <sms protocol="0" address="+15550000002" date="1795900600000" type="1" subject="null" body="Deal &#x202E;https://shop.example/sms?x=&#x2066;1&#x2069;&#x200D; end&#x200B;" read="1" status="-1" contact_name="Sam&#x202E;&#x200F; Rivera" />
    </smses>
    """

  static let inputs: [(name: String, bytes: [UInt8])] = [
    ("news/sale\u{202E}lmth.html", Array(html.utf8)),
    ("mail/esc\u{1B}[2J.eml", Array(eml.utf8)),
    ("sms/backup.xml", Array(sms.utf8)),
  ]

  static func render(_ format: String, kind: ReportOptions.Kind) throws -> String {
    let reporterType = try #require(BuiltInReporters.reporter(named: format))
    var reporter = reporterType.init(options: ReportOptions(kind: kind))
    var summary = AuditSummary()
    var output = ""
    for input in inputs {
      let result = Auditor().audit(bytes: input.bytes, file: input.name)
      summary.add(result)
      output += reporter.record(result)
    }
    return output + reporter.finish(summary)
  }

  @Test func hostileInputsAreReadWithTheirLinks() {
    for input in Self.inputs {
      let result = Auditor().audit(bytes: input.bytes, file: input.name)
      #expect(result.error == nil, "\(input.name): \(result.error ?? "")")
      #expect(!result.links.isEmpty, "\(input.name) has no links")
      // The test is worth something only if the hostile text reaches the reporters.
      let raw = result.links.map { "\($0.link.url) \($0.link.text ?? "") \($0.link.message?.subject ?? "")" }.joined()
      #expect(raw.unicodeScalars.contains { Self.forbidden.contains($0) }, "\(input.name): no hostile text reached the report")
    }
  }

  @Test(arguments: BuiltInReporters.all.map { $0.identifier }, [ReportOptions.Kind.audit, .links])
  func noUnsafeCharacterIsWrittenRaw(format: String, kind: ReportOptions.Kind) throws {
    let output = try Self.render(format, kind: kind)
    let raw = output.unicodeScalars.filter { Self.forbidden.contains($0) }
    #expect(raw.isEmpty, "\(format) \(kind) writes \(raw.map { String($0.value, radix: 16) }) raw")
    // CSV ends its records with CRLF; no other CR may be written.
    let withoutRecordEnds = format == "csv" ? output.replacing("\r\n", with: "\n") : output
    #expect(!withoutRecordEnds.unicodeScalars.contains("\r"), "\(format) \(kind) writes a raw CR")
    // Neutralised, not dropped: the override shows in the format's own escape.
    let shown: String =
      switch format {
      case "json", "ndjson", "sarif": #"\u202e"#
      case "junit": "&#x202E;"
      default: #"\u{202E}"#
      }
    #expect(output.contains(shown), "\(format) \(kind) does not show U+202E as \(shown)")
    if format == "junit" { #expect(output.contains(#"\u{1B}"#), "junit does not show ESC") }
  }

  /// JSON escapes are lossless: a JSON reader gets the original text back.
  @Test(arguments: [ReportOptions.Kind.audit, .links])
  func jsonKeepsTheTextExactly(kind: ReportOptions.Kind) throws {
    let lines = try Self.render("ndjson", kind: kind).split(separator: "\n")
    let objects = try lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
    let urls = Set(objects.compactMap { $0["url"] as? String })
    #expect(urls.contains("https://shop.example/sale\u{202E}fdp.exe"))
    let files = Set(objects.compactMap { $0["file"] as? String })
    #expect(files.contains("news/sale\u{202E}lmth.html") && files.contains("mail/esc\u{1B}[2J.eml"))
    _ = try JSONSerialization.jsonObject(with: Data(try Self.render("json", kind: kind).utf8))
  }

  @Test(
    .enabled(if: SchemaValidation.referenceIsAvailable, "needs ../shared/reference"),
    arguments: [ReportOptions.Kind.audit, .links])
  func sarifAndJUnitStillMatchTheirSchemas(kind: ReportOptions.Kind) throws {
    let sarif = try SchemaValidation.temporaryFile(try Self.render("sarif", kind: kind), extension: "sarif")
    defer { try? FileManager.default.removeItem(atPath: sarif) }
    let schema = Corpus.sharedReference.appendingPathComponent("sarif-schema-2.1.0.json").path
    let sarifRun = try runTool(["python3", "-c", SARIFSchemaTests.validator, schema, sarif])
    if sarifRun.status != 127 && sarifRun.status != 3 { #expect(sarifRun.status == 0, "\(sarifRun.output)") }
    let junit = try SchemaValidation.temporaryFile(
      ReporterSnapshotTests.withoutRunDetails(try Self.render("junit", kind: kind)), extension: "xml")
    defer { try? FileManager.default.removeItem(atPath: junit) }
    let xsd = Corpus.sharedReference.appendingPathComponent("junit.xsd").path
    let junitRun = try runTool(["xmllint", "--noout", "--nonet", "--schema", xsd, junit])
    if junitRun.status != 127 { #expect(junitRun.status == 0, "\(junitRun.output)") }
  }
}

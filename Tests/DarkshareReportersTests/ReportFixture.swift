import DarkshareCore
import DarkshareReporters

/// One fixed run that every reporter renders: links of every status, findings of every
/// severity with and without suggestions, an unwrapped destination, anchor text that needs
/// escaping (`Grüße & <b>`, a formula, a control character), a URL holding `,` `"` and `|`,
/// an input without links and an unreadable input whose path has a space.
enum ReportFixture {
  static let results: [FileResult] = [spring, empty, broken]

  /// Renders `results` with `reporter` as the CLI would: `recordUTF8` per input (or `record`,
  /// the text the other callers take), then `finish`.
  static func render(
    _ reporter: any Reporter.Type, kind: ReportOptions.Kind, results: [FileResult] = results, asText: Bool = false
  ) -> String {
    var instance = reporter.init(options: ReportOptions(kind: kind))
    var summary = AuditSummary()
    var out = ""
    for result in results {
      summary.add(result)
      out += asText ? instance.record(result) : String(decoding: instance.recordUTF8(result), as: UTF8.self)
    }
    return out + instance.finish(summary)
  }

  private static let file = "newsletters/spring.html"

  private static func link(
    _ url: String, at line: Int, _ column: Int, text: String?, status: LinkStatus, destination: String? = nil,
    service: String? = nil, findings: [(String, Severity, String, String?)] = []
  ) -> AuditedLink {
    let location = SourceLocation(file: file, line: line, column: column)
    return AuditedLink(
      link: Link(
        url: url, location: location, text: text, element: "a", channel: .email,
        urlEnd: TextPosition(line: line, column: column + url.unicodeScalars.count)),
      destination: destination, service: service, status: status,
      findings: findings.map { Finding(rule: $0.0, severity: $0.1, location: location, message: $0.2, suggestion: $0.3) })
  }

  private static let spring = FileResult(
    file: file,
    links: [
      link(
        "https://shop.example/sale", at: 12, 18, text: "Grüße & <b>", status: .dark,
        findings: [
          (
            "untagged-link", .error,
            "'https://shop.example/sale' has no campaign parameters; add utm_source, utm_medium, utm_campaign",
            "https://shop.example/sale?utm_source=newsletter&utm_medium=email&utm_campaign=spring"
          )
        ]),
      link(
        #"https://shop.example/search?q=a,b"c|d&utm_source=newsletter"#, at: 14, 9, text: "Search `all`", status: .partial,
        findings: [
          (
            "missing-campaign-parameter", .error, "add 'utm_medium' and 'utm_campaign' to the query",
            #"https://shop.example/search?q=a,b"c|d&utm_source=newsletter&utm_medium=email&utm_campaign=spring"#
          ),
          ("insecure-link", .warning, "not really insecure: a second finding on the same link", nil),
        ]),
      link(
        "https://shop.example/spin?gclid=Cj0KCQjw", at: 20, 56, text: "Book\u{1}a\tclass", status: .atRisk,
        findings: [
          (
            "click-id-only", .warning, "attribution rests only on 'gclid'; add campaign parameters",
            "https://shop.example/spin?gclid=Cj0KCQjw&utm_source=newsletter&utm_medium=email&utm_campaign=spring"
          )
        ]),
      link(
        "https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fshop.example%2Fnew&data=05",
        at: 22, 3, text: nil, status: .dark, destination: "https://shop.example/new",
        service: "Microsoft Defender Safe Links",
        findings: [
          (
            "untagged-link", .error, "'https://shop.example/new' has no campaign parameters; add utm_source, utm_medium, utm_campaign",
            "https://shop.example/new?utm_source=newsletter&utm_medium=email&utm_campaign=spring"
          )
        ]),
      link(
        "{{ product.url }}", at: 30, 10, text: "-10% today", status: .unknown,
        findings: [("template-url", .info, "'{{ product.url }}' is filled in at send time;\ncheck the rendered mail", nil)]),
      link(
        "https://shop.example/?utm_source=newsletter&utm_medium=email&utm_campaign=spring", at: 40, 12,
        text: "=HYPERLINK(\"https://evil.example\",\"click\")", status: .tracked),
      link("mailto:team@shop.example", at: 50, 10, text: nil, status: .excluded),
    ])

  private static let empty = FileResult(file: "newsletters/plain.html", links: [])

  private static let broken = FileResult(
    file: "archive/broken mail.eml", links: [], error: "not a MIME message: no blank line after the headers")
}

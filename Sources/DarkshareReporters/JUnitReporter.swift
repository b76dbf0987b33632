import DarkshareCore
import Foundation

/// JUnit XML, as CI servers (Jenkins, GitLab, Azure Pipelines, CircleCI) read test results.
///
/// A `<testsuites>` holding one `<testsuite>` per input (name, package: the path; id: its
/// 0-based position) and one `<testcase>` per link, named `line:column url` with the input as
/// its class name. A link with findings at `error` or `warning` fails: the Ant JUnit schema
/// (`shared/reference/junit.xsd`) allows one `<failure>` per test case, so its `type` names the
/// failing rules, its `message` joins `rule: explanation` of each, and its text lists them
/// with their suggestions. `info` findings do not fail a test; they are listed, with every
/// link's status, in the suite's `<system-out>`. An unreadable input is a test case named
/// `read` with an `<error>`. `audit` and `links` render the same: JUnit is a pass/fail view.
///
/// ```xml
/// <testsuite name="spring.html" package="spring.html" id="0" tests="1" failures="1" errors="0" …>
///   <testcase name="42:18 https://shop.example/sale" classname="spring.html" time="0">
///     <failure message="untagged-link: …" type="untagged-link">…</failure>
///   </testcase>
/// ```
///
/// The schema requires `timestamp` (UTC, when the reporter was created), `hostname` and
/// `time`; darkshare does not time single links, so every `time` is `0`. Every attribute and
/// text goes through ``XMLEscaping``. Streams: each suite is written as its input is done (an
/// input that arrives in parts is written after its last part).
public struct JUnitReporter: Reporter {
  public static let identifier = "junit"
  public static let summary = "JUnit XML, one test case per link, for CI test-result views"
  private let timestamp: String
  private let hostname: String
  private var suites = 0
  private var open: Suite?

  public init(options: ReportOptions) {
    self.init(date: Date(), hostname: ProcessInfo.processInfo.hostName)
  }

  init(date: Date, hostname: String) {
    timestamp = Self.timestamp(date)
    self.hostname = hostname.isEmpty ? "localhost" : hostname
  }

  public mutating func record(_ file: FileResult) -> String {
    var suite = file.isFirstPart ? Suite() : (open ?? Suite())
    for audited in file.links {
      let link = audited.link
      let position = "\(link.location.line):\(link.location.column)"
      let name = "\(position) \(link.url)"
      suite.cases += "    <testcase name=\"\(XMLEscaping.attribute(name))\" classname=\"\(XMLEscaping.attribute(file.file))\" time=\"0\""
      let failing = audited.findings.filter { $0.severity >= .warning }
      if failing.isEmpty {
        suite.cases += "/>\n"
      } else {
        suite.failures += 1
        let type = Self.unique(failing.map(\.rule)).joined(separator: ", ")
        let message = failing.map { "\($0.rule): \($0.message)" }.joined(separator: "; ")
        var body = failing.map { "\($0.severity.rawValue) \($0.rule): \($0.message)" }
        body += Self.unique(failing.compactMap(\.suggestion)).map { "suggested: \($0)" }
        suite.cases += ">\n      <failure message=\"\(XMLEscaping.attribute(message))\" type=\"\(XMLEscaping.attribute(type))\">"
        suite.cases += XMLEscaping.content(body.joined(separator: "\n")) + "</failure>\n    </testcase>\n"
      }
      suite.systemOut += "\(position) \(audited.status.rawValue) \(link.url)"
      if let destination = audited.destination { suite.systemOut += " → \(destination)" }
      suite.systemOut += "\n"
      for finding in audited.findings where finding.severity == .info {
        suite.systemOut += "  info \(finding.rule): \(finding.message)\n"
      }
    }
    suite.tests += file.links.count
    if let error = file.error {
      suite.cases += "    <testcase name=\"read\" classname=\"\(XMLEscaping.attribute(file.file))\" time=\"0\">\n"
      suite.cases += "      <error message=\"\(XMLEscaping.attribute(error))\" type=\"unreadable-input\">"
      suite.cases += XMLEscaping.content(error) + "</error>\n    </testcase>\n"
      suite.tests += 1
      suite.errors += 1
    }
    guard file.isLastPart else {
      open = suite
      return ""
    }
    open = nil
    var out = suites == 0 ? Self.opening : ""
    let path = XMLEscaping.attribute(file.file.isEmpty ? "-" : file.file)
    out += "  <testsuite name=\"\(path)\" package=\"\(path)\" id=\"\(suites)\" tests=\"\(suite.tests)\""
    out += " failures=\"\(suite.failures)\" errors=\"\(suite.errors)\" skipped=\"0\" time=\"0\""
    out += " timestamp=\"\(timestamp)\" hostname=\"\(XMLEscaping.attribute(hostname))\">\n"
    out += "    <properties>\n"
    out += "      <property name=\"darkshare.version\" value=\"\(XMLEscaping.attribute(DarkshareVersion.current))\"/>\n"
    out += "    </properties>\n"
    out += suite.cases
    out += "    <system-out>\(XMLEscaping.content(suite.systemOut))</system-out>\n"
    out += "    <system-err></system-err>\n"
    out += "  </testsuite>\n"
    suites += 1
    return out
  }

  /// The test suite of an input whose parts are still arriving (a suite is written whole).
  private struct Suite {
    var cases = ""
    var systemOut = ""
    var tests = 0
    var failures = 0
    var errors = 0
  }

  public mutating func finish(_ summary: AuditSummary) -> String {
    (suites == 0 ? Self.opening : "") + "</testsuites>\n"
  }

  private static let opening = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n"

  /// `yyyy-MM-ddTHH:mm:ss` in UTC, without a zone, as the schema's pattern requires.
  static func timestamp(_ date: Date) -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
    func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
    return String(format: "%04d", c.year ?? 1970) + "-\(two(c.month))-\(two(c.day))T\(two(c.hour)):\(two(c.minute)):\(two(c.second))"
  }

  private static func unique(_ values: [String]) -> [String] {
    var seen = Set<String>()
    return values.filter { seen.insert($0).inserted }
  }
}

import DarkshareCore

/// One JSON object a line: a link (`links`) or a finding (`audit`); errors as `{"file","error"}`.
/// Streams, so darkshare can be a mapper in a pipeline (Spark `RDD.pipe`, Hadoop Streaming).
public struct NDJSONReporter: Reporter {
  public static let identifier = "ndjson"
  public static let summary = "one JSON object per line (links or findings), streamed"
  /// A `links` report names the rules each link broke, without their messages.
  public static func showsFindingExplanations(in kind: ReportOptions.Kind) -> Bool { kind == .audit }
  private let options: ReportOptions

  public init(options: ReportOptions) {
    self.options = options
  }

  public mutating func record(_ file: FileResult) -> String {
    String(decoding: recordUTF8(file), as: UTF8.self)
  }

  public mutating func recordUTF8(_ file: FileResult) -> [UInt8] {
    // One buffer for the part, each record written into it in place.
    var output = [UInt8]()
    // The links of a message follow one another: its context is written once and copied.
    var messages = MessageJSONCache()
    switch options.kind {
    case .links:
      output.reserveCapacity(file.links.count * 400)
      for link in file.links {
        ReportModels.LinkRecord(link).appendCompactJSON(to: &output, messages: &messages)
        output.append(UInt8(ascii: "\n"))
      }
    case .audit:
      for link in file.links {
        for finding in link.findings {
          ReportModels.FindingRecord(finding, of: link).appendCompactJSON(to: &output, messages: &messages)
          output.append(UInt8(ascii: "\n"))
        }
      }
    }
    if let error = file.error {
      ReportModels.ErrorRecord(file: file.file, error: error).appendCompactJSON(to: &output)
      output.append(UInt8(ascii: "\n"))
    }
    return output
  }

  public mutating func finish(_ summary: AuditSummary) -> String { "" }
}

import DarkshareCore

/// One JSON object a line: a link (`links`) or a finding (`audit`); errors as `{"file","error"}`.
/// Streams, so darkshare can be a mapper in a pipeline (Spark `RDD.pipe`, Hadoop Streaming).
public struct NDJSONReporter: Reporter {
  public static let identifier = "ndjson"
  public static let summary = "one JSON object per line (links or findings), streamed"
  private let options: ReportOptions

  public init(options: ReportOptions) {
    self.options = options
  }

  public mutating func record(_ file: FileResult) -> String {
    // One string for the part, each record written into it in place.
    var text = ""
    func append(_ record: some CompactJSONRecord) {
      record.appendCompactJSON(to: &text)
      text += "\n"
    }
    switch options.kind {
    case .links:
      text.reserveCapacity(file.links.count * 400)
      for link in file.links { append(ReportModels.LinkRecord(link)) }
    case .audit:
      for link in file.links {
        for finding in link.findings { append(ReportModels.FindingRecord(finding, of: link)) }
      }
    }
    if let error = file.error {
      append(ReportModels.ErrorRecord(file: file.file, error: error))
    }
    return text
  }

  public mutating func finish(_ summary: AuditSummary) -> String { "" }
}

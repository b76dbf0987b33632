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
    var lines = [String]()
    switch options.kind {
    case .links:
      lines = file.links.map { ReportModels.LinkRecord($0).compactJSON }
    case .audit:
      for link in file.links {
        lines += link.findings.map { ReportModels.FindingRecord($0, of: link).compactJSON }
      }
    }
    if let error = file.error {
      lines.append(ReportModels.ErrorRecord(file: file.file, error: error).compactJSON)
    }
    return lines.map { $0 + "\n" }.joined()
  }

  public mutating func finish(_ summary: AuditSummary) -> String { "" }
}

import DarkshareCore

/// One JSON document: SPEC §6's audit report, or `{"version","tool","summary","links","errors"}`
/// for `links`.
public struct JSONReporter: Reporter {
  public static let identifier = "json"
  public static let summary = "one JSON document (SPEC §6), for tools and dashboards"
  private let options: ReportOptions
  private var findings: [ReportModels.FindingRecord] = []
  private var links: [ReportModels.LinkRecord] = []
  private var errors: [ReportModels.ErrorRecord] = []

  public init(options: ReportOptions) {
    self.options = options
  }

  public mutating func record(_ file: FileResult) -> String {
    for link in file.links {
      switch options.kind {
      case .audit: findings += link.findings.map { ReportModels.FindingRecord($0, of: link) }
      case .links: links.append(ReportModels.LinkRecord(link))
      }
    }
    if let error = file.error { errors.append(.init(file: file.file, error: error)) }
    return ""
  }

  public mutating func finish(_ summary: AuditSummary) -> String {
    switch options.kind {
    case .audit:
      let report = AuditDocument(summary: .init(summary), findings: findings, errors: errors)
      return ReportModels.encode(report, pretty: true) + "\n"
    case .links:
      let report = LinksDocument(summary: .init(summary), links: links, errors: errors)
      return ReportModels.encode(report, pretty: true) + "\n"
    }
  }

  private struct AuditDocument: Encodable {
    var version = 1
    var tool = ReportModels.Tool()
    var summary: ReportModels.Summary
    var findings: [ReportModels.FindingRecord]
    var errors: [ReportModels.ErrorRecord]
  }

  private struct LinksDocument: Encodable {
    var version = 1
    var tool = ReportModels.Tool()
    var summary: ReportModels.Summary
    var links: [ReportModels.LinkRecord]
    var errors: [ReportModels.ErrorRecord]
  }
}

import DarkshareCore

/// One JSON document: SPEC §6's audit report, or `{"version","tool","links","errors","summary"}`
/// for `links`.
///
/// The document is streamed: each finding (or link) is written, one per line, as its input is
/// done, and the errors and summary close the document, so memory does not grow with the
/// number of findings.
public struct JSONReporter: Reporter {
  public static let identifier = "json"
  public static let summary = "one JSON document (SPEC §6), for tools and dashboards"
  /// A `links` report names the rules each link broke, without their messages.
  public static func showsFindingExplanations(in kind: ReportOptions.Kind) -> Bool { kind == .audit }
  private let options: ReportOptions
  private var itemsWritten = 0
  private var errors: [ReportModels.ErrorRecord] = []

  public init(options: ReportOptions) {
    self.options = options
  }

  private var listKey: String { options.kind == .audit ? "findings" : "links" }

  public mutating func record(_ file: FileResult) -> String {
    var items = [String]()
    for link in file.links {
      switch options.kind {
      case .audit: items += link.findings.map { ReportModels.FindingRecord($0, of: link).compactJSON }
      case .links: items.append(ReportModels.LinkRecord(link).compactJSON)
      }
    }
    if let error = file.error { errors.append(.init(file: file.file, error: error)) }
    var out = itemsWritten == 0 && !items.isEmpty ? opening : ""
    for item in items {
      out += (itemsWritten == 0 ? "\n    " : ",\n    ") + item
      itemsWritten += 1
    }
    return out
  }

  public mutating func finish(_ summary: AuditSummary) -> String {
    var out = itemsWritten == 0 ? opening : "\n  "
    out += "],\n  \"errors\": ["
    out += errors.map { "\n    " + $0.compactJSON }.joined(separator: ",")
    out += errors.isEmpty ? "],\n" : "\n  ],\n"
    out += "  \"summary\": " + ReportModels.encode(ReportModels.Summary(summary), pretty: false) + "\n}\n"
    return out
  }

  private var opening: String {
    "{\n  \"version\": 1,\n  \"tool\": " + ReportModels.encode(ReportModels.Tool(), pretty: false)
      + ",\n  \"\(listKey)\": ["
  }
}

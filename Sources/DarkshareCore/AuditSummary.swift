/// The totals of a run, accumulated one ``FileResult`` at a time.
public struct AuditSummary: Sendable, Hashable {
  public private(set) var files = 0
  public private(set) var messages = 0
  public private(set) var links = 0
  public private(set) var byStatus: [LinkStatus: Int] = [:]
  public private(set) var findings: [Severity: Int] = [:]
  /// Inputs that could not be read, with the reason.
  public private(set) var errors: [InputError] = []

  /// An input that could not be read.
  public struct InputError: Sendable, Hashable {
    public var file: String
    public var error: String
  }

  public init() {}

  /// Adds one input's links, findings and error to the totals (an input in several parts
  /// counts as one file).
  public mutating func add(_ result: FileResult) {
    if result.isFirstPart { files += 1 }
    messages += result.messages
    links += result.links.count
    for link in result.links {
      byStatus[link.status, default: 0] += 1
      for finding in link.findings { findings[finding.severity, default: 0] += 1 }
    }
    if let error = result.error { errors.append(InputError(file: result.file, error: error)) }
  }

  /// Whether any finding is at or above `threshold`.
  public func hasFindings(atOrAbove threshold: Severity) -> Bool {
    findings.contains { $0.key >= threshold && $0.value > 0 }
  }
}

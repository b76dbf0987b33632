/// The totals of a run, accumulated one ``FileResult`` at a time.
public struct AuditSummary: Sendable, Hashable {
  public private(set) var files = 0
  public private(set) var messages = 0
  public private(set) var links = 0
  public private(set) var byStatus: [LinkStatus: Int] = [:]
  public private(set) var findings: [Severity: Int] = [:]
  /// Inputs that could not be read, with the reason.
  public private(set) var errors: [InputError] = []
  /// Links the source keeps out of the findings (`data-darkshare-ignore`,
  /// `<!-- darkshare-ignore-next-link -->`); they are counted under their status as well.
  public private(set) var suppressed = 0
  /// Findings a `--baseline` accepted and kept out of the report; nil without a baseline.
  public private(set) var heldBackByBaseline: Int?

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
      if link.link.isSuppressed { suppressed += 1 }
      for finding in link.findings { findings[finding.severity, default: 0] += 1 }
    }
    if let error = result.error { errors.append(InputError(file: result.file, error: error)) }
  }

  /// Counts `count` findings a baseline held back (0 still records that a baseline was used).
  public mutating func addHeldBack(_ count: Int) {
    heldBackByBaseline = (heldBackByBaseline ?? 0) + count
  }

  /// Whether any finding is at or above `threshold`.
  public func hasFindings(atOrAbove threshold: Severity) -> Bool {
    findings.contains { $0.key >= threshold && $0.value > 0 }
  }
}

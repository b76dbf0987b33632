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
    // Tallied by position and added once per input: a dictionary hashed its key per link.
    var statusCounts = [Int](repeating: 0, count: LinkStatus.allCases.count)
    var severityCounts = [Int](repeating: 0, count: Severity.allCases.count)
    for link in result.links {
      statusCounts[Self.position(of: link.status)] += 1
      if link.link.isSuppressed { suppressed += 1 }
      for finding in link.findings { severityCounts[Self.position(of: finding.severity)] += 1 }
    }
    for (status, count) in zip(LinkStatus.allCases, statusCounts) where count > 0 { byStatus[status, default: 0] += count }
    for (severity, count) in zip(Severity.allCases, severityCounts) where count > 0 { findings[severity, default: 0] += count }
    if let error = result.error { errors.append(InputError(file: result.file, error: error)) }
  }

  /// The position of `status` in `LinkStatus.allCases`.
  private static func position(of status: LinkStatus) -> Int {
    switch status {
    case .tracked: 0
    case .partial: 1
    case .dark: 2
    case .atRisk: 3
    case .unknown: 4
    case .excluded: 5
    }
  }

  /// The position of `severity` in `Severity.allCases`.
  private static func position(of severity: Severity) -> Int {
    switch severity {
    case .info: 0
    case .warning: 1
    case .error: 2
    }
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

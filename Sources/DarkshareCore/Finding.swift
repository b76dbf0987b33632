/// One problem a rule found with one link.
public struct Finding: Sendable, Hashable {
  /// The rule's kebab-case identifier (`untagged-link`).
  public var rule: String
  public var severity: Severity
  /// Where the link's URL starts.
  public var location: SourceLocation
  /// What is wrong with this link, in one sentence that quotes the offending value; empty in
  /// a run whose reports show no message (an inventory, `links`), where none is made.
  public var message: String
  /// The URL with the problem fixed, when darkshare can say what the fix is (and the run's
  /// reports show it).
  public var suggestion: String?

  public init(rule: String, severity: Severity, location: SourceLocation, message: String, suggestion: String? = nil) {
    self.rule = rule
    self.severity = severity
    self.location = location
    self.message = message
    self.suggestion = suggestion
  }
}

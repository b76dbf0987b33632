import DarkshareCore

/// Everything about a rule except its logic: identity, documentation and examples.
///
/// Examples are HTML snippets; `↓` marks where the rule must report (the first character of
/// the URL). Triggering examples must fire exactly there; non-triggering ones must not fire.
/// Rules about sent mail add *message examples*: a small `.eml` message, read by the e-mail
/// reader, whose `↓` positions count from the first body line of the marker's MIME part (as
/// the reader reports them, SPEC §6).
public struct RuleDescription: Sendable {
  /// Stable kebab-case name (`untagged-link`), used in reports, configuration and `explain`.
  public let identifier: String
  /// A title (`Untagged Link`).
  public let name: String
  /// One sentence: what the rule reports.
  public let summary: String
  /// One paragraph: why it matters for attribution and what to do.
  public let rationale: String
  public let defaultSeverity: Severity
  public let triggeringExamples: [String]
  public let nonTriggeringExamples: [String]
  /// `.eml` messages in which the rule must fire at the `↓` markers.
  public let triggeringMessageExamples: [String]
  /// `.eml` messages in which the rule must not fire.
  public let nonTriggeringMessageExamples: [String]
  /// Reference facts the rule rests on, printed by `explain` after the rationale.
  public var reference: String? { referenceText() }
  /// Built when `explain` or the documentation asks, not with the rule: an audit never prints it.
  private let referenceText: @Sendable () -> String?

  public init(
    identifier: String, name: String, summary: String, rationale: String, defaultSeverity: Severity,
    triggeringExamples: [String], nonTriggeringExamples: [String], triggeringMessageExamples: [String] = [],
    nonTriggeringMessageExamples: [String] = [], reference: @autoclosure @escaping @Sendable () -> String? = nil
  ) {
    self.triggeringMessageExamples = triggeringMessageExamples
    self.nonTriggeringMessageExamples = nonTriggeringMessageExamples
    self.referenceText = reference
    self.identifier = identifier
    self.name = name
    self.summary = summary
    self.rationale = rationale
    self.defaultSeverity = defaultSeverity
    self.triggeringExamples = triggeringExamples
    self.nonTriggeringExamples = nonTriggeringExamples
  }
}

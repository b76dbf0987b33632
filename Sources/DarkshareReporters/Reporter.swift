import DarkshareCore

/// Renders a run for one `--format`.
///
/// Streaming formats (text, ndjson) return their output from ``record(_:)`` as each input is
/// done; whole-document formats (json) collect in `record` and return everything from
/// ``finish(_:)``. Adding a format is adding one file and one line in ``BuiltInReporters/all``.
public protocol Reporter: Sendable {
  /// The `--format` value (`json`).
  static var identifier: String { get }
  /// One line for `--help`.
  static var summary: String { get }
  init(options: ReportOptions)
  /// Called once per input, in input order.
  mutating func record(_ file: FileResult) -> String
  /// ``record(_:)``'s output as UTF-8, what a report file is written from; called instead of
  /// it. A reporter that writes its records as bytes returns them as they are, without making
  /// (and checking) a string of them first.
  mutating func recordUTF8(_ file: FileResult) -> [UInt8]
  /// Called once at the end.
  mutating func finish(_ summary: AuditSummary) -> String
  /// Whether a report of `kind` shows findings' messages or suggestions; when no report of a
  /// run does, the rules make neither (``Finding/message`` is empty).
  static func showsFindingExplanations(in kind: ReportOptions.Kind) -> Bool
}

extension Reporter {
  /// ``record(_:)``'s text.
  public mutating func recordUTF8(_ file: FileResult) -> [UInt8] { Array(record(file).utf8) }

  /// Every finding's message and suggestion are shown, unless a reporter says otherwise.
  public static func showsFindingExplanations(in kind: ReportOptions.Kind) -> Bool { true }
}

/// What a reporter is asked to show.
public struct ReportOptions: Sendable {
  /// `audit` reports findings; `links` lists every link with its status.
  public enum Kind: Sendable { case audit, links }

  public var kind: Kind
  /// ANSI colour, for a terminal that wants it.
  public var useColor: Bool
  /// Leave out the closing summary of human-readable formats.
  public var quiet: Bool

  public init(kind: Kind, useColor: Bool = false, quiet: Bool = false) {
    self.kind = kind
    self.useColor = useColor
    self.quiet = quiet
  }
}

/// Every report format darkshare ships.
public enum BuiltInReporters {
  public static let all: [any Reporter.Type] = [
    TextReporter.self,
    JSONReporter.self,
    NDJSONReporter.self,
    SARIFReporter.self,
    JUnitReporter.self,
    GitHubReporter.self,
    MarkdownReporter.self,
    CSVReporter.self,
  ]

  /// The reporter for a `--format` value, if there is one.
  public static func reporter(named identifier: String) -> (any Reporter.Type)? {
    all.first { $0.identifier == identifier }
  }
}

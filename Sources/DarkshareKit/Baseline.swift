import DarkshareCore
import Foundation

/// Findings accepted as they are, so a team can adopt darkshare on templates that already have
/// findings and fail only on new ones (`--write-baseline FILE`, then `--baseline FILE`).
///
/// A finding is keyed by its rule, its file (as given on the command line) and its link's URL,
/// not by line: moving a link, or editing around it, does not make its finding new. The same
/// key may stand several times (the same untagged link in a header and a footer); the baseline
/// keeps the count, and only findings beyond it are new.
///
/// A baseline written with `--redact` is redacted too (its document says `"redacted": true`):
/// its URLs and archive-entry labels have their addresses, numbers and recipient ids masked by
/// ``Redactor/redactingPatterns(_:)``, and a run that uses it masks its own keys the same way
/// before comparing. Contact names are not masked there: the redactor learns them as a run
/// goes, so they cannot make a key that every run computes alike.
public struct Baseline: Sendable, Equatable {
  /// One accepted finding key and how many times it occurred.
  struct Entry: Codable, Hashable {
    var rule: String
    var file: String
    var url: String
    var count: Int
  }

  private struct Key: Hashable {
    var rule: String
    var file: String
    var url: String
  }

  private var counts: [Key: Int]
  /// Whether keys are stored with personal data masked.
  public private(set) var isRedacted: Bool
  private static let patterns = Redactor()

  /// An empty baseline, filled with ``record(_:)``; `redacted` masks personal data in its keys.
  public init(redacted: Bool = false) {
    counts = [:]
    isRedacted = redacted
  }

  /// Reads a baseline written by ``data()``.
  /// - Throws: ``BaselineError`` when the file cannot be read or is not a darkshare baseline.
  public init(contentsOf url: URL) throws(BaselineError) {
    let data: Data
    do {
      data = try Data(contentsOf: url)
    } catch {
      throw BaselineError(message: "cannot read baseline '\(url.path)' (\(InputResolver.reason(error)))")
    }
    guard let document = try? JSONDecoder().decode(Document.self, from: data), document.version == 1 else {
      throw BaselineError(message: "'\(url.path)' is not a darkshare baseline (version 1)")
    }
    counts = [:]
    isRedacted = document.redacted ?? false
    for entry in document.findings { counts[Key(rule: entry.rule, file: entry.file, url: entry.url), default: 0] += entry.count }
  }

  /// Adds every finding of `result` to the baseline.
  public mutating func record(_ result: FileResult) {
    for link in result.links {
      for finding in link.findings { counts[key(finding.rule, result.file, link.link.url), default: 0] += 1 }
    }
  }

  /// `result` without the findings the baseline accepts. Each accepted key is used up as
  /// many times as it was recorded, across the parts of an input delivered in several.
  public mutating func consume(_ result: FileResult) -> FileResult {
    var filtered = result
    for index in filtered.links.indices {
      let url = filtered.links[index].link.url
      filtered.links[index].findings.removeAll { finding in
        let key = key(finding.rule, result.file, url)
        guard let left = counts[key], left > 0 else { return false }
        counts[key] = left - 1
        return true
      }
    }
    return filtered
  }

  /// The key of a finding, masked in a redacted baseline (the path up to an archive's `!/` is
  /// the user's own and kept).
  private func key(_ rule: String, _ file: String, _ url: String) -> Key {
    guard isRedacted else { return Key(rule: rule, file: file, url: url) }
    var label = file
    if let marker = file.range(of: "!/") {
      label = String(file[..<marker.upperBound]) + Self.patterns.redactingPatterns(String(file[marker.upperBound...]))
    }
    return Key(rule: rule, file: label, url: Self.patterns.redactingPatterns(url))
  }

  /// The baseline as JSON, sorted so it diffs well in review.
  public func data() -> Data {
    let entries = counts.map { Entry(rule: $0.key.rule, file: $0.key.file, url: $0.key.url, count: $0.value) }
      .sorted { ($0.file, $0.rule, $0.url) < ($1.file, $1.rule, $1.url) }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    let document = Document(version: 1, redacted: isRedacted ? true : nil, findings: entries)
    return ((try? encoder.encode(document)) ?? Data()) + Data("\n".utf8)
  }

  private struct Document: Codable {
    var version: Int
    /// Present (true) in a baseline written with `--redact`.
    var redacted: Bool?
    var findings: [Entry]
  }
}

/// A baseline file that cannot be used.
public struct BaselineError: Error, Sendable, CustomStringConvertible {
  public var message: String
  public var description: String { message }
}

import DarkshareTestSupport
import Foundation

/// The hand-labelled real sent mail in `Tests/RealMail`: each `NAME.eml` with a `NAME.eml.labels`
/// beside it, and the provenance table of its README, which names the platform that sent each
/// message.
enum RealMail {
  static var directory: URL { Corpus.packageRoot.appendingPathComponent("Tests/RealMail") }

  /// The labelled messages, by file name (`cnn-5things-welcome.eml`), sorted.
  static var labelledMessages: [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    return names.filter { $0.hasSuffix(".eml") && names.contains($0 + ".labels") }.sorted()
  }

  /// One line of a `.labels` file: the link's URL as written in its decoded part, the status
  /// it should get, and the part it is in (`html` or `text`, from the `@part` line before it).
  struct Label: Hashable, CustomStringConvertible {
    var part: String
    var status: String
    var url: String
    var description: String { "\(status) \(url)" }
  }

  /// A line that is none of comment, `@part KIND` or `STATUS  URL  # why`.
  struct LabelError: Error, CustomStringConvertible {
    var file: String
    var line: Int
    var text: String
    var description: String { "\(file).labels:\(line): cannot read '\(text)'" }
  }

  static let statuses: Set<String> = ["tracked", "partial", "dark", "at-risk", "unknown", "excluded"]

  /// Reads `STATUS  URL  # why` lines in order; the URL ends where two spaces and `#` begin,
  /// because a `mailto:` query may hold single spaces and a `#`.
  static func labels(for message: String) throws -> [Label] {
    let text = try String(contentsOf: directory.appendingPathComponent(message + ".labels"), encoding: .utf8)
    var part = ""
    var labels = [Label]()
    for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line = raw.trimmingCharacters(in: .whitespaces)
      if line.isEmpty || line.hasPrefix("#") { continue }
      if line.hasPrefix("@part ") {
        part = String(line.dropFirst("@part ".count))
        continue
      }
      guard let space = line.firstIndex(of: " ") else { throw LabelError(file: message, line: index + 1, text: line) }
      let status = String(line[..<space])
      let rest = line[space...].drop(while: { $0 == " " })
      let url = (rest.range(of: "  #").map { rest[..<$0.lowerBound] } ?? rest).trimmingCharacters(in: .whitespaces)
      guard statuses.contains(status), !url.isEmpty else { throw LabelError(file: message, line: index + 1, text: line) }
      labels.append(Label(part: part, status: status, url: url))
    }
    return labels
  }

  /// One row of the README's provenance table.
  struct Provenance {
    var file: String
    /// The platform that sent the message (or rewrote its links), without the parenthesis.
    var platform: String
    /// `ESP`, `gateway`, `list server`, `own mail system` or `spam`.
    var kind: String
  }

  /// The provenance table: rows that start with `` | `NAME.eml` ``.
  static func provenance() throws -> [Provenance] {
    let readme = try String(contentsOf: directory.appendingPathComponent("README.md"), encoding: .utf8)
    return readme.split(separator: "\n").compactMap { line -> Provenance? in
      guard line.hasPrefix("| `") else { return nil }
      let cells = line.split(separator: "|", omittingEmptySubsequences: false).map {
        $0.trimmingCharacters(in: .whitespaces)
      }
      guard cells.count >= 8 else { return nil }
      let file = cells[1].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
      let platform = cells[5].components(separatedBy: " (").first ?? cells[5]
      return Provenance(file: file, platform: platform, kind: cells[6])
    }
  }
}

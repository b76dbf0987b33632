import Foundation

/// The labelled inputs under `corpora/` and their `.expect` sidecars.
public enum Corpus {
  /// The package's root folder, found from this file's path.
  public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  public static var directory: URL { packageRoot.appendingPathComponent("corpora") }

  /// Every labelled input (a file with a `.expect` beside it), as paths relative to the package root.
  public static var labelledFiles: [String] {
    let enumerator = FileManager.default.enumerator(atPath: directory.path)
    var files = [String]()
    while let entry = enumerator?.nextObject() as? String {
      if entry.hasSuffix(".expect") { files.append("corpora/" + String(entry.dropLast(".expect".count))) }
    }
    return files.sorted()
  }

  /// One line of a `.expect` file: where a link starts, its status and the rules that fire.
  public struct Expectation: Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var status: String
    public var rules: Set<String>

    public init(line: Int, column: Int, status: String, rules: Set<String>) {
      self.line = line
      self.column = column
      self.status = status
      self.rules = rules
    }

    public var description: String {
      "\(line):\(column) \(status) \(rules.isEmpty ? "-" : rules.sorted().joined(separator: ","))"
    }
  }

  /// Parses `LINE:COL  STATUS  rule-a,rule-b  # comment` lines; `-` means no rules.
  public static func expectations(for file: String) throws -> [Expectation] {
    let text = try String(contentsOf: packageRoot.appendingPathComponent(file + ".expect"), encoding: .utf8)
    return try text.split(separator: "\n").compactMap { raw -> Expectation? in
      let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
      let fields = line.split(whereSeparator: \.isWhitespace)
      guard !fields.isEmpty else { return nil }
      let position = fields[0].split(separator: ":")
      guard fields.count == 3, position.count == 2, let row = Int(position[0]), let column = Int(position[1]) else {
        throw ExpectFileError(file: file, line: String(raw))
      }
      let rules = fields[2] == "-" ? [] : Set(fields[2].split(separator: ",").map(String.init))
      return Expectation(line: row, column: column, status: String(fields[1]), rules: rules)
    }
  }

  public struct ExpectFileError: Error, CustomStringConvertible {
    public var file: String
    public var line: String
    public var description: String { "\(file).expect: cannot read line '\(line)'" }
  }
}

import Foundation

/// The labelled inputs under `corpora/` and their `.expect` sidecars.
public enum Corpus {
  /// The package's root folder, found from this file's path.
  public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  public static var directory: URL { packageRoot.appendingPathComponent("corpora") }
  /// `shared/reference` beside the package (`<package>/../shared/reference`): sourced facts and
  /// schemas, absent where the package is used on its own.
  public static var sharedReference: URL {
    packageRoot.deletingLastPathComponent().appendingPathComponent("shared/reference")
  }

  /// Every labelled input (a file with a `.expect` beside it), as paths relative to the package root.
  public static var labelledFiles: [String] {
    let enumerator = FileManager.default.enumerator(atPath: directory.path)
    var files = [String]()
    while let entry = enumerator?.nextObject() as? String {
      if entry.hasSuffix(".expect") { files.append("corpora/" + String(entry.dropLast(".expect".count))) }
    }
    return files.sorted()
  }

  /// One line of a `.expect` file: where a link starts, its status and the rules that fire;
  /// for mail archives also the message it is in, and for a labelled directory (a Maildir) the
  /// file, both set by the `@message` and `@file` lines before it.
  public struct Expectation: Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var status: String
    public var rules: Set<String>
    /// The link's ``MessageContext`` index, when the `.expect` file labels messages.
    public var message: Int?
    /// The message's decoded subject, when the `.expect` file labels messages.
    public var subject: String?
    /// The file within a labelled directory, relative to it.
    public var entry: String?

    public init(
      line: Int, column: Int, status: String, rules: Set<String>, message: Int? = nil, subject: String? = nil,
      entry: String? = nil
    ) {
      self.line = line
      self.column = column
      self.status = status
      self.rules = rules
      self.message = message
      self.subject = subject
      self.entry = entry
    }

    public var description: String {
      let place = (entry.map { "\($0) " } ?? "") + (message.map { "message \($0) '\(subject ?? "")' " } ?? "")
      return "\(place)\(line):\(column) \(status) \(rules.isEmpty ? "-" : rules.sorted().joined(separator: ","))"
    }
  }

  /// Parses `LINE:COL  STATUS  rule-a,rule-b  # comment` lines; `-` means no rules.
  ///
  /// `@message INDEX SUBJECT…` labels the lines after it with a message (mbox, forwards: the
  /// subject is the decoded `Subject`, empty when there is none), and `@file PATH` with a file
  /// of the labelled directory (`corpora/maildir/Mail.expect` labels `corpora/maildir/Mail/`).
  public static func expectations(for file: String) throws -> [Expectation] {
    let text = try String(contentsOf: packageRoot.appendingPathComponent(file + ".expect"), encoding: .utf8)
    var message: (index: Int, subject: String)?
    var entry: String?
    return try text.split(separator: "\n").compactMap { raw -> Expectation? in
      if raw.hasPrefix("@message ") {
        let fields = raw.dropFirst("@message ".count).split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
        guard let index = Int(fields[0]) else { throw ExpectFileError(file: file, line: String(raw)) }
        message = (index, fields.count > 1 ? String(fields[1]) : "")
        return nil
      }
      if raw.hasPrefix("@file ") {
        entry = String(raw.dropFirst("@file ".count))
        message = nil
        return nil
      }
      let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
      let fields = line.split(whereSeparator: \.isWhitespace)
      guard !fields.isEmpty else { return nil }
      let position = fields[0].split(separator: ":")
      guard fields.count == 3, position.count == 2, let row = Int(position[0]), let column = Int(position[1]) else {
        throw ExpectFileError(file: file, line: String(raw))
      }
      let rules = fields[2] == "-" ? [] : Set(fields[2].split(separator: ",").map(String.init))
      return Expectation(
        line: row, column: column, status: String(fields[1]), rules: rules, message: message?.index,
        subject: message?.subject, entry: entry)
    }
  }

  public struct ExpectFileError: Error, CustomStringConvertible {
    public var file: String
    public var line: String
    public var description: String { "\(file).expect: cannot read line '\(line)'" }
  }
}

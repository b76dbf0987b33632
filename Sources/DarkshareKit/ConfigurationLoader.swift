import DarkshareCore
import DarkshareJudgement
import DarkshareRules
import Foundation
import Yams

/// A `.darkshare.yml` that cannot be used: where (file, line, key path) and why.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
  public var file: String
  /// 1-based line of the offending key or value, when known.
  public var line: Int?
  /// The dotted path of the key (`rules.untagged-link`), or empty for the whole file.
  public var keyPath: String
  public var message: String

  public var description: String {
    let location = line.map { "\(file):\($0)" } ?? file
    return keyPath.isEmpty ? "\(location): \(message)" : "\(location): \(keyPath): \(message)"
  }
}

/// Finds and reads `.darkshare.yml`, validating every key (SPEC §7).
///
/// Unknown keys, wrong types, unknown rules or severities and invalid regular expressions are
/// errors that name the key path and its line, as swift-format's frontend does for key paths.
public enum ConfigurationLoader {
  /// The file name looked for.
  public static let fileName = ".darkshare.yml"

  /// The nearest `.darkshare.yml` in `directory` or one of its parents up to `root` (inclusive),
  /// if any; with `root` nil, up to the file system's root.
  ///
  /// `directory` is made absolute first; a relative path that cannot be (the working directory
  /// was deleted) finds nothing. A `directory` outside `root` finds nothing either: a stranger's
  /// folder is not searched. The walk visits each ancestor once, so it always ends.
  public static func discover(from directory: URL, root: URL? = nil) -> URL? {
    guard let start = absoluteComponents(of: directory) else { return nil }
    var components = start
    if let root {
      guard let rootComponents = absoluteComponents(of: root), components.starts(with: rootComponents) else { return nil }
      return search(&components, keeping: rootComponents.count)
    }
    return search(&components, keeping: 0)
  }

  /// Looks for the file in `components` and its parents, never shorter than `keeping` components.
  private static func search(_ components: inout [String], keeping: Int) -> URL? {
    while true {
      let folder = "/" + components.joined(separator: "/")
      let candidate = URL(fileURLWithPath: folder).appendingPathComponent(fileName)
      if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
      guard components.count > keeping, !components.isEmpty else { return nil }
      components.removeLast()
    }
  }

  /// The components of `url`'s path made absolute and with `.` and `..` resolved lexically;
  /// nil when it is relative and the working directory is unknown (deleted).
  static func absoluteComponents(of url: URL) -> [String]? {
    var path = url.path
    if !path.hasPrefix("/") {
      guard let working = workingDirectory else { return nil }
      path = working + "/" + path
    }
    var components = [String]()
    for component in path.split(separator: "/") {
      switch component {
      case ".": continue
      case "..": if !components.isEmpty { components.removeLast() }
      default: components.append(String(component))
      }
    }
    return components
  }

  /// The absolute working directory, or nil when the system cannot say (it was deleted).
  static var workingDirectory: String? {
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    guard getcwd(&buffer, buffer.count) != nil else { return nil }
    let path = String(cString: buffer)
    return path.hasPrefix("/") ? path : nil
  }

  /// The project configuration discovery stays in: the nearest folder upward from the working
  /// directory holding `.git` (a repository or a worktree), else the working directory itself;
  /// nil when the working directory is unknown.
  public static func projectRoot() -> URL? {
    guard let working = workingDirectory else { return nil }
    var components = working.split(separator: "/").map(String.init)
    while true {
      let folder = "/" + components.joined(separator: "/")
      if FileManager.default.fileExists(atPath: folder + "/.git") { return URL(fileURLWithPath: folder) }
      guard !components.isEmpty else { return URL(fileURLWithPath: working) }
      components.removeLast()
    }
  }

  /// Reads the configuration at `url`.
  /// - Throws: ``ConfigurationError``.
  public static func load(_ url: URL) throws(ConfigurationError) -> Configuration {
    let text: String
    do {
      text = try String(contentsOf: url, encoding: .utf8)
    } catch {
      throw ConfigurationError(file: url.path, line: nil, keyPath: "", message: "cannot read the file (\(InputResolver.reason(error)))")
    }
    return try parse(text, file: url.path)
  }

  /// Parses configuration text; `file` names it in errors.
  /// - Throws: ``ConfigurationError``.
  public static func parse(_ text: String, file: String) throws(ConfigurationError) -> Configuration {
    let root: Node?
    do {
      root = try Yams.compose(yaml: text)
    } catch {
      throw ConfigurationError(file: file, line: nil, keyPath: "", message: "not valid YAML: \(error)")
    }
    guard let root else { return .default }
    return try ConfigurationReader(file: file).read(root)
  }
}

/// Walks the YAML tree, so each error can name its key path and line.
private struct ConfigurationReader {
  let file: String

  private static let topLevelKeys: Set<String> = [
    "version", "required-parameters", "own-domains", "other-domains", "ignore", "redirect-hosts", "rules",
    "conventions", "channels", "fix", "include", "exclude", "allow-empty",
  ]

  func read(_ root: Node) throws(ConfigurationError) -> Configuration {
    var configuration = Configuration.default
    for (key, value) in try mapping(root, path: "") {
      switch key {
      case "version":
        guard value.int == 1 else { throw error(value, "version", "must be 1") }
      case "required-parameters":
        configuration.requiredParameters = try strings(value, path: key)
        guard !configuration.requiredParameters.isEmpty else { throw error(value, key, "must list at least one parameter") }
      case "own-domains":
        configuration.ownDomains = try strings(value, path: key)
      case "other-domains":
        let name = try string(value, path: key)
        guard let policy = Configuration.OtherDomains(rawValue: name) else {
          throw error(value, key, "must be one of \(Configuration.OtherDomains.allCases.map(\.rawValue).joined(separator: ", ")), not '\(name)'")
        }
        configuration.otherDomains = policy
      case "ignore":
        configuration.ignore = try strings(value, path: key)
        for (index, pattern) in configuration.ignore.enumerated() {
          do {
            _ = try URLPattern(pattern)
          } catch {
            throw self.error(value, "\(key)[\(index)]", "invalid regular expression '\(pattern.dropFirst(3))'")
          }
        }
      case "redirect-hosts":
        configuration.redirectHosts = try strings(value, path: key)
      case "rules":
        configuration.rules = try rules(value)
      case "conventions":
        configuration.conventions = try conventions(value)
      case "channels":
        configuration.channels = try channels(value)
      case "fix":
        configuration.fixValues = try stringMap(value, path: key)
      case "include":
        configuration.include = try strings(value, path: key)
      case "exclude":
        configuration.exclude = try strings(value, path: key)
      case "allow-empty":
        guard let flag = value.bool else { throw error(value, key, "must be true or false") }
        configuration.allowEmpty = flag
      default:
        throw unknownKey(key, in: root, path: "", known: Self.topLevelKeys)
      }
    }
    return configuration
  }

  private func rules(_ node: Node) throws(ConfigurationError) -> [String: Configuration.RuleSetting] {
    let known = Set(BuiltInRules.descriptions.map(\.identifier))
    var settings = [String: Configuration.RuleSetting]()
    for (rule, value) in try mapping(node, path: "rules") {
      guard known.contains(rule) else { throw unknownKey(rule, in: node, path: "rules", known: known) }
      let path = "rules.\(rule)"
      let word = value.bool == false ? "off" : try string(value, path: path)
      if word == "off" {
        settings[rule] = .off
      } else if let severity = Severity(rawValue: word) {
        settings[rule] = .severity(severity)
      } else {
        throw error(value, path, "must be off, error, warning or info, not '\(word)'")
      }
    }
    return settings
  }

  private func conventions(_ node: Node) throws(ConfigurationError) -> Configuration.ValueConventions {
    var conventions = Configuration.ValueConventions()
    let keys: Set<String> = ["lowercase", "allowed-values", "patterns"]
    for (key, value) in try mapping(node, path: "conventions") {
      let path = "conventions.\(key)"
      switch key {
      case "lowercase":
        guard let flag = value.bool else { throw error(value, path, "must be true or false") }
        conventions.lowercase = flag
      case "allowed-values":
        for (parameter, list) in try mapping(value, path: path) {
          conventions.allowedValues[parameter] = try strings(list, path: "\(path).\(parameter)")
        }
      case "patterns":
        for (parameter, patternNode) in try mapping(value, path: path) {
          let pattern = try string(patternNode, path: "\(path).\(parameter)")
          guard (try? NSRegularExpression(pattern: pattern)) != nil else {
            throw error(patternNode, "\(path).\(parameter)", "invalid regular expression '\(pattern)'")
          }
          conventions.patterns[parameter] = pattern
        }
      default:
        throw unknownKey(key, in: node, path: "conventions", known: keys)
      }
    }
    return conventions
  }

  private func channels(_ node: Node) throws(ConfigurationError) -> [Channel: [String: String]] {
    var channels = [Channel: [String: String]]()
    for (name, value) in try mapping(node, path: "channels") {
      guard let channel = Channel(rawValue: name) else {
        throw unknownKey(name, in: node, path: "channels", known: Set(Channel.allCases.map(\.rawValue)))
      }
      channels[channel] = try stringMap(value, path: "channels.\(name)")
    }
    return channels
  }

  // MARK: Typed access with errors

  private func mapping(_ node: Node, path: String) throws(ConfigurationError) -> [(String, Node)] {
    guard case .mapping(let mapping) = node else { throw error(node, path, "must be a mapping of keys to values") }
    var pairs = [(String, Node)]()
    for (key, value) in mapping {
      guard let name = key.string else { throw error(key, path, "keys must be text") }
      pairs.append((name, value))
    }
    return pairs
  }

  private func string(_ node: Node, path: String) throws(ConfigurationError) -> String {
    guard case .scalar(let scalar) = node else { throw error(node, path, "must be a single value") }
    return scalar.string
  }

  private func strings(_ node: Node, path: String) throws(ConfigurationError) -> [String] {
    guard case .sequence(let sequence) = node else { throw error(node, path, "must be a list") }
    var values = [String]()
    for (index, item) in sequence.enumerated() {
      values.append(try string(item, path: "\(path)[\(index)]"))
    }
    return values
  }

  private func stringMap(_ node: Node, path: String) throws(ConfigurationError) -> [String: String] {
    var values = [String: String]()
    for (key, value) in try mapping(node, path: path) {
      values[key] = try string(value, path: "\(path).\(key)")
    }
    return values
  }

  private func error(_ node: Node, _ path: String, _ message: String) -> ConfigurationError {
    ConfigurationError(file: file, line: node.mark?.line, keyPath: path, message: message)
  }

  private func unknownKey(_ key: String, in node: Node, path: String, known: Set<String>) -> ConfigurationError {
    var line = node.mark?.line
    if case .mapping(let mapping) = node, let keyNode = mapping.keys.first(where: { $0.string == key }) {
      line = keyNode.mark?.line
    }
    let fullPath = path.isEmpty ? key : "\(path).\(key)"
    return ConfigurationError(
      file: file, line: line, keyPath: fullPath,
      message: "unknown key; expected one of \(known.sorted().joined(separator: ", "))")
  }
}

import DarkshareCore
import Foundation

/// Decides which configuration applies to each input, as hierarchical linters do: `--config`
/// for every input when given, otherwise the nearest `.darkshare.yml` upward from the input's
/// folder (for standard input, from the folder of its `--stdin-filename`), never above the
/// project root (``ConfigurationLoader/projectRoot()``: the git root around the working
/// directory, else the working directory). An input outside the project (a downloaded export
/// elsewhere) and standard input without a name inside it get the working directory's
/// configuration, so a `.darkshare.yml` that came with a stranger's files is never obeyed.
/// Each file is read once.
struct ConfigurationResolver {
  /// `--config FILE`, which applies to every input.
  let override: String?
  /// The configuration file found for each folder (nil: none).
  private var discovered: [String: URL?] = [:]
  /// One auditor per configuration file ("" for the default configuration).
  private var auditors: [String: Auditor] = [:]
  /// The folder discovery starts from for each input folder as written (the path up to an
  /// input's last `/`): the inputs of a folder share it, and it is worked out once, not with
  /// a few Foundation URL operations per input.
  private var startFolders: [Substring: URL] = [:]

  /// Where discovery stops (nil: the working directory is unknown).
  private let root: URL?

  /// - Parameter root: the project root; ``ConfigurationLoader/projectRoot()`` when nil.
  init(override: String?, root: URL? = nil) {
    self.override = override
    self.root = override == nil ? (root ?? ConfigurationLoader.projectRoot()) : nil
  }

  /// The auditor for `input`.
  /// - Throws: ``ConfigurationError`` when the configuration that applies cannot be used.
  mutating func auditor(for input: ResolvedInput) throws(ConfigurationError) -> Auditor {
    try auditor(file: try configurationFile(for: input))
  }

  /// The configuration that applies to walking `folder` (a folder given on the command line):
  /// `--config`, or the nearest `.darkshare.yml` upward from the folder itself.
  /// - Throws: ``ConfigurationError`` when that configuration cannot be used.
  mutating func configuration(forFolder folder: String) throws(ConfigurationError) -> Configuration {
    if let override { return try auditor(file: URL(fileURLWithPath: override)).configuration }
    let url = URL(fileURLWithPath: folder).standardizedFileURL
    let found = discovered[url.path] ?? ConfigurationLoader.discover(from: url)
    discovered[url.path] = found
    return try auditor(file: found).configuration
  }

  private mutating func auditor(file: URL?) throws(ConfigurationError) -> Auditor {
    let key = file?.path ?? ""
    if let auditor = auditors[key] { return auditor }
    let auditor = Auditor(configuration: try file.map(ConfigurationLoader.load) ?? .default)
    auditors[key] = auditor
    return auditor
  }

  private mutating func configurationFile(for input: ResolvedInput) throws(ConfigurationError) -> URL? {
    if let override { return URL(fileURLWithPath: override) }
    // No working directory (deleted under us): nothing is discovered.
    guard let root, let working = ConfigurationLoader.workingDirectory else { return nil }
    let named: String? =
      switch input {
      case .file(let path): path
      case .standardInput(let name?): name
      case .standardInput(nil), .unreadable, .bytes: nil
      }
    let folder: URL
    if let named {
      // Up to and with the last `/`: `/x.html` (the root folder) is not `x.html` (the working one).
      let written = named[..<(named.lastIndex(of: "/").map(named.index(after:)) ?? named.startIndex)]
      if let known = startFolders[written] {
        folder = known
      } else {
        folder = Self.startFolder(of: named, root: root, working: working)
        startFolders[written] = folder
      }
    } else {
      folder = URL(fileURLWithPath: working)
    }
    if let known = discovered[folder.path] { return known }
    let found = ConfigurationLoader.discover(from: folder, root: root)
    discovered[folder.path] = found
    return found
  }

  /// The folder discovery starts from for the input `named`: its own folder when that is
  /// inside `root`, the working directory otherwise.
  private static func startFolder(of named: String, root: URL, working: String) -> URL {
    guard let components = ConfigurationLoader.absoluteComponents(of: URL(fileURLWithPath: named).deletingLastPathComponent()),
      let rootComponents = ConfigurationLoader.absoluteComponents(of: root), components.starts(with: rootComponents)
    else { return URL(fileURLWithPath: working) }
    return URL(fileURLWithPath: "/" + components.joined(separator: "/"))
  }
}

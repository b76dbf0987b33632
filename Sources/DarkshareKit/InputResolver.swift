import DarkshareReaders
import Foundation

/// One concrete input to read: a file, standard input, or bytes already in memory.
public enum ResolvedInput: Sendable, Hashable {
  case file(path: String)
  /// Standard input, shown in reports as `name` when it has one (`--stdin-filename`), else `-`.
  case standardInput(name: String?)
  /// Bytes in memory, shown in reports as `name` (tests, embedding applications).
  case bytes([UInt8], name: String)
  /// A path that could not be resolved, with the reason (reported as that input's error).
  case unreadable(path: String, reason: String)

  /// The input's size in bytes: a file's size, the bytes' count; nil for standard input.
  var size: Int? {
    switch self {
    case .file(let path): (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    case .bytes(let bytes, _): bytes.count
    case .unreadable: 0
    case .standardInput: nil
    }
  }

  /// The name reports show for the input.
  public var displayName: String {
    switch self {
    case .file(let path), .unreadable(let path, _), .bytes(_, let path): path
    case .standardInput(let name): name ?? InputName.standardInput
    }
  }
}

/// A file or folder that a walk met and did not read, and why (`--verbose` lists them).
public struct PassedOver: Sendable, Hashable {
  public var path: String
  public var reason: String

  public init(path: String, reason: String) {
    self.path = path
    self.reason = reason
  }
}

/// What a walk reads under one folder: `--include`/`--exclude` with the `include:`/`exclude:`
/// and `allow-empty:` keys of the configuration that applies to the folder.
public struct WalkRules: Sendable, Hashable {
  /// When not empty, the files to read instead of those darkshare recognises by extension.
  public var include: [PathGlob]
  /// Files and folders not to read (a folder matched is not entered).
  public var exclude: [PathGlob]
  /// Whether a folder with nothing to read is fine rather than an error.
  public var allowEmpty: Bool

  public init(include: [PathGlob] = [], exclude: [PathGlob] = [], allowEmpty: Bool = false) {
    self.include = include
    self.exclude = exclude
    self.allowEmpty = allowEmpty
  }
}

/// The inputs of a run, in order, and what the walks passed over.
public struct ResolvedInputs: Sendable {
  public var inputs: [ResolvedInput]
  /// Inputs a walk chose only by sniffing or by a glob (`.json`, `.xml`, `.csv`, `.txt`, a file
  /// an `--include` named): one that turns out not to be a format darkshare reads is passed over,
  /// not an error. A file named on the command line is never tentative.
  public var tentative: Set<ResolvedInput>
  /// The folder given on the command line that each walked input was found under.
  public var roots: [ResolvedInput: String]
  /// Files and folders the walks met and did not read, in walk order.
  public var passedOver: [PassedOver]
}

/// Expands what the user typed (files, directories, `-`) into concrete inputs.
///
/// Directories are walked recursively, in sorted order so output is deterministic, for the
/// files darkshare recognises by extension (``directoryExtensions``; also gzipped:
/// `archive.mbox.gz`), for Maildir messages (``MaildirLayout``: every file in `cur/` and `new/`,
/// and Maildir++ `.Folder` directories), for `.json` files whose first bytes show a Telegram
/// export and `.xml` files with an `<smses>` root in their first KiB (SMS backups; other JSON and
/// XML is no input). ``WalkRules`` narrow this down (`--exclude`) or replace the choice by
/// extension (`--include`). Hidden files and folders are not read.
///
/// A symbolic link to a directory is followed when its target lies inside the folder given
/// (once: a loop is not walked twice), never out of it. A file met twice (`audit f f`,
/// `audit f .`) is read once, the run's own `--output` and baseline files are never read by
/// a walk, and neither is anything that is not a regular file (a FIFO would block). A symbolic
/// link loop is reported as one (ELOOP), not as a broken link. A folder that yields nothing to read is an input error, "no inputs found under
/// PATH", unless its rules allow it to be empty. A path given explicitly is read whatever its
/// extension; a path that does not exist is an error.
public struct InputResolver: Sendable {
  /// File extensions picked up inside directories (lower-case, without the dot).
  public var directoryExtensions: Set<String>

  /// Extensions picked up only when the content sniffs as the format (lower-case, without the dot).
  public var sniffedExtensions: Set<String> = ["json", "xml", "md", "db"]

  /// Extensions whose format is decided by content, so a walk reads them tentatively (see
  /// ``ResolvedInputs/tentative``).
  public var tentativeExtensions: Set<String> = ["json", "xml", "csv", "txt", "md", "db"]

  /// The run's own report and baseline files (`--output`, `--baseline`, `--write-baseline`),
  /// which a walk never reads.
  public var ownFiles: [String] = []

  /// The name standard input (`-`) goes by (`--stdin-filename`): the file shown in reports, the
  /// one configuration is discovered from, and the one its format is sniffed under.
  public var standardInputName: String?

  /// The extensions a walk reads by default.
  public static let defaultExtensions: Set<String> = Set(
    ["html", "htm", "eml", "emlx", "msg", "mjml", "txt", "csv", "mbox", "mbx", "zip"]).union(TemplateReader.extensions)

  public init(directoryExtensions: Set<String> = InputResolver.defaultExtensions) {
    self.directoryExtensions = directoryExtensions
  }

  /// The extension that decides a file's format: `archive.mbox.gz` → `mbox`.
  private func formatExtension(_ entry: String) -> String {
    let name = entry.lowercased().hasSuffix(".gz") ? GzipContainer.innerName(for: entry) : entry
    return (name as NSString).pathExtension.lowercased()
  }

  /// Whether a file with a sniffed extension holds a format darkshare reads (a Telegram export,
  /// an SMS backup).
  private func sniffs(_ path: String) -> Bool {
    guard let head = Self.head(of: path) else { return true }  // reported when read
    let readers: [any InputReader.Type] = [
      MessengerExportReader.self, TelegramExportReader.self, SMSBackupReader.self, SignalExportReader.self, AppleMessagesReader.self,
    ]
    return readers.contains {
      $0.accepts(path: path, head: head[...])
    }
  }

  /// The first 4 KiB of the file at `path`, or nil when it cannot be opened.
  private static func head(of path: String) -> [UInt8]? {
    guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
    defer { try? handle.close() }
    return (try? handle.read(upToCount: 4096)).map { Array($0) } ?? []
  }

  /// The inputs `arguments` name, walking every folder with the default rules.
  public func resolve(_ arguments: [String]) -> [ResolvedInput] {
    resolveAll(arguments) { _ in WalkRules() }.inputs
  }

  /// The inputs `arguments` name; `rules` gives the walk rules of each folder argument.
  /// - Throws: what `rules` throws (a configuration that cannot be used).
  public func resolveAll(_ arguments: [String], rules: (String) throws -> WalkRules) rethrows -> ResolvedInputs {
    var state = State(ownFiles: Set(ownFiles.map(Self.realPath)))
    for argument in arguments {
      if argument == "-" {
        state.inputs.append(.standardInput(name: standardInputName))
        continue
      }
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else {
        if case .failure(let error) = FileKind.of(path: argument), error.code == ELOOP {
          state.inputs.append(.unreadable(path: argument, reason: error.reason))
          continue
        }
        state.inputs.append(.unreadable(path: argument, reason: "no such file or directory"))
        continue
      }
      if !isDirectory.boolValue {
        state.add(.file(path: argument), real: Self.realPath(argument), tentative: false, root: nil)
        continue
      }
      let walk = Walk(root: argument, rootReal: Self.realPath(argument), rules: try rules(argument))
      let before = state.found
      let passedBefore = state.passedOver.count
      var visited = Set<String>()
      self.walk(argument, relative: "", in: walk, visited: &visited, state: &state)
      if state.found == before, !walk.rules.allowEmpty {
        let passed = state.passedOver.count - passedBefore
        let hint = passed > 0 ? " (\(passed) passed over; --verbose lists them and why)" : ""
        state.inputs.append(.unreadable(path: argument, reason: "no inputs found under \(argument)\(hint)"))
      }
    }
    return ResolvedInputs(inputs: state.inputs, tentative: state.tentative, roots: state.roots, passedOver: state.passedOver)
  }

  /// One folder argument being walked.
  private struct Walk {
    let root: String
    let rootReal: String
    let rules: WalkRules

    func excluded(_ relative: String) -> PathGlob? { rules.exclude.first { $0.matches(relative) } }

    /// Whether a resolved path lies inside the folder given.
    func contains(_ real: String) -> Bool { real == rootReal || real.hasPrefix(rootReal == "/" ? "/" : rootReal + "/") }
  }

  /// What the walks have found so far.
  private struct State {
    let ownFiles: Set<String>
    var inputs: [ResolvedInput] = []
    var tentative = Set<ResolvedInput>()
    var roots = [ResolvedInput: String]()
    var passedOver: [PassedOver] = []
    /// Real paths of the files already taken, so each is read once.
    var seen = Set<String>()
    /// How many files walks have found (duplicates included: `audit f .` did find something).
    var found = 0

    init(ownFiles: Set<String>) { self.ownFiles = ownFiles }

    mutating func add(_ input: ResolvedInput, real: String, tentative: Bool, root: String?) {
      if root != nil { found += 1 }
      guard seen.insert(real).inserted else {
        passedOver.append(PassedOver(path: input.displayName, reason: "already an input of this run (read once)"))
        return
      }
      inputs.append(input)
      if tentative { self.tentative.insert(input) }
      if let root { roots[input] = root }
    }

    mutating func passOver(_ path: String, _ reason: String) {
      passedOver.append(PassedOver(path: path, reason: reason))
    }
  }

  private func walk(_ directory: String, relative: String, in walk: Walk, visited: inout Set<String>, state: inout State) {
    let real = Self.realPath(directory)
    guard visited.insert(real).inserted else { return }
    let entries: [String]
    do {
      entries = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    } catch {
      state.inputs.append(.unreadable(path: directory, reason: "cannot list the directory (\(Self.reason(error)))"))
      state.found += 1
      return
    }
    let name = (directory as NSString).lastPathComponent
    let maildir = MaildirLayout(
      name: name, entries: Set(entries),
      parentEntries: MaildirLayout.messageFolders.contains(name)
        ? (try? FileManager.default.contentsOfDirectory(atPath: directory + "/..")).map(Set.init) : nil)
    let include = walk.rules.include
    // `sigexport` writes a conversation's messages three times: chat.md (read), data.json and
    // index.html (its HTML view, which HTML reading would count again, as e-mail).
    let isSignalExport = entries.contains("chat.md")
      && Self.head(of: directory + "/chat.md").map { SignalExportReader.accepts(path: "chat.md", head: $0[...]) } == true
    for entry in entries {
      let path = directory.hasSuffix("/") ? directory + entry : directory + "/" + entry
      let relativePath = relative.isEmpty ? entry : relative + "/" + entry
      if entry.hasPrefix("."), !maildir.walksHiddenDirectory(entry) {
        state.passOver(path, "hidden")
        continue
      }
      if let glob = walk.excluded(relativePath) {
        state.passOver(path, "excluded by '\(glob)'")
        continue
      }
      var isDirectory: ObjCBool = false
      let byExtension = directoryExtensions.contains(formatExtension(entry)) || maildir.isMessage(entry)
      let byGlob = include.contains { $0.matches(relativePath) }
      let wanted = include.isEmpty ? byExtension : byGlob
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        // fileExists follows links: a link whose target is gone is reported, not skipped.
        if wanted, (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) != nil {
          let loop = if case .failure(let error) = FileKind.of(path: path), error.code == ELOOP { true } else { false }
          state.inputs.append(.unreadable(path: path, reason: loop ? "symbolic link loop (ELOOP)" : "broken symbolic link"))
          state.found += 1
        }
        continue
      }
      if isDirectory.boolValue {
        if maildir.skipsDirectory(entry) { continue }
        let target = Self.realPath(path)
        guard walk.contains(target) else {
          state.passOver(path, "a symbolic link to a folder outside \(walk.root) (\(target)): not followed")
          continue
        }
        self.walk(path, relative: relativePath, in: walk, visited: &visited, state: &state)
        continue
      }
      if entry.hasPrefix(".") {
        state.passOver(path, "hidden")
        continue
      }
      guard Self.isRegularFile(path) else {
        state.passOver(path, "not a regular file (a FIFO, socket or device is never read by a walk)")
        continue
      }
      let real = Self.realPath(path)
      if state.ownFiles.contains(real) {
        state.passOver(path, "this run's own report or baseline file")
        continue
      }
      let ext = formatExtension(entry)
      if isSignalExport, include.isEmpty, entry == "index.html" {
        state.passOver(path, "the HTML view of the Signal export beside it (its chat.md is read)")
        continue
      }
      if wanted {
        let tentative = tentativeExtensions.contains(ext) || (!include.isEmpty && !byExtension)
        state.add(.file(path: path), real: real, tentative: tentative, root: walk.root)
      } else if !include.isEmpty {
        state.passOver(path, "not matched by --include")
      } else if sniffedExtensions.contains(ext) {
        if sniffs(path) {
          state.add(.file(path: path), real: real, tentative: true, root: walk.root)
        } else {
          state.passOver(path, Self.notSniffedReason[ext] ?? "not a format darkshare reads (.\(ext))")
        }
      } else {
        state.passOver(path, ext.isEmpty ? "no extension darkshare reads" : "not a format darkshare reads (.\(ext))")
      }
    }
  }

  /// Why a walk passes over a file of a sniffed extension whose content is not the format.
  private static let notSniffedReason = [
    "json": "JSON that is not a Telegram, Messenger or Instagram export",
    "xml": "XML without an <smses> root (not an SMS backup)",
    "md": "Markdown that is not a Signal export (a chat.md starting with a [YYYY-MM-DD HH:MM:SS] Name: line)",
    "db": "not an SQLite database (an Apple Messages chat.db or sms.db is one)",
  ]

  /// Whether `path` (symbolic links followed) is a regular file.
  static func isRegularFile(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
  }

  /// `path` absolute, with symbolic links resolved (as far as it exists).
  static func realPath(_ path: String) -> String {
    URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
  }

  static func reason(_ error: Error) -> String {
    let nsError = error as NSError
    if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
      return String(cString: strerror(Int32(underlying.code)))
    }
    if nsError.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(nsError.code))) }
    return nsError.localizedDescription
  }
}

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

/// Expands what the user typed (files, directories, `-`) into concrete inputs.
///
/// Directories are walked recursively for `.html`, `.htm`, `.eml`, `.txt`, `.csv`, `.mbox`,
/// `.mbx` and `.zip` files (and those files gzipped: `archive.mbox.gz`), for Maildir messages (``MaildirLayout``: every file in `cur/` and `new/`, and
/// Maildir++ `.Folder` directories), for
/// `.json` files whose first bytes show a Telegram export (other JSON is no input) and for `.xml`
/// files with an `<smses>` root in their first KiB (SMS backups; other XML is no input), in sorted order so output is
/// deterministic; symbolic links to directories are followed once (a loop is not walked twice).
/// A path given explicitly is read whatever its extension.
public struct InputResolver: Sendable {
  /// File extensions picked up inside directories (lower-case, without the dot).
  public var directoryExtensions: Set<String>

  /// Extensions picked up only when the content sniffs as the format (lower-case, without the dot).
  public var sniffedExtensions: Set<String> = ["json", "xml"]

  /// The name standard input (`-`) goes by (`--stdin-filename`): the file shown in reports, the
  /// one configuration is discovered from, and the one its format is sniffed under.
  public var standardInputName: String?

  public init(directoryExtensions: Set<String> = ["html", "htm", "eml", "txt", "csv", "mbox", "mbx", "zip"]) {
    self.directoryExtensions = directoryExtensions
  }

  /// Whether a file named `entry` in a directory is an input by its extension: one of
  /// ``directoryExtensions``, or such a file compressed (`archive.mbox.gz`).
  private func picksUp(_ entry: String) -> Bool {
    let name = entry.lowercased().hasSuffix(".gz") ? GzipContainer.innerName(for: entry) : entry
    return directoryExtensions.contains((name as NSString).pathExtension.lowercased())
  }

  /// Whether a file with a sniffed extension holds a format darkshare reads (a Telegram export,
  /// an SMS backup).
  private func sniffs(_ path: String) -> Bool {
    guard let handle = FileHandle(forReadingAtPath: path) else { return true }  // reported when read
    defer { try? handle.close() }
    let head = (try? handle.read(upToCount: 4096)).map { Array($0) } ?? []
    return TelegramExportReader.accepts(path: path, head: head[...]) || SMSBackupReader.accepts(path: path, head: head[...])
  }

  public func resolve(_ arguments: [String]) -> [ResolvedInput] {
    arguments.flatMap { argument -> [ResolvedInput] in
      if argument == "-" { return [.standardInput(name: standardInputName)] }
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else {
        return [.unreadable(path: argument, reason: "no such file or directory")]
      }
      if !isDirectory.boolValue { return [.file(path: argument)] }
      var visited = Set<String>()
      return walk(argument, visited: &visited)
    }
  }

  private func walk(_ directory: String, visited: inout Set<String>) -> [ResolvedInput] {
    let real = URL(fileURLWithPath: directory).resolvingSymlinksInPath().path
    guard visited.insert(real).inserted else { return [] }
    let entries: [String]
    do {
      entries = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    } catch {
      return [.unreadable(path: directory, reason: "cannot list the directory (\(Self.reason(error)))")]
    }
    let name = (directory as NSString).lastPathComponent
    let maildir = MaildirLayout(
      name: name, entries: Set(entries),
      parentEntries: MaildirLayout.messageFolders.contains(name)
        ? (try? FileManager.default.contentsOfDirectory(atPath: directory + "/..")).map(Set.init) : nil)
    var inputs = [ResolvedInput]()
    for entry in entries where !entry.hasPrefix(".") || maildir.walksHiddenDirectory(entry) {
      let path = directory.hasSuffix("/") ? directory + entry : directory + "/" + entry
      var isDirectory: ObjCBool = false
      let wanted = picksUp(entry) || maildir.isMessage(entry)
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        // fileExists follows links: a link whose target is gone is reported, not skipped.
        if wanted, (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) != nil {
          inputs.append(.unreadable(path: path, reason: "broken symbolic link"))
        }
        continue
      }
      if isDirectory.boolValue {
        if !maildir.skipsDirectory(entry) { inputs += walk(path, visited: &visited) }
      } else if entry.hasPrefix(".") {
        continue
      } else if wanted {
        inputs.append(.file(path: path))
      } else if sniffedExtensions.contains((entry as NSString).pathExtension.lowercased()), sniffs(path) {
        inputs.append(.file(path: path))
      }
    }
    return inputs
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

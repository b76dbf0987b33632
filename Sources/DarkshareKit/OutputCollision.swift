#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Refuses a report or baseline file that is one of the run's inputs, before anything is read:
/// `darkshare audit news.html --output news.html` would replace the newsletter with its report.
///
/// Files are compared by device and inode, so the same file reached by another path, a symbolic
/// link or a hard link is caught too. Only regular files count (`--output /dev/stdout` while
/// standard input is the same terminal is no collision), and a target that does not exist yet
/// cannot be an input. Standard input counts as the file it was redirected from
/// (`darkshare audit - --output news.html < news.html`) and as its `--stdin-filename`.
///
/// Files a folder walk finds are not compared here; only inputs named on the command line.
public enum OutputCollision {
  /// A file's identity: the device it is on and its inode there.
  struct Identity: Hashable {
    var device: UInt64
    var inode: UInt64

    /// The identity of the regular file at `path` (symbolic links followed); nil when there is no
    /// such file or it is not a regular file.
    init?(path: String) {
      var info = stat()
      guard stat(path, &info) == 0 else { return nil }
      self.init(info)
    }

    /// The identity of the regular file open as `descriptor`; nil when it is not a regular file.
    init?(descriptor: Int32) {
      var info = stat()
      guard fstat(descriptor, &info) == 0 else { return nil }
      self.init(info)
    }

    private init?(_ info: stat) {
      guard info.st_mode & S_IFMT == S_IFREG else { return nil }
      device = UInt64(truncatingIfNeeded: info.st_dev)
      inode = UInt64(truncatingIfNeeded: info.st_ino)
    }
  }

  /// Checks that no file written by the run (`targets`: the option that names it, and its path)
  /// is one of `inputs` (the paths as typed, `-` for standard input).
  /// - Parameter standardInputName: the `--stdin-filename` standard input goes by, if any.
  /// - Throws: ``UsageError`` naming the option, the file and the input it would overwrite.
  public static func check(
    targets: [(option: String, path: String)], inputs: [String], standardInputName: String?
  ) throws(UsageError) {
    var named = [(Identity, String)]()
    for input in inputs {
      if input == "-" {
        if let identity = Identity(descriptor: STDIN_FILENO) { named.append((identity, "the file standard input reads")) }
        if let name = standardInputName, let identity = Identity(path: name) {
          named.append((identity, "standard input's --stdin-filename '\(name)'"))
        }
      } else if let identity = Identity(path: input) {
        named.append((identity, "the input '\(input)'"))
      }
    }
    for target in targets {
      guard let identity = Identity(path: target.path),
        let input = named.first(where: { $0.0 == identity })?.1
      else { continue }
      let written = target.option == "--output" ? "the report" : "the baseline"
      throw UsageError(
        "\(target.option) '\(target.path)' is \(input) (the same file): \(written) would overwrite it; write it to another file")
    }
  }
}

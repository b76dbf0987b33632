#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What kind of file a path or descriptor is, from its `st_mode`, so walks and opens can keep to
/// regular files: a named pipe (FIFO) would block `open(2)` forever, a device such as
/// `/dev/zero` never ends.
public enum FileKind: Sendable, Equatable, CustomStringConvertible {
  case regular, directory, fifo, characterDevice, blockDevice, socket, symbolicLink, other

  public init(mode: mode_t) {
    switch mode & S_IFMT {
    case S_IFREG: self = .regular
    case S_IFDIR: self = .directory
    case S_IFIFO: self = .fifo
    case S_IFCHR: self = .characterDevice
    case S_IFBLK: self = .blockDevice
    case S_IFSOCK: self = .socket
    case S_IFLNK: self = .symbolicLink
    default: self = .other
    }
  }

  /// The kind of file at `path`, symbolic links followed; or the `errno` of `stat(2)`.
  public static func of(path: String) -> Result<FileKind, StatError> {
    var status = stat()
    guard stat(path, &status) == 0 else { return .failure(StatError(code: errno)) }
    return .success(FileKind(mode: status.st_mode))
  }

  /// Why `stat(2)` failed.
  public struct StatError: Error, Sendable, Equatable {
    public var code: Int32
    /// The system's reason, with `ELOOP` worded as a symbolic link loop.
    public var reason: String { FileKind.reason(code) }
  }

  /// The system's message for `code`; `ELOOP` is named "symbolic link loop (ELOOP)", since the
  /// system's "Too many levels of symbolic links" hides the loop.
  public static func reason(_ code: Int32) -> String {
    code == ELOOP ? "symbolic link loop (ELOOP)" : String(cString: strerror(code))
  }

  public var description: String {
    switch self {
    case .regular: "a regular file"
    case .directory: "a directory"
    case .fifo: "a named pipe"
    case .characterDevice: "a character device"
    case .blockDevice: "a block device"
    case .socket: "a socket"
    case .symbolicLink: "a symbolic link"
    case .other: "a special file"
    }
  }
}

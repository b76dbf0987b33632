import Foundation

/// The paths of an `--input-list FILE|-`: one a line, or NUL-separated (`-0`), so a mapper
/// (Spark `RDD.pipe`, `find -print0`, `xargs`) can hand darkshare its inputs without a command
/// line that grows with them.
///
/// Lines end in `\n` (a `\r` before it is dropped); empty entries are skipped. Paths are taken
/// as written: no globbing, quoting or `~` expansion. With `-0`, only NUL separates paths, so
/// names with line breaks survive.
public struct InputList: Sendable, Hashable {
  /// The paths, in the order listed.
  public var paths: [String]

  /// Splits `bytes` into paths.
  public init(bytes: some Sequence<UInt8>, nulSeparated: Bool) {
    var paths = [String]()
    var current = [UInt8]()
    let separator: UInt8 = nulSeparated ? 0 : UInt8(ascii: "\n")
    func flush() {
      if !nulSeparated, current.last == UInt8(ascii: "\r") { current.removeLast() }
      if !current.isEmpty { paths.append(String(decoding: current, as: UTF8.self)) }
      current.removeAll(keepingCapacity: true)
    }
    for byte in bytes {
      if byte == separator { flush() } else { current.append(byte) }
    }
    flush()
    self.paths = paths
  }

  /// Reads the list from `source`: a file path, or `-` for standard input.
  /// - Throws: ``UsageError`` naming the file when it cannot be read.
  public init(contentsOf source: String, nulSeparated: Bool) throws(UsageError) {
    let data: Data
    if source == "-" {
      data = FileHandle.standardInput.readDataToEndOfFile()
    } else {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: source, isDirectory: &isDirectory) else {
        throw UsageError("--input-list '\(source)': no such file")
      }
      if isDirectory.boolValue { throw UsageError("--input-list '\(source)': is a directory, not a list of paths") }
      do {
        data = try Data(contentsOf: URL(fileURLWithPath: source))
      } catch {
        throw UsageError("--input-list '\(source)': cannot read it (\(InputResolver.reason(error)))")
      }
    }
    self.init(bytes: data, nulSeparated: nulSeparated)
  }
}

import Foundation

/// Replaces a file's content atomically: the new bytes go to a temporary file in the same
/// folder, which takes the original's permissions (`fchmod`) and owner (`fchown`; a user who
/// may not give files away keeps their own), is flushed to disk (`fsync`) and renamed over the
/// original. A reader sees the old file or the new one, never half of one; on any error the
/// temporary file is removed and the original is untouched.
///
/// Two test hooks, read only here and only from the environment (never set them in use):
/// - `DARKSHARE_TEST_FAIL_WRITE_AFTER=N`: writing the temporary file fails (as a full disk
///   would, `ENOSPC`) once `N` bytes are written.
/// - `DARKSHARE_TEST_PAUSE_BEFORE_RENAME=PATH`: when the temporary file is complete, create
///   `PATH` and wait (at most a minute) until it is removed before the rename, so a test can
///   kill the process there, or change the original meanwhile.
enum AtomicFileWriter {
  static let failAfterVariable = "DARKSHARE_TEST_FAIL_WRITE_AFTER"
  static let pauseBeforeRenameVariable = "DARKSHARE_TEST_PAUSE_BEFORE_RENAME"

  /// Writes `bytes` over the regular file at `path` (symbolic links already resolved), whose
  /// content was `original` when it was read: if it changed since (an editor saved it), the
  /// file is left alone rather than losing that change.
  /// - Throws: a message saying what failed (the caller names the file).
  static func write(_ bytes: [UInt8], to path: String, replacing original: [UInt8]) throws(WriteFailure) {
    var info = stat()
    guard stat(path, &info) == 0 else { throw WriteFailure(String(cString: strerror(errno))) }
    let url = URL(fileURLWithPath: path)
    let temporary = url.deletingLastPathComponent()
      .appendingPathComponent(".\(url.lastPathComponent).darkshare-fix-\(getpid()).tmp").path
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else {
      throw WriteFailure("cannot create a temporary file beside it (\(String(cString: strerror(errno))))")
    }
    var closed = false
    func fail(_ what: String, _ code: Int32 = errno) -> WriteFailure {
      if !closed { close(descriptor) }
      unlink(temporary)
      return WriteFailure("\(what) (\(String(cString: strerror(code)))); the original is unchanged")
    }
    let environment = ProcessInfo.processInfo.environment
    let failAfter = environment[failAfterVariable].flatMap(Int.init)
    var written = 0
    while written < bytes.count {
      var chunk = min(bytes.count - written, 1 << 16)
      if let failAfter {
        if written >= failAfter { throw fail("cannot write the temporary file", ENOSPC) }
        chunk = min(chunk, failAfter - written)
      }
      let count = bytes[written..<(written + chunk)].withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, chunk) }
      if count < 0 {
        if errno == EINTR { continue }
        throw fail("cannot write the temporary file")
      }
      written += count
    }
    guard fchmod(descriptor, info.st_mode & 0o7777) == 0 else { throw fail("cannot keep the permissions") }
    if fchown(descriptor, info.st_uid, info.st_gid) != 0, errno != EPERM {
      throw fail("cannot keep the owner")
    }
    guard fsync(descriptor) == 0 else { throw fail("cannot flush the temporary file to disk") }
    closed = true
    guard close(descriptor) == 0 else { throw fail("cannot close the temporary file") }
    if let marker = environment[pauseBeforeRenameVariable] {
      _ = FileManager.default.createFile(atPath: marker, contents: Data(temporary.utf8))
      var waited = 0
      while FileManager.default.fileExists(atPath: marker), waited < 6000 {
        usleep(10_000)
        waited += 1
      }
    }
    guard let current = FileManager.default.contents(atPath: path), current.elementsEqual(original) else {
      throw fail("the file changed while it was being fixed", EAGAIN)
    }
    guard rename(temporary, path) == 0 else { throw fail("cannot replace the file") }
    // The rename itself is made durable by flushing the folder.
    let folder = open(url.deletingLastPathComponent().path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    if folder >= 0 {
      _ = fsync(folder)
      close(folder)
    }
  }

  /// Why a write failed.
  struct WriteFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
  }
}

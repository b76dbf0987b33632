import DarkshareKit
import DarkshareTestSupport
import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Hostile file-system inputs (issue 15): named pipes, devices, symbolic link loops, a deleted
/// working directory, and a `.darkshare.yml` that came with a stranger's files. Each is
/// generated at test time, with a good file beside it whose link must still be reported.
@Suite(.serialized) struct HostileFileSystemTests {
  private let good = #"<a href="https://shop.example/sale">Sale</a>"#

  private func temporaryDirectory() throws -> URL { try makeTemporaryDirectory("darkshare-hostile") }

  /// A FIFO in a folder is passed over (opening it would block forever); the good file is read.
  @Test func namedPipeInAFolderIsSkipped() throws {
    let folder = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    try Data(good.utf8).write(to: folder.appendingPathComponent("good.html"))
    #expect(mkfifo(folder.appendingPathComponent("pipe.html").path, 0o600) == 0)
    let run = try runDarkshare(["links", folder.path])
    #expect(run.exitCode == 0)
    #expect(run.standardOutput.contains("https://shop.example/sale"))
    #expect(!run.standardOutput.contains("pipe.html"))
  }

  /// A FIFO named explicitly without a writer does not block: it is read as an empty stream.
  @Test func namedPipeGivenExplicitlyDoesNotBlock() throws {
    let folder = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    let pipe = folder.appendingPathComponent("pipe.html")
    #expect(mkfifo(pipe.path, 0o600) == 0)
    try Data(good.utf8).write(to: folder.appendingPathComponent("good.html"))
    let run = try runDarkshare(["links", pipe.path, folder.appendingPathComponent("good.html").path])
    #expect(run.exitCode == 0)
    #expect(run.standardOutput.contains("https://shop.example/sale"))
  }

  /// A device is refused by name, before anything is read from it.
  @Test func characterDeviceIsRefused() throws {
    let folder = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    try Data(good.utf8).write(to: folder.appendingPathComponent("good.html"))
    let run = try runDarkshare(["links", "/dev/zero", folder.appendingPathComponent("good.html").path])
    #expect(run.exitCode == 2)
    #expect((run.standardOutput + run.standardError).contains("/dev/zero: error: not a regular file but a character device"))
    #expect(run.standardOutput.contains("https://shop.example/sale"))
  }

  /// An input over the markup budget is an error naming file and line; the next input is read.
  @Test func aQuadraticHTMLFileIsRefusedAndTheOthersGoOn() throws {
    let folder = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    let attributes = (0..<100_000).map { "a\($0)=1" }.joined(separator: " ")
    try Data("<p>\n<a href=\"https://x.example/\" \(attributes)>x</a>".utf8).write(to: folder.appendingPathComponent("a-hostile.html"))
    try Data(good.utf8).write(to: folder.appendingPathComponent("b-good.html"))
    let run = try runDarkshare(["links", folder.path])
    #expect(run.exitCode == 2)
    let output = run.standardOutput + run.standardError
    #expect(output.contains("a-hostile.html: error: not read: line 2: an element has more than 1000 attributes"), "\(output)")
    #expect(run.standardOutput.contains("https://shop.example/sale"))
  }

  /// A symbolic link loop is named as one, in a walk and given explicitly.
  @Test func symbolicLinkLoopIsNamedELOOP() throws {
    let folder = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    try Data(good.utf8).write(to: folder.appendingPathComponent("good.html"))
    try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("a.html").path, withDestinationPath: "b.html")
    try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("b.html").path, withDestinationPath: "a.html")
    let walked = try runDarkshare(["links", folder.path])
    #expect(walked.standardOutput.contains("a.html: error: symbolic link loop (ELOOP)"))
    #expect(!walked.standardOutput.contains("broken symbolic link"))
    #expect(walked.standardOutput.contains("https://shop.example/sale"))
    let named = try runDarkshare(["links", folder.appendingPathComponent("a.html").path])
    #expect(named.standardOutput.contains("symbolic link loop (ELOOP)"))
  }

  /// A deleted working directory: discovery ends (it used to climb `../../..` for ever) and the
  /// file named by its absolute path is read.
  @Test func deletedWorkingDirectoryEndsDiscovery() throws {
    let folder = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    let input = folder.appendingPathComponent("good.html")
    try Data(good.utf8).write(to: input)
    let gone = folder.appendingPathComponent("gone").path
    try FileManager.default.createDirectory(atPath: gone, withIntermediateDirectories: true)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", #"cd "$1" && rmdir "$1" && exec "$2" links "$3""#, "sh", gone, try darkshareBinary().path, input.path]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    #expect(text.contains("https://shop.example/sale"))
  }

  /// A `.darkshare.yml` that came with an audited folder outside the project, or that sits
  /// above the project's git root, is not obeyed; one inside the project is.
  @Test func discoveryStaysInsideTheProject() throws {
    let top = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: top) }
    let ignoreAll = Data("version: 1\nignore: [\"*\"]\n".utf8)
    let project = top.appendingPathComponent("project")
    try FileManager.default.createDirectory(at: project.appendingPathComponent(".git"), withIntermediateDirectories: true)
    let export = top.appendingPathComponent("download/export")
    try FileManager.default.createDirectory(at: export, withIntermediateDirectories: true)
    try ignoreAll.write(to: export.appendingPathComponent(".darkshare.yml"))
    try Data(good.utf8).write(to: export.appendingPathComponent("chat.html"))
    // Above the project's root: not the project's configuration.
    try ignoreAll.write(to: top.appendingPathComponent(".darkshare.yml"))
    try Data(good.utf8).write(to: project.appendingPathComponent("news.html"))

    let stranger = try runDarkshare(["audit", export.appendingPathComponent("chat.html").path], in: project)
    #expect(stranger.exitCode == 1)
    #expect(stranger.standardOutput.contains("untagged-link"))
    let above = try runDarkshare(["audit", "news.html"], in: project)
    #expect(above.exitCode == 1)

    try ignoreAll.write(to: project.appendingPathComponent(".darkshare.yml"))
    #expect(try runDarkshare(["audit", "news.html"], in: project).exitCode == 0)
    // --config still applies to every input, wherever it is.
    let configured = try runDarkshare(
      ["audit", "--config", project.appendingPathComponent(".darkshare.yml").path, export.appendingPathComponent("chat.html").path], in: project)
    #expect(configured.exitCode == 0)
  }
}

/// Peak memory of the built binary on generated inputs (issue 15, defect 7), measured with
/// `/usr/bin/time` (skipped where it is missing); never time.
@Suite(.serialized) struct HostileMemoryTests {
  /// The peak resident set of `darkshare` with `arguments`, in KiB.
  private func peakKiB(_ arguments: [String]) throws -> (Int, String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/time")
    process.arguments = ["-f", "peak=%M", try darkshareBinary().path] + arguments
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    let error = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    let peak = error.split(separator: "\n").compactMap { $0.hasPrefix("peak=") ? Int($0.dropFirst(5)) : nil }.last ?? .max
    return (peak, text)
  }

  /// A 20 MB quoted CSV body took ~40× its size (776 MB); now a small multiple of it.
  @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/time")))
  func aHugeQuotedCSVFieldCostsASmallMultipleOfItsSize() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("darkshare-csv-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let size = 20_000_000
    var csv = Array("from,body\n\"+1\",\"see https://c.example/a and ".utf8)
    csv += [UInt8](repeating: UInt8(ascii: "x"), count: size)
    csv += Array(" \"\"q\"\" https://c.example/b\"\n\"+2\",\"https://c.example/c\"\n".utf8)
    let file = folder.appendingPathComponent("big.csv")
    try Data(csv).write(to: file)
    let (peak, output) = try peakKiB(["links", file.path])
    #expect(output.contains("big.csv:2:\(size + 42)"), "\(output)")
    #expect(output.contains("https://c.example/c"))
    // 12× the input plus the runtime's own 100 MB: the old reader needed ~40×.
    #expect(peak < (12 * size + 100_000_000) / 1024, "peak \(peak) KiB")
  }
}

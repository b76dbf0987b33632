import DarkshareCore
import DarkshareKit
import DarkshareTestSupport
import Foundation
import Testing

/// A large streamed input arrives in several parts: reports still show it as one input, in
/// input order, between the inputs around it.
@Suite struct StreamedInputTests {
  /// An SMS backup of `count` messages, each with one untagged link.
  private static func backup(_ count: Int) -> String {
    var xml = "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"\(count)\">\n"
    for index in 0..<count { xml += "  <sms address=\"+1555\" body=\"Deal \(index): https://shop.example/d/\(index)\" />\n" }
    return xml + "</smses>\n"
  }

  private static let html = #"<html><body><a href="https://shop.example/sale">Sale</a></body></html>"#

  private func inputs() throws -> (URL, [String]) {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("darkshare-parts-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    var paths = [String]()
    for (name, text) in [("a.html", Self.html), ("sms.xml", Self.backup(5000)), ("z.html", Self.html)] {
      let path = folder.appendingPathComponent(name).path
      _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
      paths.append(path)
    }
    return (folder, paths)
  }

  @Test func theAuditorCutsALargeBackupIntoPartsOfWholeMessages() throws {
    let audit = Auditor().parts(of: .bytes(Array(Self.backup(5000).utf8), name: "sms.xml"))
    var parts = [FileResult]()
    while let part = audit.nextPart() { parts.append(part) }
    #expect(parts.count > 2)
    #expect(parts.map(\.isFirstPart) == [true] + Array(repeating: false, count: parts.count - 1))
    #expect(parts.map(\.isLastPart) == Array(repeating: false, count: parts.count - 1) + [true])
    #expect(parts.reduce(0) { $0 + $1.messages } == 5000)
    #expect(parts.flatMap(\.links).compactMap(\.link.message?.index) == Array(0..<5000))
  }

  @Test func reportsShowThePartsAsOneInputInOrder() throws {
    let (folder, paths) = try inputs()
    defer { try? FileManager.default.removeItem(at: folder) }
    for jobs in ["1", "2", "4"] {
      let ndjson = try runDarkshare(["links", "--format", "ndjson", "--jobs", jobs] + paths)
      let files = ndjson.standardOutput.split(separator: "\n").compactMap {
        (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["file"] as? String
      }
      #expect(files == [paths[0]] + Array(repeating: paths[1], count: 5000) + [paths[2]])
    }
    let text = try runDarkshare(["audit", "--jobs", "2"] + paths)
    #expect(text.exitCode == 1)
    let headings = text.standardOutput.split(separator: "\n").filter { paths.contains(String($0)) }
    #expect(headings == paths.map { Substring($0) })
    #expect(text.standardOutput.contains("3 files, 5002 links"))
    let junit = try runDarkshare(["audit", "--format", "junit"] + paths)
    #expect(junit.standardOutput.components(separatedBy: "<testsuite ").count - 1 == 3)
    #expect(junit.standardOutput.contains(#"tests="5000" failures="5000""#))
  }

  /// The baseline accepts a finding as many times as it was recorded, counted over the whole
  /// input: a backup that grew from 3000 to 5000 copies of one untagged link has 2000 new ones.
  @Test func theBaselineIsUsedUpAcrossParts() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("darkshare-parts-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("sms.xml").path
    let baseline = folder.appendingPathComponent("baseline.json").path
    func backup(_ count: Int) -> Data {
      let sms = String(repeating: "  <sms address=\"1\" body=\"Deal: https://shop.example/d\" />\n", count: count)
      return Data("<?xml version='1.0'?>\n<smses>\n\(sms)</smses>\n".utf8)
    }
    _ = FileManager.default.createFile(atPath: path, contents: backup(3000))
    _ = try runDarkshare(["audit", "--quiet", "--write-baseline", baseline, path])
    #expect(try runDarkshare(["audit", "--baseline", baseline, path]).exitCode == 0)
    _ = FileManager.default.createFile(atPath: path, contents: backup(5000))
    let grown = try runDarkshare(["audit", "--format", "json", "--baseline", baseline, path])
    #expect(grown.exitCode == 1)
    #expect(grown.standardOutput.components(separatedBy: #""rule":"untagged-link""#).count - 1 == 2000)
  }
}

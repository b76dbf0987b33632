import DarkshareCore
@testable import DarkshareKit
import DarkshareTestSupport
import Foundation
import Testing

/// Checks one template's fix the way a reviewer would, without trusting the fixer: the fixed
/// file's audit, a byte comparison line by line, and a second fix.
enum FixCheck {
  /// The problems found fixing `bytes` (named `name`) with `configuration`; empty when the fix
  /// is right.
  static func problems(
    _ bytes: [UInt8], name: String, isHTML: Bool, configuration: Configuration = .default
  ) throws -> (problems: [String], result: TemplateFixer.Result) {
    let auditor = Auditor(configuration: configuration)
    let fixer = TemplateFixer(auditor: auditor)
    let result = try fixer.fix(bytes, file: name, isHTML: isHTML)
    var problems = [String]()
    // A second fix changes nothing.
    let again = try fixer.fix(result.fixed, file: name, isHTML: isHTML)
    if again.fixed != result.fixed || !again.changes.isEmpty {
      problems.append("\(name): a second fix changes \(again.changes.map { "\($0.line):\($0.column)" })")
    }
    // After the fix, every dark or partial link audit reports is one the fix left, with a reason.
    let before = auditor.audit(bytes: bytes, file: name)
    let after = auditor.audit(bytes: result.fixed, file: name)
    if before.links.count != after.links.count {
      problems.append("\(name): \(before.links.count) links before the fix, \(after.links.count) after")
    }
    let leftURLs = Set(result.left.map(\.url))
    for link in after.links where (link.status == .dark || link.status == .partial) && !link.findings.isEmpty {
      if !leftURLs.contains(link.link.url) {
        problems.append("\(name): \(link.link.location.line):\(link.link.location.column) still \(link.status): \(link.link.url)")
      }
    }
    let fixedURLs = Set(after.links.map(\.link.url))
    for change in result.changes where !fixedURLs.contains(change.new) {
      problems.append("\(name): \(change.line):\(change.column) the fixed file has no link \(change.new)")
    }
    problems += bytesOutsideURLs(before: bytes, after: result.fixed, changes: result.changes, links: before.links.map(\.link), name: name)
    return (problems, result)
  }

  /// Lines are compared one to one: a changed line must have a change on it, and the bytes
  /// outside the rewritten URLs (before the first, between them, after the last) must be equal.
  static func bytesOutsideURLs(
    before: [UInt8], after: [UInt8], changes: [FixChange], links: [Link], name: String
  ) -> [String] {
    let singleByte = String(validating: before.dropFirst(before.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0), as: UTF8.self) == nil
    let old = lines(before)
    let new = lines(after)
    guard old.count == new.count else { return ["\(name): \(old.count) lines before the fix, \(new.count) after"] }
    var problems = [String]()
    for index in old.indices where old[index] != new[index] {
      let lineNumber = index + 1
      let changed = changes.filter { $0.line == lineNumber }.sorted { $0.column < $1.column }
      guard !changed.isEmpty else {
        problems.append("\(name): line \(lineNumber) changed without a change on it")
        continue
      }
      let bom = index == 0 && before.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
      var segments = [[UInt8]]()
      var cursor = 0
      for change in changed {
        guard let link = links.first(where: { $0.location.line == lineNumber && $0.location.column == change.column }),
          let end = link.urlEnd, end.line == lineNumber
        else {
          problems.append("\(name): \(lineNumber):\(change.column) has no URL end on its line")
          continue
        }
        let start = bom + offset(ofColumn: change.column, in: old[index], from: bom, singleByte: singleByte)
        let stop = bom + offset(ofColumn: end.column, in: old[index], from: bom, singleByte: singleByte)
        segments.append(Array(old[index][cursor..<start]))
        cursor = stop
      }
      segments.append(Array(old[index][cursor...]))
      // The new line must be the same segments, in order, with only the URLs between them new.
      var rest = new[index][...]
      guard rest.starts(with: segments[0]) else {
        problems.append("\(name): line \(lineNumber) changed before its first rewritten URL")
        continue
      }
      rest = rest.dropFirst(segments[0].count)
      for segment in segments.dropFirst().dropLast() {
        guard let found = rest.firstRange(of: segment) else {
          problems.append("\(name): line \(lineNumber) changed between rewritten URLs")
          break
        }
        rest = rest[found.upperBound...]
      }
      if !rest.elementsEqual(segments.last!) && !rest.reversed().starts(with: segments.last!.reversed()) {
        problems.append("\(name): line \(lineNumber) changed after its last rewritten URL")
      }
    }
    return problems
  }

  /// Lines split after each `\n`, the line feed kept.
  static func lines(_ bytes: [UInt8]) -> [[UInt8]] {
    var result = [[UInt8]]()
    var start = 0
    for (index, byte) in bytes.enumerated() where byte == 0x0A {
      result.append(Array(bytes[start...index]))
      start = index + 1
    }
    result.append(Array(bytes[start...]))
    return result
  }

  /// The byte offset in `line` (from `start`) of a 1-based column of Unicode scalars.
  static func offset(ofColumn column: Int, in line: [UInt8], from start: Int, singleByte: Bool) -> Int {
    if singleByte { return column - 1 }
    var offset = start
    var counted = 1
    while counted < column, offset < line.count {
      offset += 1
      while offset < line.count, line[offset] & 0xC0 == 0x80 { offset += 1 }
      counted += 1
    }
    return offset - start
  }
}

/// `darkshare fix` over every template of the corpus and (when present) the third-party
/// templates of ../shared/realworld.
@Suite struct FixCorpusTests {
  static var corpusTemplates: [String] {
    let folders = ["html", "html-configured", "templates", "mjml", "text"]
    return folders.flatMap { folder -> [String] in
      let url = Corpus.directory.appendingPathComponent(folder)
      let entries = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
      return entries.filter { !$0.hasSuffix(".expect") && !$0.hasPrefix(".") }.map { "corpora/\(folder)/\($0)" }
    }.sorted()
  }

  @Test func corpusHasTemplatesOfEveryKind() {
    let files = Self.corpusTemplates
    #expect(files.contains { $0.hasSuffix(".html") })
    #expect(files.contains { $0.hasSuffix(".mjml") })
    #expect(files.contains { $0.hasSuffix(".hbs") })
    #expect(files.contains { $0.hasSuffix(".txt") })
  }

  @Test(arguments: FixCorpusTests.corpusTemplates)
  func corpusTemplateIsFixedAndNothingElseChanges(_ file: String) throws {
    let url = Corpus.packageRoot.appendingPathComponent(file)
    let bytes = [UInt8](try Data(contentsOf: url))
    let configFile = url.deletingLastPathComponent().appendingPathComponent(".darkshare.yml")
    let configuration = FileManager.default.fileExists(atPath: configFile.path) ? try ConfigurationLoader.load(configFile) : .default
    let role = TemplateFixer.role(of: file, head: bytes.prefix(4096)[...])
    guard case .template(let isHTML) = role else {
      Issue.record("\(file) is not a template to fix: \(role)")
      return
    }
    let (problems, result) = try FixCheck.problems(bytes, name: file, isHTML: isHTML, configuration: configuration)
    #expect(problems == [])
    for left in result.left { #expect(!left.reason.isEmpty) }
  }

  @Test func corpusFixesSomethingInEveryFormat() throws {
    var fixedByExtension = [String: Int]()
    for file in Self.corpusTemplates {
      let url = Corpus.packageRoot.appendingPathComponent(file)
      let bytes = [UInt8](try Data(contentsOf: url))
      guard case .template(let isHTML) = TemplateFixer.role(of: file, head: bytes.prefix(4096)[...]) else { continue }
      let result = try TemplateFixer(auditor: Auditor()).fix(bytes, file: file, isHTML: isHTML)
      fixedByExtension[url.pathExtension, default: 0] += result.changes.count
    }
    for ext in ["html", "mjml", "hbs", "txt"] { #expect(fixedByExtension[ext, default: 0] > 0, "nothing fixed in .\(ext)") }
  }

  @Test(arguments: ["corpora/containers/autumn-newsletter.html.gz", "corpora/containers/whatsapp-ios-export.zip", "corpora/eml/parts-agree.eml", "corpora/mbox", "corpora/csv/sms-log.csv"])
  func archivesAreNotRewritten(_ file: String) throws {
    let url = Corpus.packageRoot.appendingPathComponent(file)
    var isDirectory: ObjCBool = false
    FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
    let files = isDirectory.boolValue
      ? try FileManager.default.contentsOfDirectory(atPath: url.path).filter { !$0.hasSuffix(".expect") }.map { url.appendingPathComponent($0) }
      : [url]
    #expect(!files.isEmpty)
    for file in files {
      let bytes = [UInt8](try Data(contentsOf: file))
      #expect(TemplateFixer.role(of: file.path, head: bytes.prefix(4096)[...]) == .notRewritten(TemplateFixer.archiveReason))
    }
  }

  static var realWorldTemplates: [String] {
    guard RealWorld.isAvailable else { return [] }
    return RealWorld.files(withExtensions: ["html", "mjml", "txt"]).filter { $0.hasPrefix("html-") }
  }

  @Test(.enabled(if: RealWorld.isAvailable, "../shared/realworld is absent"))
  func realWorldTemplatesAreFixedAndNothingElseChanges() throws {
    let files = Self.realWorldTemplates
    #expect(files.count > 20)
    #expect(files.contains { $0.hasPrefix("html-postmark-basic-inlined/") && $0.hasSuffix(".txt") })
    var fixed = 0
    for file in files {
      let bytes = [UInt8](try Data(contentsOf: RealWorld.directory.appendingPathComponent(file)))
      guard case .template(let isHTML) = TemplateFixer.role(of: file, head: bytes.prefix(4096)[...]) else {
        Issue.record("\(file) is not a template to fix")
        continue
      }
      let (problems, result) = try FixCheck.problems(bytes, name: file, isHTML: isHTML)
      #expect(problems == [])
      fixed += result.changes.count
    }
    #expect(fixed > 0)
  }
}

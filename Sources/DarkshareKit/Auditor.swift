import DarkshareCore
import DarkshareJudgement
import DarkshareReaders
import DarkshareRules
import Foundation

/// The whole pipeline for one input: read → extract → judge → rules → ``FileResult``.
public struct Auditor: Sendable {
  public let configuration: Configuration
  private let judge: LinkJudge
  private let rules = RuleRunner()
  /// The largest input read, in bytes; a larger one is an error rather than an out-of-memory.
  public static let maximumInputSize = 512 * 1024 * 1024

  public init(configuration: Configuration = .default) {
    self.configuration = configuration
    judge = LinkJudge(policy: JudgementPolicy(configuration: configuration))
  }

  /// Reads and audits one input. Never throws: an unreadable input is a result with an error.
  public func audit(_ input: ResolvedInput) -> FileResult {
    let name = input.displayName
    switch input {
    case .unreadable(_, let reason):
      return FileResult(file: name, links: [], error: reason)
    case .standardInput:
      return audit(bytes: Array(FileHandle.standardInput.readDataToEndOfFile()), file: name)
    case .file(let path):
      do {
        let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size <= Self.maximumInputSize else {
          return FileResult(file: name, links: [], error: "file is \(size) bytes, larger than the \(Self.maximumInputSize)-byte limit")
        }
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return audit(bytes: Array(data), file: name)
      } catch {
        return FileResult(file: name, links: [], error: "cannot read the file (\(InputResolver.reason(error)))")
      }
    }
  }

  /// Audits the bytes of an input shown as `file`.
  public func audit(bytes: [UInt8], file: String) -> FileResult {
    guard let reader = BuiltInReaders.reader(forPath: file == "-" ? "-.html" : file, head: bytes.prefix(4096)) else {
      return FileResult(file: file, links: [], error: "unknown format: not one darkshare reads")
    }
    let links: [Link]
    do {
      links = try reader.init().links(in: bytes, file: file)
    } catch {
      return FileResult(file: file, links: [], error: error.message)
    }
    let judged = links.map(judge.judge)
    let context = RuleContext(configuration: configuration, policy: judge.policy, links: judged, documentName: file)
    let findings = rules.findings(for: judged, in: context)
    let audited = zip(judged, findings).map { link, findings in
      AuditedLink(
        link: link.link, destination: link.destination, service: link.service, status: link.status,
        findings: findings)
    }
    return FileResult(file: file, links: audited)
  }
}

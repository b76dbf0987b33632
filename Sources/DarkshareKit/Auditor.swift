import DarkshareCore
import DarkshareJudgement
import DarkshareReaders
import DarkshareRules
import Foundation

/// The whole pipeline for one input: read → extract → judge → (resolve) → rules → ``FileResult``.
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
    switch judged(input) {
    case .success(let read): return report(read.links, file: input.displayName, problem: read.problem)
    case .failure(let failure): return failure.result
    }
  }

  /// Reads and audits one input, following shortener and opaque redirects with `resolver`
  /// before the rules run (so the rules judge the destinations it finds).
  public func audit(_ input: ResolvedInput, resolver: RedirectResolver?) async -> FileResult {
    guard let resolver else { return audit(input) }
    switch judged(input) {
    case .failure(let failure):
      return failure.result
    case .success(let read):
      var links = read.links
      for index in links.indices where links[index].needsResolution {
        let resolution = await resolver.resolve(links[index].judgedURL.string)
        links[index] = judge.applying(resolution, to: links[index])
      }
      return report(links, file: input.displayName, problem: read.problem)
    }
  }

  /// Audits the bytes of an input shown as `file`.
  public func audit(bytes: [UInt8], file: String) -> FileResult {
    switch judged(bytes, file: file) {
    case .success(let read): return report(read.links, file: file, problem: read.problem)
    case .failure(let failure): return failure.result
    }
  }

  /// An input that could not be read, as the result that says why.
  private struct Unreadable: Error {
    var result: FileResult

    init(_ file: String, _ reason: String) {
      result = FileResult(file: file, links: [], error: reason)
    }
  }

  /// Reads, extracts and judges an input, without running the rules.
  private func judged(_ input: ResolvedInput) -> Result<JudgedInput, Unreadable> {
    let name = input.displayName
    switch input {
    case .unreadable(_, let reason):
      return .failure(Unreadable(name, reason))
    case .standardInput:
      return judged(Array(FileHandle.standardInput.readDataToEndOfFile()), file: name)
    case .file(let path):
      do {
        let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size <= Self.maximumInputSize else {
          return .failure(Unreadable(name, "file is \(size) bytes, larger than the \(Self.maximumInputSize)-byte limit"))
        }
        return judged(Array(try Data(contentsOf: URL(fileURLWithPath: path))), file: name)
      } catch {
        return .failure(Unreadable(name, "cannot read the file (\(InputResolver.reason(error)))"))
      }
    }
  }

  private func judged(_ bytes: [UInt8], file: String) -> Result<JudgedInput, Unreadable> {
    guard let reader = BuiltInReaders.reader(forPath: file == "-" ? "-.html" : file, head: bytes.prefix(4096)) else {
      return .failure(Unreadable(file, "unknown format: not one darkshare reads"))
    }
    do {
      let read = try reader.init().read(bytes, file: file)
      return .success(JudgedInput(links: read.links.map(judge.judge), problem: read.problem?.message))
    } catch {
      return .failure(Unreadable(file, error.message))
    }
  }

  /// An input's judged links and, when reading stopped partway, why (the file's error).
  private struct JudgedInput {
    var links: [JudgedLink]
    var problem: String?
  }

  /// Runs the rules over a document's judged links.
  private func report(_ judged: [JudgedLink], file: String, problem: String? = nil) -> FileResult {
    let context = RuleContext(configuration: configuration, policy: judge.policy, links: judged, documentName: file)
    let findings = rules.findings(for: judged, in: context)
    let audited = zip(judged, findings).map { link, findings in
      AuditedLink(
        link: link.link, destination: link.destination, service: link.service, status: link.status,
        findings: findings, hops: link.resolution?.hops ?? [], resolutionError: link.resolution?.error)
    }
    // A mail input counts the messages its links were found in (a forward attached as
    // message/rfc822 is a second message); anything else is one document.
    let messages = Set(judged.compactMap { $0.link.message?.index }).count
    return FileResult(file: file, links: audited, messages: problem == nil ? max(1, messages) : messages, error: problem)
  }
}

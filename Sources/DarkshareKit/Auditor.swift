import DarkshareCore
import DarkshareJudgement
import DarkshareReaders
import DarkshareRules

/// The whole pipeline for one input: read → extract → judge → (resolve) → rules → ``FileResult``.
///
/// Inputs are read through ``InputAudit``, a part at a time, so an archive of gigabytes is
/// audited in the memory of a few thousand links.
public struct Auditor: Sendable {
  public let configuration: Configuration
  let judge: LinkJudge
  private let rules = RuleRunner()
  /// The largest input read whole, in bytes; a larger one is an error rather than an
  /// out-of-memory. Streamed formats (mbox, SMS backups) have no such limit.
  public static let maximumInputSize = 512 * 1024 * 1024

  public init(configuration: Configuration = .default) {
    self.configuration = configuration
    judge = LinkJudge(policy: JudgementPolicy(configuration: configuration))
  }

  /// Reads and audits one input, in parts; `resolver` (when set) follows shortener and opaque
  /// redirects before the rules run, so the rules judge the destinations it finds; `meter`
  /// (when set) is told of the bytes read and the links found; `format` (when set) is the reader
  /// for the input's document instead of the one its name and first bytes call for. With
  /// `passOver`, the input was only sniffed: when it turns out not to be a format darkshare
  /// reads, it is noted there and gives no result rather than an error.
  public func parts(
    of input: ResolvedInput, format: (any InputReader.Type)? = nil, resolver: RedirectResolver? = nil,
    meter: ProgressMeter? = nil, passOver: PassOverLog? = nil
  ) -> InputAudit {
    InputAudit(input: input, format: format, auditor: self, resolver: resolver, meter: meter, passOver: passOver)
  }

  /// Audits the bytes of an input shown as `file`, as one result (every part joined), without
  /// following redirects.
  public func audit(bytes: [UInt8], file: String) -> FileResult {
    let audit = parts(of: .bytes(bytes, name: file))
    var joined: FileResult?
    while let part = audit.nextPart() { joined = joined.map { $0.appending(part) } ?? part }
    return joined ?? FileResult(file: file, links: [])
  }

  /// Judges links as read.
  func judged(_ links: [Link]) -> [JudgedLink] { judge.judge(messagesOf: links) }

  /// Runs the rules over the judged links of whole messages of `file`.
  func report(
    _ judged: [JudgedLink], file: String, messages: Int, problem: String?, isFirstPart: Bool, isLastPart: Bool
  ) -> FileResult {
    let context = RuleContext(configuration: configuration, policy: judge.policy, links: judged, documentName: file)
    let findings = rules.findings(for: judged, in: context)
    let audited = zip(judged, findings).map { link, findings in
      AuditedLink(
        link: link.link, destination: link.destination, service: link.service, status: link.status,
        findings: findings, hops: link.resolution?.hops ?? [], resolutionError: link.resolution?.error)
    }
    return FileResult(
      file: file, links: audited, messages: messages, error: problem, isFirstPart: isFirstPart, isLastPart: isLastPart)
  }
}

extension FileResult {
  /// This part followed by `next`, a later part of the same input.
  func appending(_ next: FileResult) -> FileResult {
    let errors = [error, next.error].compactMap { $0 }
    return FileResult(
      file: file, links: links + next.links, messages: messages + next.messages,
      error: errors.isEmpty ? nil : errors.joined(separator: "; "), isFirstPart: isFirstPart, isLastPart: next.isLastPart)
  }
}

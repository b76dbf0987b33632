/// A link with its verdict and findings: what reporters print.
public struct AuditedLink: Sendable, Hashable {
  public var link: Link
  /// The unwrapped destination, when the link was a decodable redirect wrapper.
  public var destination: String?
  /// The name of the redirect wrapper or shortening service, when there is one.
  public var service: String?
  public var status: LinkStatus
  /// The findings on this link, in rule order.
  public var findings: [Finding]
  /// The redirects `--resolve` followed, first the URL resolved, last its destination; empty
  /// when the link was not resolved.
  public var hops: [String]
  /// Why `--resolve` stopped before a destination, when it did.
  public var resolutionError: String?

  public init(
    link: Link, destination: String?, service: String?, status: LinkStatus, findings: [Finding], hops: [String] = [],
    resolutionError: String? = nil
  ) {
    self.hops = hops
    self.resolutionError = resolutionError
    self.link = link
    self.destination = destination
    self.service = service
    self.status = status
    self.findings = findings
  }
}

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

  public init(link: Link, destination: String?, service: String?, status: LinkStatus, findings: [Finding]) {
    self.link = link
    self.destination = destination
    self.service = service
    self.status = status
    self.findings = findings
  }
}

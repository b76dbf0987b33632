import DarkshareCore

/// Finds a click tracker that no reference lists, from the links of one message.
///
/// ESPs track clicks on a branded host of the sender (`links.brand.example`,
/// `click.email.brand.example`), so a tracker is often a host darkshare has never seen. Within
/// one message it still shows: most of the message's links go through that one host, each with
/// a machine token instead of a page address, while their anchor texts name different things.
/// A host is taken for a click tracker when all of these hold:
///
/// - at least ``minimumLinks`` of the message's links go through it with an opaque token and
///   no readable word in their path (``OpaqueToken``), and carry no campaign parameters;
/// - those links are more than half of the message's outbound links;
/// - they name at least two different things: two different anchor texts, or, in text
///   without anchor texts, ``minimumLinks`` different URLs.
///
/// It is also taken for one when at least ``minimumRedirectScriptLinks`` of the message's links
/// without campaign parameters go through a redirect script on it with an id (`/cgi-bin/goto?on=…`,
/// `/rd/rd.cfm?id=…`, `/go/ad306.html`: ``OpaqueToken/isRedirectScript(_:)``).
///
/// A single link is enough when it names a server script after a redirect (`/cgi-bin/go.cgi?a=…`,
/// `/r.asp?r=…`: ``OpaqueToken/isNamedRedirectScript(_:)``).
///
/// Those links are then `unknown` (an opaque redirect naming the host); the host's other links
/// keep their own status. A single long id on a normal site, or a message with one or two
/// links, is never enough. The user confirms an inferred host with `redirect-hosts` in the
/// configuration, or follows it with `--resolve`.
public struct InferredTracker: Sendable, Hashable {
  /// The host the message's links go through, lower-cased.
  public var host: String
  /// How many of the message's links go through it with opaque tokens.
  public var links: Int
  /// How many outbound links the message has.
  public var outboundLinks: Int
  /// What the links through the host show.
  public var evidence: Evidence

  /// What makes the host a tracker.
  public enum Evidence: Sendable, Hashable {
    /// Opaque tokens and no readable words, for most of the message's links.
    case opaqueTokens
    /// A redirect script with an id (`/cgi-bin/goto?on=…`).
    case redirectScript
  }

  /// The fewest links with opaque tokens through one host that make it a tracker.
  public static let minimumLinks = 3
  /// The fewest links through a redirect script on one host that make it a tracker.
  public static let minimumRedirectScriptLinks = 2

  /// Marks the links of `indices` (one message's links within `links`) that go through an
  /// inferred tracker.
  static func apply(to links: inout [JudgedLink], indices: [Int]) {
    let outbound = indices.filter { links[$0].isOutbound }
    var opaqueByHost = [String: [Int]]()
    var scriptsByHost = [String: [Int]]()
    var namedScriptsByHost = [String: [Int]]()
    for index in indices where isCandidate(links[index]) {
      let url = links[index].judgedURL
      if OpaqueToken.isNamedRedirectScript(url) {
        namedScriptsByHost[url.host!, default: []].append(index)
      } else if OpaqueToken.isRedirectScript(url) {
        scriptsByHost[url.host!, default: []].append(index)
      } else if OpaqueToken.isOpaque(url) {
        opaqueByHost[url.host!, default: []].append(index)
      }
    }
    for (host, members) in opaqueByHost where members.count >= minimumLinks && members.count * 2 > outbound.count {
      guard namesDifferentThings(members.map { links[$0] }) else { continue }
      mark(members, through: host, evidence: .opaqueTokens, outbound: outbound.count, in: &links)
    }
    for (host, members) in scriptsByHost where members.count >= minimumRedirectScriptLinks {
      mark(members + (namedScriptsByHost.removeValue(forKey: host) ?? []), through: host,
        evidence: .redirectScript, outbound: outbound.count, in: &links)
    }
    for (host, members) in namedScriptsByHost {
      mark(members, through: host, evidence: .redirectScript, outbound: outbound.count, in: &links)
    }
  }

  private static func mark(
    _ members: [Int], through host: String, evidence: Evidence, outbound: Int, in links: inout [JudgedLink]
  ) {
    let tracker = InferredTracker(host: host, links: members.count, outboundLinks: outbound, evidence: evidence)
    for index in members {
      links[index].kind = .opaqueRedirect(service: "click tracker inferred at \(host)")
      links[index].attribution = Attribution()
      links[index].status = .unknown
      links[index].inferredTracker = tracker
    }
  }

  /// A web link with no campaign parameters.
  private static func isCandidate(_ link: JudgedLink) -> Bool {
    guard link.kind == .web, link.status == .dark || link.status == .atRisk,
      let scheme = link.judgedURL.scheme, scheme == "http" || scheme == "https", link.judgedURL.host != nil
    else { return false }
    return true
  }

  private static func namesDifferentThings(_ links: [JudgedLink]) -> Bool {
    let texts = Set(links.compactMap { $0.link.text?.lowercased() }.filter { !$0.isEmpty })
    if texts.count >= 2 { return true }
    return Set(links.filter { $0.link.text?.isEmpty ?? true }.map(\.judgedURL.string)).count >= minimumLinks
  }
}

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

  /// What the links of one message show about the hosts they go through: gathered from every
  /// link of the message (after ``ServiceTwins``, which takes text twins out of the outbound
  /// links), then used to mark each link that goes through an inferred tracker.
  ///
  /// At most ``MessageFacts/distinctKeys`` hosts of each kind are counted: a hostile message
  /// spread over more hosts than that infers no tracker on the later ones.
  struct Tally: Sendable {
    /// How many of the message's links are outbound.
    private var outbound = 0
    private var opaque = [String: OpaqueLinks]()
    private var scripts = [String: Int]()
    private var namedScripts = [String: Int]()

    /// The opaque links through one host: how many, and enough of what they name to tell
    /// whether they name different things (two anchor texts, or three URLs without one).
    private struct OpaqueLinks: Sendable {
      var count = 0
      var texts = Set<String>()
      var untitledURLs = Set<String>()

      var namesDifferentThings: Bool { texts.count >= 2 || untitledURLs.count >= InferredTracker.minimumLinks }

      mutating func add(_ link: JudgedLink) {
        count += 1
        if let text = link.link.text, !text.isEmpty {
          if texts.count < 2 { texts.insert(text.lowercased()) }
        } else if untitledURLs.count < InferredTracker.minimumLinks {
          untitledURLs.insert(link.judgedURL.string)
        }
      }
    }

    /// Counts `link`, one of the message's links.
    mutating func add(_ link: JudgedLink) {
      if link.isOutbound { outbound += 1 }
      guard InferredTracker.isCandidate(link) else { return }
      let url = link.judgedURL
      let host = url.host!
      if OpaqueToken.isNamedRedirectScript(url) {
        Self.count(host, in: &namedScripts)
      } else if OpaqueToken.isRedirectScript(url) {
        Self.count(host, in: &scripts)
      } else if OpaqueToken.isOpaque(url), opaque[host] != nil || opaque.count < MessageFacts.distinctKeys {
        opaque[host, default: OpaqueLinks()].add(link)
      }
    }

    private static func count(_ host: String, in counts: inout [String: Int]) {
      if counts[host] != nil || counts.count < MessageFacts.distinctKeys { counts[host, default: 0] += 1 }
    }

    /// The tracker `link` goes through, when the message's links show one.
    func tracker(of link: JudgedLink) -> InferredTracker? {
      guard InferredTracker.isCandidate(link) else { return nil }
      let url = link.judgedURL
      let host = url.host!
      let scriptLinks = scripts[host] ?? 0
      if OpaqueToken.isNamedRedirectScript(url) {
        guard let named = namedScripts[host] else { return nil }
        // A named script joins the host's other redirect scripts when those make it a tracker.
        let links = scriptLinks >= minimumRedirectScriptLinks ? scriptLinks + named : named
        return InferredTracker(host: host, links: links, outboundLinks: outbound, evidence: .redirectScript)
      }
      if OpaqueToken.isRedirectScript(url) {
        guard scriptLinks >= minimumRedirectScriptLinks else { return nil }
        return InferredTracker(
          host: host, links: scriptLinks + (namedScripts[host] ?? 0), outboundLinks: outbound, evidence: .redirectScript)
      }
      // The host's count first: most hosts are no tracker, and their links are not scanned again.
      guard let members = opaque[host], members.count >= minimumLinks, members.count * 2 > outbound,
        members.namesDifferentThings, OpaqueToken.isOpaque(url)
      else { return nil }
      return InferredTracker(host: host, links: members.count, outboundLinks: outbound, evidence: .opaqueTokens)
    }
  }

  /// Marks the links of `indices` (one message's links within `links`) that go through a
  /// tracker `tally` (the whole message's) shows.
  static func apply(_ tally: Tally, to links: inout [JudgedLink], indices: [Int]) {
    for index in indices {
      guard let tracker = tally.tracker(of: links[index]) else { continue }
      links[index].kind = .opaqueRedirect(service: "click tracker inferred at \(tracker.host)")
      links[index].attribution = Attribution()
      links[index].status = .unknown
      links[index].inferredTracker = tracker
    }
  }

  /// A web link with no campaign parameters.
  static func isCandidate(_ link: JudgedLink) -> Bool {
    guard link.kind == .web, link.status == .dark || link.status == .atRisk,
      let scheme = link.judgedURL.scheme, scheme == "http" || scheme == "https", link.judgedURL.host != nil
    else { return false }
    return true
  }
}

import DarkshareCore

/// What the links of one message show together and no link shows alone: the service links of
/// its HTML part, which its text links may be twins of (``ServiceTwins``), and the hosts its
/// untagged links go through (``InferredTracker``).
///
/// A message read whole is judged with ``LinkJudge/judge(messagesOf:)``, which gathers its
/// facts from its links. A message too large to hold (a newsletter with a million links) is
/// read more than once, a part at a time: the first reading gathers its services
/// (``addServices(of:)``), the next its trackers (``addTrackers(of:)``, after twins), and the
/// last judges each part with the whole message's facts (``LinkJudge/judge(partOf:facts:)``),
/// so every link gets the status it would get if the message were held whole.
public struct MessageFacts: Sendable {
  /// The most distinct destinations or hosts one message's facts keep of each kind: enough for
  /// any real message, and a bound on memory for a hostile one.
  public static let distinctKeys = 20_000

  var services = ServiceTwins.Services()
  var trackers = InferredTracker.Tally()
  /// Whether the message has text-part links, which may be twins of its service links.
  public private(set) var hasTextLinks = false

  public init() {}

  /// Whether the trackers must be counted in a reading of their own, after the services are
  /// known: only when a text link may be a twin (which takes it out of the outbound links).
  public var needsTwinsBeforeTrackers: Bool { hasTextLinks && !services.isEmpty }

  /// These facts with no tracker counted: what links are judged with while trackers are counted.
  public var withoutTrackers: MessageFacts {
    var facts = self
    facts.trackers = InferredTracker.Tally()
    return facts
  }

  /// Gathers the service links among `links`, the links of a part judged on their own.
  public mutating func addServices(of links: [JudgedLink], policy: JudgementPolicy) {
    for link in links {
      if link.link.element == "text" { hasTextLinks = true }
      services.add(link, policy: policy)
    }
  }

  /// Counts the hosts of `links`, the links of a part judged with the message's services: with
  /// a copy of these facts taken before any tracker was counted, since links judged with a
  /// partial count are not counted right.
  public mutating func addTrackers(of links: [JudgedLink]) {
    for link in links { trackers.add(link) }
  }
}

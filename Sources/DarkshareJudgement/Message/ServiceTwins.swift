import DarkshareCore

/// Gives a text/plain link the service judgement of its HTML twin.
///
/// A text part has no anchor texts, so its "unsubscribe" link is often only a tracker URL or a
/// bare page address; the HTML part of the same message links the same destination with the
/// words "Unsubscribe" or "View in browser". When a text link's destination (after unwrapping,
/// compared by ``DestinationKey``: campaign and click parameters aside) is the destination of
/// a service link in an HTML part of the same message, it is that service link too.
enum ServiceTwins {
  /// The service links of a message's HTML part, by destination: gathered from every link of
  /// the message (in one go, or a part at a time over a message read in parts) before any text
  /// link is given its twin's judgement.
  ///
  /// At most ``MessageFacts/distinctKeys`` destinations are kept: a hostile message with more
  /// distinct service links than that gives its later ones no twin.
  struct Services: Sendable {
    private var byKey = [DestinationKey: ServiceLinkRecognizer.Service]()
    private var byURL = [String: ServiceLinkRecognizer.Service]()

    var isEmpty: Bool { byURL.isEmpty }

    /// Notes `link` when it is a service link of an HTML part (not a share); the first service
    /// seen for a destination is kept.
    mutating func add(_ link: JudgedLink, policy: JudgementPolicy) {
      guard link.link.element != "text", case .service(let service) = link.kind, link.share == nil else { return }
      let url = link.judgedURL.string
      if byURL[url] == nil, byURL.count < MessageFacts.distinctKeys { byURL[url] = service }
      if let key = DestinationKey(link.judgedURL, policy: policy), byKey[key] == nil, byKey.count < MessageFacts.distinctKeys {
        byKey[key] = service
      }
    }

    /// The service of the HTML link `link` (a text link) is the twin of, if any.
    func twin(of link: JudgedLink, policy: JudgementPolicy) -> ServiceLinkRecognizer.Service? {
      guard link.link.element == "text", link.isOutbound, link.share == nil else { return nil }
      return link.needsResolution
        ? byURL[link.judgedURL.string]
        : DestinationKey(link.judgedURL, policy: policy).flatMap { byKey[$0] }
    }
  }

  /// Gives the text links among `indices` (one message's links) the judgement of their twin.
  static func apply(_ services: Services, to links: inout [JudgedLink], indices: [Int], policy: JudgementPolicy) {
    guard !services.isEmpty else { return }
    for index in indices {
      guard let service = services.twin(of: links[index], policy: policy) else { continue }
      links[index].kind = .service(service)
      links[index].attribution = Attribution()
      links[index].status = .excluded
    }
  }
}

import DarkshareCore

/// Gives a text/plain link the service judgement of its HTML twin.
///
/// A text part has no anchor texts, so its "unsubscribe" link is often only a tracker URL or a
/// bare page address; the HTML part of the same message links the same destination with the
/// words "Unsubscribe" or "View in browser". When a text link's destination (after unwrapping,
/// compared by ``DestinationKey``: campaign and click parameters aside) is the destination of
/// a service link in an HTML part of the same message, it is that service link too.
enum ServiceTwins {
  static func apply(to links: inout [JudgedLink], indices: [Int], policy: JudgementPolicy) {
    var services = [DestinationKey: ServiceLinkRecognizer.Service]()
    var servicesByURL = [String: ServiceLinkRecognizer.Service]()
    for index in indices where links[index].link.element != "text" {
      guard case .service(let service) = links[index].kind, links[index].share == nil else { continue }
      servicesByURL[links[index].judgedURL.string] = servicesByURL[links[index].judgedURL.string] ?? service
      if let key = DestinationKey(links[index].judgedURL, policy: policy) { services[key] = services[key] ?? service }
    }
    guard !servicesByURL.isEmpty else { return }
    for index in indices where links[index].link.element == "text" && links[index].isOutbound {
      let link = links[index]
      guard link.share == nil else { continue }
      let service =
        link.needsResolution
        ? servicesByURL[link.judgedURL.string]
        : DestinationKey(link.judgedURL, policy: policy).flatMap { services[$0] }
      guard let service else { continue }
      links[index].kind = .service(service)
      links[index].attribution = Attribution()
      links[index].status = .excluded
    }
  }
}

import DarkshareCore

/// Decides what each link is and gives it its one status (SPEC §2).
///
/// The order of the questions is the order of the §2 table: is it a web link at all, is it a
/// service link, is its destination a placeholder, is it wrapped (decode it, or stop at an
/// opaque wrapper or shortener), and finally what its query carries.
public struct LinkJudge: Sendable {
  public var policy: JudgementPolicy

  public init(policy: JudgementPolicy = JudgementPolicy()) {
    self.policy = policy
  }

  /// Judges the links of whole messages: each link on its own, then what only the message as a
  /// whole shows (a text link's HTML twin, a click tracker inferred from many links). Links
  /// of one message share their ``Link/message`` index; links without one (an HTML file) are
  /// one message.
  public func judge(messagesOf links: [Link]) -> [JudgedLink] {
    var judged = links.map(judge)
    for indices in Self.messages(of: links) {
      var facts = MessageFacts()
      for index in indices { facts.services.add(judged[index], policy: policy) }
      ServiceTwins.apply(facts.services, to: &judged, indices: indices, policy: policy)
      for index in indices { facts.trackers.add(judged[index]) }
      InferredTracker.apply(facts.trackers, to: &judged, indices: indices)
    }
    return judged
  }

  /// Judges `links`, part of one message too large to read whole, with the facts of the whole
  /// message (``MessageFacts``). Without the trackers counted (`facts` of a first reading),
  /// the links are judged with the message's service twins only: what
  /// ``MessageFacts/addTrackers(of:)`` counts.
  public func judge(partOf links: [Link], facts: MessageFacts) -> [JudgedLink] {
    var judged = links.map(judge)
    ServiceTwins.apply(facts.services, to: &judged, indices: Array(judged.indices), policy: policy)
    InferredTracker.apply(facts.trackers, to: &judged, indices: Array(judged.indices))
    return judged
  }

  /// The indices of `links` by message, in the order messages first appear: links of one
  /// message share their ``Link/message`` index; links without one are one message.
  static func messages(of links: [Link]) -> [[Int]] {
    // The links of an HTML file, or of one message, are one group, told without a table.
    let firstKey = links.first?.message?.index
    if !links.isEmpty, links.allSatisfy({ $0.message?.index == firstKey }) { return [Array(links.indices)] }
    var members = [Int?: [Int]]()
    var order = [Int?]()
    for (index, link) in links.enumerated() {
      let key = link.message?.index
      if members[key] == nil { order.append(key) }
      members[key, default: []].append(index)
    }
    return order.map { members[$0] ?? [] }
  }

  /// Judges one link; a share link is judged by the URL it carries.
  public func judge(_ link: Link) -> JudgedLink {
    let url = LinkURL(Self.openedForm(of: link))
    guard let share = ShareLinkRecognizer.share(of: url) else { return judgeURL(link, opened: url) }
    guard let carried = share.carriedURL else {
      var judged = JudgedLink(
        link: link, kind: .web, judgedURL: url, destination: nil, wrappers: [], attribution: Attribution(), status: .dark)
      judged.share = share
      return judged
    }
    var carriedLink = link
    carriedLink.url = carried
    carriedLink.text = nil  // "Forward to a friend" names the share, not a service page
    var judged = judgeURL(carriedLink)
    judged.link = link
    judged.destination = judged.destination ?? carried
    judged.share = share
    return judged
  }

  /// `judged` re-judged by the final destination `resolution` reached; unchanged (but for the
  /// resolution) when it reached none. The resolved redirect's service joins the wrappers.
  public func applying(_ resolution: Resolution, to judged: JudgedLink) -> JudgedLink {
    var unresolved = judged
    unresolved.resolution = resolution
    guard let final = resolution.final, judged.needsResolution else { return unresolved }
    var finalLink = judged.link
    finalLink.url = final
    // The final URL answered without redirecting: it is a destination, whatever its host.
    var resolved = judgeURL(finalLink, isFinal: true)
    resolved.link = judged.link
    resolved.destination = resolved.destination ?? final
    resolved.wrappers = judged.wrappers + [judged.service].compactMap { $0 } + resolved.wrappers
    resolved.share = judged.share
    resolved.resolution = resolution
    return resolved
  }

  /// Judges a link by its own URL; `isFinal` when `--resolve` saw it answer without a redirect.
  /// `opened` is the link's URL as a browser opens it, when it was parsed already.
  private func judgeURL(_ link: Link, isFinal: Bool = false, opened: LinkURL? = nil) -> JudgedLink {
    let written = link.url
    let url = opened ?? LinkURL(Self.openedForm(of: link))
    var judged = JudgedLink(
      link: link, kind: .web, judgedURL: url, destination: nil, wrappers: [],
      attribution: Attribution(), status: .excluded)
    if let kind = kindBeforeUnwrapping(url) {
      judged.kind = kind
      judged.status = Self.status(of: kind, attribution: judged.attribution)
      return judged
    }
    let unwrapped = Unwrapper.unwrap(url)
    judged.wrappers = unwrapped.wrappers.map(\.name)
    if let destination = unwrapped.destinationURL {
      judged.destination = destination.string
      judged.judgedURL = destination
    }
    // A service link is excluded whatever wraps it, and still shows where it leads.
    if let service = link.isDeclaredServiceLink ? .unsubscribe : service(of: url, judged, text: link.text) {
      judged.kind = .service(service)
      judged.status = .excluded
      return judged
    }
    if url.scheme == nil, url.host == nil { judged.kind = .relative }
    if !isFinal, judged.kind == .web, let host = judged.judgedURL.host,
      policy.redirectHosts.contains(where: { $0.matches(host) })
    {
      judged.kind = .opaqueRedirect(service: "redirect host \(host)")
    }
    if policy.ignore.contains(where: { $0.matches(written) || judged.destination.map($0.matches) == true }) {
      judged.kind = .ignored
    } else if !policy.isOwnDomain(judged.judgedURL.host), unwrapped.stoppedAt == nil {
      judged.isOwnDomain = false
      if policy.otherDomains == .exclude { judged.kind = .outOfScope }
    }
    if judged.kind != .ignored, judged.kind != .outOfScope, let stop = unwrapped.stoppedAt {
      judged.kind = stop.category == .shortener ? .shortener(service: stop.name) : .opaqueRedirect(service: stop.name)
      judged.destinationHost = unwrapped.destinationHost
    }
    if judged.kind == .web || judged.kind == .relative {
      judged.attribution = AttributionReader.read(judged.judgedURL, written: written, policy: policy)
    }
    judged.status = Self.status(of: judged.kind, attribution: judged.attribution)
    return judged
  }

  /// The kind of links that need no unwrapping to be classified; nil for a web or relative link.
  private func kindBeforeUnwrapping(_ url: LinkURL) -> JudgedLink.Kind? {
    if url.string.isEmpty || url.string.hasPrefix("#") { return .anchor }
    if url.destinationIsPlaceholder {
      let service = url.mergeTags.lazy.compactMap { ServiceLinkRecognizer.service(forTag: $0.name) }.first
      return service.map(JudgedLink.Kind.service) ?? .template
    }
    if let scheme = url.scheme, scheme != "http", scheme != "https" { return .nonWeb(scheme: scheme) }
    return nil
  }

  /// The service a link serves, from its URL (the wrapper's, then the destination's), its
  /// anchor text, or the words introducing it in plain text; nil for a campaign destination.
  private func service(of url: LinkURL, _ judged: JudgedLink, text: String?) -> ServiceLinkRecognizer.Service? {
    ServiceLinkRecognizer.service(of: url)
      ?? (judged.destination == nil ? nil : ServiceLinkRecognizer.service(of: judged.judgedURL))
      ?? text.flatMap(ServiceLinkRecognizer.service(forText:))
      ?? judged.link.leadIn.flatMap(ServiceLinkRecognizer.service(forLeadIn:))
  }

  /// The URL a browser opens for `link`: tabs and line breaks removed, and a scheme-less host
  /// found in plain text (`www.shop.example/x`) opened as `http://`, as phones and mail
  /// clients do, rather than judged as a relative link.
  ///
  /// Works on UTF-8 bytes: ASCII tab, LF and CR are removed one by one (the WHATWG URL parser
  /// strips each, so a `"\r\n"` pair, one `Character` in Swift, goes too), and a URL that has
  /// none, nearly every one, is returned as it is.
  static func openedForm(of link: Link) -> String {
    var form = link.url
    if form.containsUTF8Byte(in: browserStrippedBytes) {
      form = String(decoding: form.utf8.filter { $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }, as: UTF8.self)
    }
    guard link.element == "text" else { return form }
    let hasScheme = schemesOfTextLinks.contains { form.utf8.hasASCIICaseInsensitivePrefix($0) }
    return hasScheme ? form : "http://" + form
  }

  /// Tab, line feed and carriage return: what a browser removes from a URL.
  private static let browserStrippedBytes: [UInt8] = [0x0A, 0x0D, 0x09]

  /// The schemes a plain-text link can be written with; any other is opened as `http://`.
  private static let schemesOfTextLinks: [[UInt8]] = ["http://", "https://", "ftp://", "mailto:"].map { Array($0.utf8) }

  /// The §2 table.
  static func status(of kind: JudgedLink.Kind, attribution: Attribution) -> LinkStatus {
    switch kind {
    case .nonWeb, .anchor, .service, .ignored, .outOfScope: return .excluded
    case .template, .opaqueRedirect, .shortener: return .unknown
    case .web, .relative:
      if attribution.isComplete { return .tracked }
      if attribution.hasCampaignParameters { return .partial }
      if !attribution.strippedIdentifiers.isEmpty { return .atRisk }
      return .dark
    }
  }
}

extension String.UTF8View {
  /// Whether the bytes start with `prefix` (lower-case ASCII), ignoring ASCII case.
  fileprivate func hasASCIICaseInsensitivePrefix(_ prefix: [UInt8]) -> Bool {
    var index = startIndex
    for expected in prefix {
      guard index != endIndex else { return false }
      let byte = self[index]
      guard byte.asciiLowercased == expected else { return false }
      index = self.index(after: index)
    }
    return true
  }
}

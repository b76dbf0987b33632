import DarkshareCore
import DarkshareJudgement

/// Runs every rule over one document's judged links.
public struct RuleRunner: Sendable {
  private let linkRules: [any Rule]
  private let documentRules: [any DocumentRule]

  public init() {
    linkRules = BuiltInRules.linkRules.map { $0.init() }
    documentRules = BuiltInRules.documentRules.map { $0.init() }
  }

  /// The findings for each link of `links`, in the same order.
  public func findings(for links: [JudgedLink], in context: RuleContext) -> [[Finding]] {
    let linkRules = linkRules.filter { context.isEnabled(type(of: $0).description) }
    let documentRules = documentRules.filter { context.isEnabled(type(of: $0).description) }
    var findings = links.map { link in
      link.link.isSuppressed ? [] : linkRules.flatMap { $0.check(link, in: context) }
    }
    // Document rules compare the links of one message: a chat export or an SMS log holds many
    // messages from different senders and brands, whose campaigns have nothing to agree on.
    var groups = [Int?: [Int]]()
    var order = [Int?]()
    for (index, link) in links.enumerated() {
      let key = link.link.message?.index
      if groups[key] == nil { order.append(key) }
      groups[key, default: []].append(index)
    }
    guard !documentRules.isEmpty else { return findings }
    // Each message's links gathered once for every document rule; a document that is one
    // message (an HTML file) is passed as it is, without copying its links.
    let grouped: [(members: [Int], links: [JudgedLink])] = order.map { key in
      let members = groups[key] ?? []
      return (members, order.count == 1 ? links : members.map { links[$0] })
    }
    for rule in documentRules {
      for group in grouped {
        for (position, extra) in rule.check(group.links, in: context).enumerated()
        where !group.links[position].link.isSuppressed {
          findings[group.members[position]] += extra
        }
      }
    }
    return findings
  }
}

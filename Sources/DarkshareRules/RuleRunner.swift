import DarkshareCore
import DarkshareJudgement

/// Runs every rule over one document's judged links.
public struct RuleRunner: Sendable {
  private let linkRules: [any Rule]
  private let documentRules: [any DocumentRule]
  /// What `unmapped-medium` found for each set of tags, for every document this runner checks.
  private let mediumVerdicts = MemoTable<UnmappedMediumRule.Tags, UnmappedMediumRule.Verdict>()

  public init() {
    linkRules = BuiltInRules.linkRules.map { $0.init() }
    documentRules = BuiltInRules.documentRules.map { $0.init() }
  }

  /// The findings for each link of `links`, links of whole messages, in the same order.
  public func findings(for links: [JudgedLink], in context: RuleContext) -> [[Finding]] {
    var findings = linkFindings(for: links, in: context)
    let documentRules = documentRules.filter { context.isEnabled(type(of: $0).description) }
    guard !documentRules.isEmpty else { return findings }
    // Document rules compare the links of one message: a chat export or an SMS log holds many
    // messages from different senders and brands, whose campaigns have nothing to agree on.
    var groups = [Int?: [Int]]()
    var order = [Int?]()
    for (index, link) in links.enumerated() {
      let key = link.link.message?.index
      if groups[key] == nil { order.append(key) }
      groups[key, default: []].append(index)
    }
    for key in order {
      let members = groups[key] ?? []
      // A document that is one message (an HTML file) is passed as it is, without copying its links.
      let group = order.count == 1 ? links : members.map { links[$0] }
      var facts = MessageCampaignFacts()
      facts.add(group, policy: context.policy)
      for (position, extra) in documentFindings(for: group, message: facts, rules: documentRules, in: context).enumerated() {
        findings[members[position]] += extra
      }
    }
    return findings
  }

  /// The findings for each of `links`, one part of a message too large to hold, whose
  /// campaign facts were gathered from all its parts first.
  public func findings(forPartOf links: [JudgedLink], message: MessageCampaignFacts, in context: RuleContext) -> [[Finding]] {
    var findings = linkFindings(for: links, in: context)
    let documentRules = documentRules.filter { context.isEnabled(type(of: $0).description) }
    for (index, extra) in documentFindings(for: links, message: message, rules: documentRules, in: context).enumerated() {
      findings[index] += extra
    }
    return findings
  }

  private func linkFindings(for links: [JudgedLink], in context: RuleContext) -> [[Finding]] {
    let linkRules = linkRules.filter { context.isEnabled(type(of: $0).description) }
    var checking = context
    let repair = CheckedLinkRepair()
    checking.repairOfCheckedLink = repair
    checking.mediumVerdicts = mediumVerdicts
    return links.map { link in
      guard !link.link.isSuppressed else { return [] }
      repair.forget()
      // The first rule's findings are taken as they are (most links have one rule's or none),
      // not copied into a new array.
      var found = [Finding]()
      for rule in linkRules {
        let more = rule.check(link, in: checking)
        guard !more.isEmpty else { continue }
        if found.isEmpty { found = more } else { found += more }
      }
      return found
    }
  }

  /// The document rules' findings for `links`, each rule's in turn; none on suppressed links.
  private func documentFindings(
    for links: [JudgedLink], message: MessageCampaignFacts, rules: [any DocumentRule], in context: RuleContext
  ) -> [[Finding]] {
    var findings = Array(repeating: [Finding](), count: links.count)
    for rule in rules {
      for (index, extra) in rule.check(links, message: message, in: context).enumerated() where !links[index].link.isSuppressed {
        findings[index] += extra
      }
    }
    return findings
  }
}

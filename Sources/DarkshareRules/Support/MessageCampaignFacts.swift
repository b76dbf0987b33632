import DarkshareCore
import DarkshareJudgement

/// What the document rules compare one link with: the campaign values the rest of its message
/// uses (``InconsistentCampaignRule``) and the tagged HTML links of its message
/// (``PartMismatchRule``).
///
/// Gathered from all the message's links before any is checked: by ``RuleRunner`` from the
/// links of a message held whole, or part by part over a message too large to hold, which is
/// then checked a part at a time with the whole message's facts. At most
/// ``MessageFacts/distinctKeys`` destinations are kept.
public struct MessageCampaignFacts: Sendable {
  /// The values written for each key ``InconsistentCampaignRule`` compares, in the order of
  /// ``InconsistentCampaignRule/keys`` (two keys: found by position, not by hashing the key
  /// for every link).
  private var tallies = InconsistentCampaignRule.keys.map { _ in ValueTally() }
  /// The first tagged HTML link of each destination, kept as judged: what the text part's
  /// link is compared with, described only when the two differ.
  var taggedHTMLLinks = [DestinationKey: JudgedLink]()

  public init() {}

  /// The values written for `key`, one of ``InconsistentCampaignRule/keys``; nil for another key.
  func written(_ key: String) -> ValueTally? {
    InconsistentCampaignRule.keys.firstIndex(of: key).map { tallies[$0] }
  }

  /// Gathers `links`, the next links of the message.
  public mutating func add(_ links: [JudgedLink], policy: JudgementPolicy) {
    for link in links {
      for (position, key) in InconsistentCampaignRule.keys.enumerated() {
        if let value = InconsistentCampaignRule.writtenValue(of: key, in: link)?.value {
          tallies[position].add(value)
        }
      }
      // Only mail has parts to compare (an HTML file has no text part): no key is built for others.
      guard link.link.message != nil, link.link.element != "text", link.status == .tracked,
        let key = DestinationKey(link, policy: policy),
        taggedHTMLLinks[key] == nil, taggedHTMLLinks.count < MessageFacts.distinctKeys
      else { continue }
      taggedHTMLLinks[key] = link
    }
  }
}

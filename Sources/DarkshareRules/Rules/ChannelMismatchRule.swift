import DarkshareCore
import DarkshareJudgement

/// Flags campaign values that name another channel than the one the link was sent in.
struct ChannelMismatchRule: Rule {
  static let description = RuleDescription(
    identifier: "channel-mismatch",
    name: "Channel Mismatch",
    summary: "A link's campaign values name another channel than the message it was sent in (`utm_medium=email` in an SMS).",
    rationale: """
      Copying links between an e-mail and an SMS campaign carries the wrong medium along: \
      visits from the text message are then reported as e-mail (or the reverse), and the \
      channel report lies. darkshare knows the usual words for e-mail and SMS mediums; \
      `channels:` in `.darkshare.yml` states exactly which values each channel's links must carry.
      """,
    defaultSeverity: .warning,
    triggeringExamples: [
      #"<a href="↓https://shop.example/?utm_source=nl&amp;utm_medium=sms&amp;utm_campaign=may">Shop</a>"#
    ],
    nonTriggeringExamples: [
      #"<a href="https://shop.example/?utm_source=nl&amp;utm_medium=email&amp;utm_campaign=may">Shop</a>"#
    ])

  /// Medium values that clearly belong to one channel, lower-case.
  private static let mediumChannels: [String: Channel] = [
    "email": .email, "e-mail": .email, "e_mail": .email, "mail": .email, "newsletter": .email,
    "sms": .sms, "text": .sms, "mms": .sms, "txt": .sms, "text-message": .sms,
  ]

  func check(_ link: JudgedLink, in context: RuleContext) -> [Finding] {
    // A share link's URL is tagged for where it is shared to, not for the message carrying it.
    guard link.share == nil, link.status == .tracked || link.status == .partial else { return [] }
    let channel = link.link.channel
    let values = link.attribution.parameters
    if let expected = context.configuration.channels[channel] {
      let wrong = expected.sorted { $0.key < $1.key }.compactMap { key, wanted -> String? in
        guard let parameter = values.first(where: { $0.key == key }), let value = parameter.value,
          !parameter.valueIsPlaceholder, value != wanted
        else { return nil }
        return "'\(key)=\(value)' in \(Self.name(channel)), where \(channel.rawValue) links carry '\(key)=\(wanted)'"
      }
      return wrong.isEmpty ? [] : [finding(link, wrong.joined(separator: "; "), in: context)]
    }
    guard let medium = link.attribution.values["utm_medium"],
      let named = Self.mediumChannels[medium.lowercased()], named != channel,
      channel == .email || channel == .sms
    else { return [] }
    return [finding(link, "'utm_medium=\(medium)' names \(Self.name(named)) in \(Self.name(channel))", in: context)]
  }

  private static func name(_ channel: Channel) -> String {
    switch channel {
    case .email: "an e-mail"
    case .sms: "an SMS"
    case .chat: "a chat message"
    case .web: "a web page"
    }
  }
}

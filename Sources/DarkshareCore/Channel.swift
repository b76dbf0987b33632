/// The kind of message a link was sent in, which decides the `utm_medium` it should carry.
public enum Channel: String, Sendable, Hashable, Codable, CaseIterable {
  case email, sms, chat, web
}

/// The one verdict every extracted link gets (SPEC §2).
public enum LinkStatus: String, Sendable, Hashable, Codable, CaseIterable {
  /// Every required campaign parameter is in the query, cased as analytics reads it, non-empty.
  case tracked
  /// Some campaign parameters, but a required one is missing, empty, unreadable or miscased.
  case partial
  /// No usable campaign attribution: none, only in the `#fragment`, or unreadable.
  case dark
  /// Attribution rests only on click or recipient ids that privacy features strip.
  case atRisk = "at-risk"
  /// The destination cannot be seen offline (opaque redirect, shortener, template URL).
  case unknown
  /// Not an outbound web link, or a service link (unsubscribe, view in browser, …).
  case excluded
}

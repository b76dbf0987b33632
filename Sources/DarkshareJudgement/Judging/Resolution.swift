/// What following a link's redirects found (`--resolve`): every hop, and why it stopped early.
public struct Resolution: Sendable, Hashable, Codable {
  /// The URLs visited, in order: the first is the URL resolved, the last the final destination.
  public var hops: [String]
  /// Why resolution stopped before a final destination (timeout, refused address, loop, …).
  public var error: String?

  public init(hops: [String], error: String? = nil) {
    self.hops = hops
    self.error = error
  }

  /// The final destination, when resolution reached one.
  public var final: String? { error == nil ? hops.last : nil }
}

import DarkshareCore

/// A short ASCII word, lower-cased and held inline: the key reference tables of words (path
/// segments, query keys) are looked up by, so a look-up allocates nothing and hashes four
/// words instead of a `String` lower-cased first.
///
/// ```swift
/// FoldedASCIIKey("Unsubscribe".utf8) == FoldedASCIIKey("unsubscribe")   // true
/// FoldedASCIIKey("désabonner".utf8)                                      // nil: not ASCII
/// ```
struct FoldedASCIIKey: Hashable, Sendable {
  /// The most bytes a key holds.
  static let capacity = 31

  private var a: UInt64 = 0
  private var b: UInt64 = 0
  private var c: UInt64 = 0
  private var d: UInt64 = 0

  /// `bytes` lower-cased; nil when they are not all ASCII or more than ``capacity``. A word
  /// that is neither cannot equal an ASCII key, but its Unicode lower-casing might (the Kelvin
  /// sign is `k`): callers compare such words the slow way.
  init?(_ bytes: some Collection<UInt8>) {
    guard bytes.count <= Self.capacity else { return nil }
    var index: UInt64 = 0
    for byte in bytes {
      guard byte < 0x80 else { return nil }
      let folded = UInt64(byte.asciiLowercased) << (8 * (index % 8))
      switch index / 8 {
      case 0: a |= folded
      case 1: b |= folded
      case 2: c |= folded
      default: d |= folded
      }
      index += 1
    }
    // The length, in the last byte (no key reaches it), keeps `a` apart from `a\0`.
    d |= UInt64(bytes.count) << 56
  }

  /// The key of a word of reference data (ASCII, at most ``capacity`` bytes).
  init(_ word: String) {
    guard let key = FoldedASCIIKey(word.utf8) else { preconditionFailure("not a short ASCII word: \(word)") }
    self = key
  }
}

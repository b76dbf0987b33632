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
    if let key = bytes.withContiguousStorageIfAvailable(Self.init(contiguous:)) {
      guard let key else { return nil }
      self = key
      return
    }
    guard bytes.count <= Self.capacity else { return nil }
    // Eight bytes gathered in a register, then stored in their word.
    var word: UInt64 = 0
    var shift: UInt64 = 0
    var words = 0
    for byte in bytes {
      guard byte < 0x80 else { return nil }
      word |= UInt64(byte.asciiLowercased) << shift
      shift += 8
      if shift == 64 {
        store(word, at: words)
        words += 1
        word = 0
        shift = 0
      }
    }
    if shift > 0 { store(word, at: words) }
    // The length, in the last byte (no key reaches it), keeps `a` apart from `a\0`.
    d |= UInt64(bytes.count) << 56
  }

  /// ``init(_:)`` of bytes in memory, eight at a time: copied into four zeroed words, checked
  /// for ASCII and lower-cased within each word (the bytes are ASCII, so no sum crosses into
  /// the next byte).
  private init?(contiguous bytes: UnsafeBufferPointer<UInt8>) {
    guard bytes.count <= Self.capacity else { return nil }
    var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    withUnsafeMutableBytes(of: &words) { $0.copyMemory(from: UnsafeRawBufferPointer(bytes)) }
    let highBits: UInt64 = 0x8080_8080_8080_8080
    guard (words.0 | words.1 | words.2 | words.3) & highBits == 0 else { return nil }
    a = Self.lowercased(UInt64(littleEndian: words.0))
    b = Self.lowercased(UInt64(littleEndian: words.1))
    c = Self.lowercased(UInt64(littleEndian: words.2))
    d = Self.lowercased(UInt64(littleEndian: words.3)) | UInt64(bytes.count) << 56
  }

  /// The ASCII bytes of `word` lower-cased: a byte at or above `A` gains the high bit from
  /// + 0x3F, one above `Z` from + 0x25; the bytes with the first and not the second gain 0x20.
  private static func lowercased(_ word: UInt64) -> UInt64 {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let capitals = (word &+ 0x3F &* ones) & ~(word &+ 0x25 &* ones) & 0x8080_8080_8080_8080
    return word | capitals >> 2
  }

  /// Puts `word`, bytes 8·`index` to 8·`index` + 7 of the key, in its place.
  private mutating func store(_ word: UInt64, at index: Int) {
    switch index {
    case 0: a = word
    case 1: b = word
    case 2: c = word
    default: d |= word
    }
  }

  /// The key of a word of reference data (ASCII, at most ``capacity`` bytes).
  init(_ word: String) {
    guard let key = FoldedASCIIKey(word.utf8) else { preconditionFailure("not a short ASCII word: \(word)") }
    self = key
  }
}

extension FoldedASCIIKey {
  /// The four words mixed into one, for ``FoldedASCIIKeyTable``'s slots: multiplied by odd
  /// constants and added, so every byte of the key moves the high bits the table reads.
  fileprivate var mixed: UInt64 {
    (a &* 0x9E37_79B9_7F4A_7C15) &+ (b &* 0xC2B2_AE3D_27D4_EB4F) &+ (c &* 0x1656_67B1_9E37_79F9)
      &+ (d &* 0x85EB_CA77_C2B2_AE63)
  }
}

/// Reference words and their values in an open-addressed table, built once: a look-up mixes
/// the key's four words with a few multiplications and compares keys, where a `Set` or
/// `Dictionary` runs SipHash over them (reference data is looked up for every path segment,
/// query key and anchor word of every link).
struct FoldedASCIIKeyTable<Value: Sendable>: Sendable {
  private let keys: [FoldedASCIIKey?]
  private let values: [Value?]
  private let shift: UInt64

  /// The table of `entries`; the first value of a key written twice is kept.
  init(_ entries: some Sequence<(FoldedASCIIKey, Value)>) {
    let entries = Array(entries)
    var bits: UInt64 = 3
    while (1 << bits) < 2 * entries.count { bits += 1 }  // at most half full
    shift = 64 - bits
    var keys = [FoldedASCIIKey?](repeating: nil, count: 1 << bits)
    var values = [Value?](repeating: nil, count: 1 << bits)
    for (key, value) in entries {
      var slot = Int(truncatingIfNeeded: key.mixed >> shift)
      while let taken = keys[slot], taken != key { slot = (slot + 1) & (keys.count - 1) }
      guard keys[slot] == nil else { continue }
      keys[slot] = key
      values[slot] = value
    }
    self.keys = keys
    self.values = values
  }

  /// The value of `key`, if the table holds it.
  subscript(key: FoldedASCIIKey) -> Value? {
    var slot = Int(truncatingIfNeeded: key.mixed >> shift)
    while let candidate = keys[slot] {
      if candidate == key { return values[slot] }
      slot = (slot + 1) & (keys.count - 1)
    }
    return nil
  }

  /// Whether the table holds `key`.
  func contains(_ key: FoldedASCIIKey) -> Bool { self[key] != nil }
}

extension FoldedASCIIKeyTable where Value == Bool {
  /// A set of reference words.
  init(words: some Sequence<String>) {
    self.init(words.map { (FoldedASCIIKey($0), true) })
  }
}

/// A set of ASCII bytes held as two 64-bit masks: whether a byte is in it is one shift and one
/// test, where a chain of comparisons (or a range of scalars) is a branch each.
struct ASCIIByteClass: Sendable, Equatable {
  private let low: UInt64
  private let high: UInt64

  /// The set whose bytes below 64 are the bits of `low`, the others those of `high`.
  init(low: UInt64, high: UInt64) {
    self.low = low
    self.high = high
  }

  /// The ASCII bytes `member` takes.
  init(_ member: (UInt8) -> Bool) {
    var low: UInt64 = 0
    var high: UInt64 = 0
    for byte in UInt8(0)..<0x80 where member(byte) {
      if byte < 64 { low |= 1 << UInt64(byte) } else { high |= 1 << UInt64(byte - 64) }
    }
    self.low = low
    self.high = high
  }

  /// Whether `byte` is in the set (never, for a byte above 0x7F).
  @inline(__always)
  func contains(_ byte: UInt8) -> Bool {
    byte < 64 ? (low >> UInt64(byte)) & 1 != 0 : byte < 128 && (high >> UInt64(byte - 64)) & 1 != 0
  }
}

/// A set of byte values held as a 256-entry table, for loops over every byte of a text: a byte is
/// tested with one load, where a test of several comparisons joined by `||` compiles to a chain
/// of branches (see `UnsafeBufferPointer.count(in:where:)` in ByteSearch.swift).
///
/// ```swift
/// let quotes = ByteSet { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'") }
/// Array("it's".utf8).withUnsafeBufferPointer { quotes.firstIndex(in: $0, from: 0) }   // 2
/// ```
public struct ByteSet: Sendable {
  /// 1 for a member, 0 for any other byte, at the byte's value.
  @usableFromInline let table: [UInt8]

  /// The bytes `isMember` is true for, asked once for each of the 256.
  public init(_ isMember: (UInt8) -> Bool) {
    table = (0...255).map { isMember(UInt8($0)) ? 1 : 0 }
  }

  /// How many of `bytes` are in the set.
  @inlinable
  public func count(in bytes: UnsafeBufferPointer<UInt8>) -> Int {
    table.withUnsafeBufferPointer { table in
      var total = 0
      for byte in bytes { total &+= Int(table[Int(byte)]) }
      return total
    }
  }

  /// The index of the first byte of `bytes` at or after `start` that is in the set; nil when
  /// there is none.
  @inlinable
  public func firstIndex(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
    table.withUnsafeBufferPointer { table in
      var index = Swift.max(start, 0)
      while index < bytes.count {
        if table[Int(bytes[index])] != 0 { return index }
        index += 1
      }
      return nil
    }
  }

  /// Whether any of `bytes` is in the set. Every byte is looked at (no branch per byte): the
  /// texts this is for are short, and nearly always hold none.
  @inlinable
  public func containsAny(of bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    table.withUnsafeBufferPointer { table in
      var found: UInt8 = 0
      for byte in bytes { found |= table[Int(byte)] }
      return found != 0
    }
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Byte-level search and digits, for the readers and URL code that work on UTF-8 bytes rather
/// than on `String` (which would go through Unicode or, in Foundation on Linux, UTF-16).
extension RandomAccessCollection where Element == UInt8, Index == Int {
  /// Whether `pattern` occurs at `index`.
  @inlinable
  public func hasBytes(_ pattern: [UInt8], at index: Int) -> Bool {
    guard index >= startIndex, index + pattern.count <= endIndex else { return false }
    for offset in 0..<pattern.count where self[index + offset] != pattern[offset] { return false }
    return true
  }

  /// The first index at or after `start` (and at most `limit` bytes past it) where `pattern`
  /// occurs; nil for an empty pattern.
  ///
  /// - Complexity: O(*n* · *m*) in the worst case; patterns here are a few bytes long.
  @inlinable
  public func firstIndex(ofBytes pattern: [UInt8], from start: Int? = nil, within limit: Int = .max) -> Int? {
    guard let first = pattern.first, count >= pattern.count else { return nil }
    var index = Swift.max(start ?? startIndex, startIndex)
    let (reach, overflow) = index.addingReportingOverflow(limit)
    let last = Swift.min(endIndex - pattern.count, overflow ? Int.max : reach)
    // Bytes in memory: the first byte found by memchr, the rest compared by memcmp.
    let inMemory = withContiguousStorageIfAvailable { buffer -> Int? in
      guard let base = buffer.baseAddress, index <= last else { return nil }
      var offset = index - startIndex
      let lastOffset = last - startIndex
      return pattern.withUnsafeBufferPointer { pattern in
        while offset <= lastOffset {
          guard let found = memchr(base + offset, Int32(first), lastOffset - offset + 1) else { return nil }
          offset = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
          if memcmp(base + offset, pattern.baseAddress!, pattern.count) == 0 { return startIndex + offset }
          offset += 1
        }
        return nil
      }
    }
    // nil only for bytes that are not in memory; found or not, bytes in memory are answered.
    if let inMemory { return inMemory }
    while index <= last {
      if self[index] == first, hasBytes(pattern, at: index) { return index }
      index += 1
    }
    return nil
  }
}

extension Array where Element == UInt8 {
  /// Whether the bytes hold `byte`: found with `memchr`, which reads many bytes a step, where
  /// `contains(_:)` compiles to a loop that tests one (a whole document's bytes are searched for NUL).
  @inlinable
  public func containsByte(_ byte: UInt8) -> Bool {
    withUnsafeBufferPointer { $0.firstIndex(of: byte, in: 0..<$0.count) != nil }
  }
}

extension UnsafeBufferPointer where Element == UInt8 {
  /// The index of the first `byte` in `range`, found with `memchr` (which reads many bytes a
  /// step); nil when there is none.
  @inlinable
  public func firstIndex(of byte: UInt8, in range: Range<Int>) -> Int? {
    guard !range.isEmpty, let base = baseAddress, let found = memchr(base + range.lowerBound, Int32(byte), range.count) else {
      return nil
    }
    return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
  }
}

extension UnsafeBufferPointer where Element == UInt8 {
  /// How many bytes of `range` satisfy `predicate` (one comparison: a line feed, a scalar's
  /// first byte). Walked with a pointer: the compiler vectorises this loop for such a test, and
  /// not a `for` over the indices or the buffer, whose checks on every step keep it from doing
  /// so. A test of several comparisons joined by `||` compiles to branches, and is not vectorised.
  @inlinable
  public func count(in range: Range<Int>, where predicate: (UInt8) -> Bool) -> Int {
    precondition(range.lowerBound >= 0 && range.upperBound <= count, "range out of the buffer")
    guard var pointer = baseAddress.map({ $0 + range.lowerBound }) else { return 0 }
    let end = pointer + range.count
    var found = 0
    while pointer < end {
      found &+= predicate(pointer.pointee) ? 1 : 0
      pointer += 1
    }
    return found
  }
}

extension Collection where Element == UInt8 {
  /// Whether every byte is ASCII (below 0x80): counted over the bytes in memory where the
  /// collection has them (a string's UTF-8, an array, a slice), a loop the compiler vectorises;
  /// walked otherwise.
  @inlinable
  public var isAllASCII: Bool {
    withContiguousStorageIfAvailable { $0.count(in: 0..<$0.count) { $0 >= 0x80 } == 0 } ?? allSatisfy { $0 < 0x80 }
  }
}

extension String {
  /// Whether a UTF-8 byte of the string satisfies `predicate`: over its bytes in memory where it
  /// has them (a native string), a loop the compiler unrolls, rather than the UTF-8 view's
  /// iterator, which checks the string's form at every byte.
  @inlinable
  public func containsUTF8Byte(where predicate: (UInt8) -> Bool) -> Bool {
    utf8.withContiguousStorageIfAvailable { $0.contains(where: predicate) } ?? utf8.contains(where: predicate)
  }

  /// Whether the string's UTF-8 holds one of `bytes` (a few rare bytes): one `memchr` each over
  /// its bytes in memory, which reads many bytes a step, where a test of every byte for any of
  /// them does not vectorise.
  @inlinable
  public func containsUTF8Byte(in bytes: [UInt8]) -> Bool {
    utf8.withContiguousStorageIfAvailable { buffer in
      bytes.contains { buffer.firstIndex(of: $0, in: 0..<buffer.count) != nil }
    } ?? utf8.contains(where: bytes.contains)
  }
}

extension UInt8 {
  /// The byte lower-cased if it is an ASCII capital, as is: the one case fold of byte-level
  /// comparisons that ignore ASCII case.
  @inlinable
  public var asciiLowercased: UInt8 { self >= 0x41 && self <= 0x5A ? self | 0x20 : self }

  /// The value of the byte as an ASCII hexadecimal digit (`0`–`9`, `A`–`F`, `a`–`f`), if it is one.
  @inlinable
  public var hexDigitValue: UInt8? {
    switch self {
    case 0x30...0x39: self - 0x30
    case 0x41...0x46: self - 0x41 + 10
    case 0x61...0x66: self - 0x61 + 10
    default: nil
    }
  }
}

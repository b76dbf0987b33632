import DarkshareCore

/// A text's UTF-8, read by Unicode scalar where a scalar matters: what the plain-text link
/// detector scans.
///
/// Positions are byte offsets, always at the start of a scalar. Everything that starts, ends or
/// splits a URL is ASCII, and in UTF-8 an ASCII byte never occurs inside another scalar, so most
/// tests look at one byte; a scalar is decoded only where its class matters (a letter of an
/// internationalised host, typographic punctuation that ends a URL). The text is read in place:
/// no copy, where an array of scalars took four bytes for each byte of a long line.
struct UTF8Text {
  let bytes: UnsafeBufferPointer<UInt8>

  /// Reads `bytes`, well-formed UTF-8 (a `String`'s).
  init(_ bytes: UnsafeBufferPointer<UInt8>) {
    self.bytes = bytes
  }

  var count: Int { bytes.count }

  /// The byte at `position`.
  @inline(__always)
  subscript(position: Int) -> UInt8 { bytes[position] }

  /// The scalar that starts at `position`.
  @inline(__always)
  func scalar(at position: Int) -> Unicode.Scalar {
    let lead = bytes[position]
    return lead < 0x80 ? Unicode.Scalar(lead) : decode(at: position)
  }

  /// The position of the scalar after the one at `position`.
  @inline(__always)
  func index(after position: Int) -> Int {
    let lead = bytes[position]
    return position + (lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4)
  }

  /// The position of the scalar that ends at `position` (its start), `position` > 0.
  @inline(__always)
  func index(before position: Int) -> Int {
    var start = position - 1
    while start > 0, bytes[start] & 0xC0 == 0x80 { start -= 1 }
    return start
  }

  /// The scalar that ends at `position`, `position` > 0.
  func scalar(before position: Int) -> Unicode.Scalar { scalar(at: index(before: position)) }

  /// Whether `prefix` (lower-case ASCII) starts at `position`, in any ASCII case.
  func hasPrefix(_ prefix: StaticString, at position: Int) -> Bool {
    guard position + prefix.utf8CodeUnitCount <= bytes.count else { return false }
    let expected = UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount)
    for (offset, byte) in expected.enumerated() where bytes[position + offset].asciiLowercased != byte { return false }
    return true
  }

  /// Whether `byte` occurs in `range`.
  func contains(_ byte: UInt8, in range: Range<Int>) -> Bool {
    bytes.firstIndex(of: byte, in: range) != nil
  }

  /// Whether a scalar in `range` satisfies `predicate`.
  func containsScalar(in range: Range<Int>, where predicate: (Unicode.Scalar) -> Bool) -> Bool {
    var position = range.lowerBound
    while position < range.upperBound {
      if predicate(scalar(at: position)) { return true }
      position = index(after: position)
    }
    return false
  }

  /// The text of `range`.
  func string(_ range: Range<Int>) -> String {
    String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
  }

  /// How many scalars start in `range`: a column's width.
  func scalarCount(in range: Range<Int>) -> Int {
    var count = 0
    for position in range where bytes[position] & 0xC0 != 0x80 { count += 1 }
    return count
  }

  private func decode(at position: Int) -> Unicode.Scalar {
    let lead = UInt32(bytes[position])
    func continuation(_ offset: Int) -> UInt32 { UInt32(bytes[position + offset] & 0x3F) }
    let value: UInt32
    if lead < 0xE0 {
      value = (lead & 0x1F) << 6 | continuation(1)
    } else if lead < 0xF0 {
      value = (lead & 0x0F) << 12 | continuation(1) << 6 | continuation(2)
    } else {
      value = (lead & 0x07) << 18 | continuation(1) << 12 | continuation(2) << 6 | continuation(3)
    }
    // Well-formed input always decodes; U+FFFD keeps a broken buffer from trapping.
    return Unicode.Scalar(value) ?? "\u{FFFD}"
  }
}

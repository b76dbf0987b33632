import DarkshareCore

/// Percent-decoding as browsers and analytics tools apply it to URL components.
public enum PercentDecoding {
  /// Decodes `%XX` escapes once (and `+` as a space when `plusAsSpace`), reading the result as
  /// UTF-8 with U+FFFD for invalid sequences. A `%` not followed by two hex digits stays as is.
  static func decode<Bytes: Collection<UInt8>>(_ bytes: Bytes, plusAsSpace: Bool) -> String {
    guard bytes.contains(where: { $0 == 0x25 || (plusAsSpace && $0 == 0x2B) }) else {
      return String(decoding: bytes, as: UTF8.self)
    }
    var output = [UInt8]()
    output.reserveCapacity(bytes.count)
    var index = bytes.startIndex
    while index != bytes.endIndex {
      let byte = bytes[index]
      if byte == 0x25 {
        let first = bytes.index(after: index)
        if first != bytes.endIndex, let high = bytes[first].hexDigitValue {
          let second = bytes.index(after: first)
          if second != bytes.endIndex, let low = bytes[second].hexDigitValue {
            output.append(high << 4 | low)
            index = bytes.index(after: second)
            continue
          }
        }
        output.append(byte)
      } else if plusAsSpace, byte == 0x2B {
        output.append(0x20)
      } else {
        output.append(byte)
      }
      index = bytes.index(after: index)
    }
    return String(decoding: output, as: UTF8.self)
  }

  /// Decodes the `%XX` escapes of `string` once (see the other overload).
  public static func decode(_ string: String, plusAsSpace: Bool = false) -> String {
    // Most text has nothing to decode: it is its own decoding, with no copy made.
    guard string.containsUTF8Byte(where: { $0 == 0x25 || (plusAsSpace && $0 == 0x2B) }) else { return string }
    return decode(Array(string.utf8), plusAsSpace: plusAsSpace)
  }
}

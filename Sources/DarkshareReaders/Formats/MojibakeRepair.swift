/// Undoes the mojibake of Facebook's and Instagram's "Download your information" JSON, which
/// writes each UTF-8 *byte* of a text as its own `\u00XX` escape: `"caf\u00c3\u00a9"` is
/// `cafÃ©` to a JSON parser, and `café` once the scalars are read back as bytes.
///
/// A string is repaired only when every scalar is below U+0100, at least one is U+0080 or
/// above, and those bytes are valid UTF-8; otherwise it is left as it is (a real `é` alone, or
/// text that is already right, is never mangled).
///
/// ```swift
/// MojibakeRepair.repaired("caf\u{C3}\u{A9} \u{F0}\u{9F}\u{98}\u{80}")   // "café 😀"
/// MojibakeRepair.repaired("café")                                       // nil: \u{E9} alone is no UTF-8
/// ```
enum MojibakeRepair {
  /// The string re-decoded as UTF-8, or nil when it is not mojibake.
  static func repaired(_ text: String) -> String? {
    var bytes = [UInt8]()
    var sawHigh = false
    for scalar in text.unicodeScalars {
      guard scalar.value < 0x100 else { return nil }
      if scalar.value >= 0x80 { sawHigh = true }
      bytes.append(UInt8(scalar.value))
    }
    guard sawHigh else { return nil }
    var iterator = bytes.makeIterator()
    var codec = UTF8()
    var scalars = String.UnicodeScalarView()
    while true {
      switch codec.decode(&iterator) {
      case .scalarValue(let scalar): scalars.append(scalar)
      case .emptyInput: return String(scalars)
      case .error: return nil
      }
    }
  }

  /// `text` repaired if it is mojibake, with the offset, in the scalars of the string as
  /// parsed, of each scalar of the result (one repaired scalar stands for as many parsed ones
  /// as its UTF-8 bytes).
  static func repairedWithOffsets(_ text: String) -> (scalars: [Unicode.Scalar], offsets: [Int]) {
    guard let repaired = repaired(text) else {
      let scalars = Array(text.unicodeScalars)
      return (scalars, Array(scalars.indices))
    }
    var scalars = [Unicode.Scalar]()
    var offsets = [Int]()
    var offset = 0
    for scalar in repaired.unicodeScalars {
      scalars.append(scalar)
      offsets.append(offset)
      offset += String(scalar).utf8.count
    }
    return (scalars, offsets)
  }
}

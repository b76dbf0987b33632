import DarkshareMarkup

/// Decodes a text file with no declared encoding, as the HTML reader decodes an undeclared
/// document: a byte-order mark wins (UTF-8, UTF-16); valid UTF-8 is UTF-8; otherwise the bytes
/// are windows-1252, the usual legacy 8-bit encoding, unless they are mostly UTF-8 with a few bad
/// bytes (more valid multi-byte sequences than invalid bytes), which stay UTF-8 with U+FFFD for
/// each bad one, so the rest of the text keeps its characters and columns.
public enum LegacyText {
  /// `bytes` as UTF-8 bytes (valid), without a byte-order mark.
  public static func utf8(_ bytes: [UInt8]) -> [UInt8] {
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return utf8(Array(bytes.dropFirst(3))) }
    if bytes.starts(with: [0xFF, 0xFE]) {
      return Transcoder.utf8(from: Array(bytes.dropFirst(2)), charset: "UTF-16LE") ?? Array(String(decoding: bytes, as: UTF8.self).utf8)
    }
    if bytes.starts(with: [0xFE, 0xFF]) {
      return Transcoder.utf8(from: Array(bytes.dropFirst(2)), charset: "UTF-16BE") ?? Array(String(decoding: bytes, as: UTF8.self).utf8)
    }
    if Transcoder.isValidUTF8(bytes) { return bytes }
    if isWindows1252(bytes) { return windows1252(bytes) }
    return Array(String(decoding: bytes, as: UTF8.self).utf8)
  }

  /// Whether `bytes` (no byte-order mark) are read as windows-1252: they are not valid UTF-8,
  /// and hold no more well-formed multi-byte UTF-8 sequences than bytes outside any.
  static func isWindows1252(_ bytes: [UInt8]) -> Bool {
    guard !Transcoder.isValidUTF8(bytes) else { return false }
    let (valid, invalid) = utf8Sequences(in: bytes)
    return valid <= invalid
  }

  /// `bytes` converted from windows-1252 (a byte is a character, so any chunk converts alone).
  static func windows1252(_ bytes: [UInt8]) -> [UInt8] {
    Transcoder.utf8(from: bytes, charset: "WINDOWS-1252") ?? Array(String(decoding: bytes, as: UTF8.self).utf8)
  }

  /// `bytes` decoded as described on the type.
  public static func string(_ bytes: [UInt8]) -> String {
    String(decoding: utf8(bytes), as: UTF8.self)
  }

  /// How many well-formed multi-byte UTF-8 sequences and how many bytes outside any are in
  /// `bytes` (overlong forms and surrogates are not checked: a count, not a validator).
  static func utf8Sequences(in bytes: [UInt8]) -> (valid: Int, invalid: Int) {
    var valid = 0
    var invalid = 0
    var index = 0
    while index < bytes.count {
      let lead = bytes[index]
      let length =
        switch lead {
        case 0x00..<0x80: 1
        case 0xC2..<0xE0: 2
        case 0xE0..<0xF0: 3
        case 0xF0..<0xF5: 4
        default: 0
        }
      if length == 1 {
        index += 1
        continue
      }
      if length > 1, index + length <= bytes.count, bytes[index + 1..<index + length].allSatisfy({ $0 & 0xC0 == 0x80 }) {
        valid += 1
        index += length
      } else {
        invalid += 1
        index += 1
      }
    }
    return (valid, invalid)
  }
}

extension LegacyText {
  /// How a text read in chunks is decoded, decided from all of it as ``utf8(_:)`` decides.
  enum Decoding: Sendable {
    /// Valid UTF-8, read as it is.
    case utf8
    /// Mostly UTF-8: each bad byte is U+FFFD.
    case utf8Repairing
    case windows1252
  }

  /// Reads a whole text a chunk at a time to decide its ``Decoding``: validity, and the count of
  /// good multi-byte sequences against bad bytes. A sequence cut by a chunk's end is completed
  /// with the next chunk, so the counts are those of the whole.
  struct Survey {
    private var carried: [UInt8] = []
    private var isValid = true
    private var valid = 0
    private var invalid = 0

    /// Looks at the next bytes (after any byte-order mark).
    mutating func feed(_ bytes: [UInt8]) {
      let joined = carried + bytes
      let cut = LegacyText.completeLength(of: joined)
      let complete = Array(joined[..<cut])
      if isValid { isValid = Transcoder.isValidUTF8(complete) }
      let counts = utf8Sequences(in: complete)
      valid += counts.valid
      invalid += counts.invalid
      carried = Array(joined[cut...])
    }

    /// The decoding of the whole text.
    mutating func finish() -> Decoding {
      if !carried.isEmpty {
        isValid = false
        let counts = utf8Sequences(in: carried)
        valid += counts.valid
        invalid += counts.invalid
        carried = []
      }
      if isValid { return .utf8 }
      return valid > invalid ? .utf8Repairing : .windows1252
    }
  }

  /// Decodes a text a chunk at a time with a decided ``Decoding``, giving valid UTF-8: what
  /// ``utf8(_:)`` gives for the whole, split where the chunks are.
  struct ChunkDecoder {
    let decoding: Decoding
    private var carried: [UInt8] = []

    init(_ decoding: Decoding) { self.decoding = decoding }

    /// The next chunk decoded; an unfinished sequence at its end waits for the next (or `isLast`).
    mutating func decode(_ bytes: [UInt8], isLast: Bool) -> [UInt8] {
      switch decoding {
      case .utf8:
        return bytes
      case .windows1252:
        return Transcoder.utf8(from: bytes, charset: "WINDOWS-1252") ?? Array(String(decoding: bytes, as: UTF8.self).utf8)
      case .utf8Repairing:
        let joined = carried + bytes
        let cut = isLast ? joined.count : LegacyText.completeLength(of: joined)
        carried = Array(joined[cut...])
        return Array(String(decoding: joined[..<cut], as: UTF8.self).utf8)
      }
    }
  }

  /// How many of `bytes` end with a complete UTF-8 sequence: the length without a trailing lead
  /// byte and the continuation bytes after it that do not yet make up its sequence.
  static func completeLength(of bytes: [UInt8]) -> Int {
    for back in 1...min(3, max(1, bytes.count)) where back <= bytes.count {
      let byte = bytes[bytes.count - back]
      guard byte & 0xC0 == 0x80 else {
        let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
        return length > back ? bytes.count - back : bytes.count
      }
    }
    return bytes.count
  }
}

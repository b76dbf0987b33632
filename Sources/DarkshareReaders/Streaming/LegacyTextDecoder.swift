import DarkshareMarkup

/// Decodes a text input the way ``LegacyText`` decodes a whole file, a chunk at a time, and
/// hands on UTF-8 bytes: a byte-order mark wins (UTF-8, dropped; UTF-16, transcoded with
/// ``UTF16Decoder``); otherwise the bytes are UTF-8 (U+FFFD for a bad byte) unless they are
/// legacy 8-bit text, read as windows-1252.
///
/// ``LegacyText`` decides between UTF-8 and windows-1252 on the whole file. A stream cannot
/// look at the whole input, so the decision waits for the first byte that is not ASCII (before
/// it, both encodings read the same) and is made on the `window` bytes from there: for an input
/// whose non-ASCII text starts less than `window` bytes before its end, or that is written in
/// one encoding throughout, the text is the same as ``LegacyText/utf8(_:)`` gives. Line breaks
/// stay line breaks, so line numbers are those of the file.
///
/// - Complexity: O(*n*) in the input's length; memory holds one chunk, or `window` bytes while
///   the encoding is decided.
final class LegacyTextDecoder: ByteSource {
  private enum Encoding {
    /// Only ASCII so far: nothing to decide yet.
    case undecided
    case utf8
    case windows1252
    case utf16(UTF16Decoder)
  }

  private let source: any ByteSource
  private let window: Int
  private var encoding: Encoding?
  /// Bytes read from the source, not yet decoded from `pendingOffset` on.
  private var pending = [UInt8]()
  private var pendingOffset = 0
  /// Bytes decoded and not yet handed out, from `readyOffset` on.
  private var ready = [UInt8]()
  private var readyOffset = 0
  private var isAtEnd = false

  /// - Parameter window: how many bytes from the first non-ASCII byte on decide between UTF-8
  ///   and windows-1252.
  init(_ source: any ByteSource, window: Int = 1 << 20) {
    self.source = source
    self.window = max(1, window)
  }

  func read(upTo count: Int) throws(ReaderError) -> [UInt8] {
    while readyOffset == ready.count {
      ready = try decodeMore(count)
      readyOffset = 0
      if ready.isEmpty { return [] }
    }
    let end = min(ready.count, readyOffset + max(1, count))
    defer { readyOffset = end }
    return Array(ready[readyOffset..<end])
  }

  /// The next decoded bytes; empty only at the end of the input.
  private func decodeMore(_ count: Int) throws(ReaderError) -> [UInt8] {
    if encoding == nil { try readByteOrderMark() }
    while true {
      if pendingOffset == pending.count {
        pending = []
        pendingOffset = 0
        if !isAtEnd { try readMore(count) }
      }
      if pending.isEmpty, isAtEnd {
        // What a UTF-16 stream carried (half a code unit, a lone high surrogate) is U+FFFD.
        guard case .utf16(var decoder) = encoding else { return [] }
        let rest = decoder.decode([], isLast: true)
        encoding = .utf16(decoder)
        return rest
      }
      let decoded = try decodePending(upTo: max(1, count))
      if !decoded.isEmpty { return decoded }
    }
  }

  private func readMore(_ count: Int) throws(ReaderError) {
    let chunk = try source.read(upTo: max(count, 1 << 16))
    if chunk.isEmpty { isAtEnd = true } else { pending += chunk }
  }

  /// Drops UTF-8 byte-order marks (``LegacyText`` drops any number of them) and notes a UTF-16 one.
  private func readByteOrderMark() throws(ReaderError) {
    while true {
      while pending.count < 3, !isAtEnd { try readMore(3) }
      if pending.starts(with: [0xEF, 0xBB, 0xBF]) {
        pending.removeFirst(3)
        continue
      }
      if let isBigEndian = UTF16Decoder.byteOrder(of: pending) {
        pending.removeFirst(2)
        encoding = .utf16(UTF16Decoder(isBigEndian: isBigEndian))
      } else {
        encoding = .undecided
      }
      return
    }
  }

  /// Decodes up to `count` bytes of what `pending` holds, keeping back the start of a UTF-8
  /// sequence cut by the chunk (it is decoded with the bytes after it).
  private func decodePending(upTo count: Int) throws(ReaderError) -> [UInt8] {
    // At least four bytes, so a whole UTF-8 sequence always fits.
    let end = min(pending.count, pendingOffset + max(count, 4))
    switch encoding {
    case .undecided, nil:
      guard let first = pending[pendingOffset..<end].firstIndex(where: { $0 >= 0x80 }) else {
        defer { pendingOffset = end }
        return Array(pending[pendingOffset..<end])
      }
      let ascii = Array(pending[pendingOffset..<first])
      pending.removeFirst(first)
      pendingOffset = 0
      while pending.count < window, !isAtEnd { try readMore(window - pending.count) }
      let sample = isAtEnd ? pending : Array(pending[..<Self.completeLength(of: pending[...])])
      encoding = LegacyText.isWindows1252(sample) ? .windows1252 : .utf8
      return ascii
    case .utf8:
      let whole = end == pending.count && isAtEnd ? end : pendingOffset + Self.completeLength(of: pending[pendingOffset..<end])
      guard whole > pendingOffset else {
        // Only the start of a sequence is left: it waits for the bytes after it.
        pending.removeFirst(pendingOffset)
        pendingOffset = 0
        if !isAtEnd { try readMore(count) }
        return []
      }
      let bytes = Array(pending[pendingOffset..<whole])
      pendingOffset = whole
      return Transcoder.isValidUTF8(bytes) ? bytes : Array(String(decoding: bytes, as: UTF8.self).utf8)
    case .windows1252:
      defer { pendingOffset = end }
      return LegacyText.windows1252(Array(pending[pendingOffset..<end]))
    case .utf16(var decoder):
      let bytes = decoder.decode(Array(pending[pendingOffset..<end]), isLast: false)
      encoding = .utf16(decoder)
      pendingOffset = end
      return bytes
    }
  }

  /// How many of `bytes` end with whole UTF-8 sequences: a multi-byte sequence started in the
  /// last three bytes and not finished is left out. A split before a byte that is no
  /// continuation byte decodes the same as the bytes together.
  static func completeLength(of bytes: ArraySlice<UInt8>) -> Int {
    var index = bytes.endIndex
    while index > bytes.startIndex, bytes.endIndex - index < 3 {
      index -= 1
      let byte = bytes[index]
      guard byte & 0xC0 == 0x80 else {
        let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
        return (index + length > bytes.endIndex ? index : bytes.endIndex) - bytes.startIndex
      }
    }
    return bytes.count
  }
}

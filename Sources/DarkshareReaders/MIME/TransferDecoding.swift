import DarkshareCore

/// Content-Transfer-Encoding decoders (RFC 2045 §6), lenient as mail clients are.
enum TransferDecoding {
  /// Decodes quoted-printable (§6.7): `=XX` is a byte (either hex case), `=` at the end of a
  /// line (optionally followed by spaces or tabs) is a soft line break and disappears, so a URL
  /// cut by one is whole again. An `=` that starts no valid sequence is kept literally.
  /// `underscoreIsSpace` is RFC 2047's `Q` variant.
  ///
  /// - Complexity: O(*n*).
  static func quotedPrintable(_ bytes: ArraySlice<UInt8>, underscoreIsSpace: Bool = false) -> [UInt8] {
    var output = [UInt8]()
    output.reserveCapacity(bytes.count)
    bytes.withUnsafeBufferPointer { input in
      let count = input.count
      var index = 0
      while index < count {
        // The run up to the next `=` (found by memchr) is the text as it is: copied in one go,
        // but for `_` in an encoded word.
        let equals = input.firstIndex(of: 0x3D, in: index..<count) ?? count
        let run = UnsafeBufferPointer(rebasing: input[index..<equals])
        if underscoreIsSpace {
          output.append(contentsOf: run.lazy.map { $0 == 0x5F ? 0x20 : $0 })
        } else {
          output.append(contentsOf: run)
        }
        index = equals
        guard index < count else { break }
        if index + 2 < count, let high = input[index + 1].hexDigitValue, let low = input[index + 2].hexDigitValue {
          output.append(high << 4 | low)
          index += 3
          continue
        }
        // Soft line break: "=" then optional blanks then a line end (or the end of the input).
        var cursor = index + 1
        while cursor < count, input[cursor] == 0x20 || input[cursor] == 0x09 { cursor += 1 }
        if cursor == count {
          index = cursor
        } else if input[cursor] == 0x0A {
          index = cursor + 1
        } else if input[cursor] == 0x0D {
          index = cursor + 1 < count && input[cursor + 1] == 0x0A ? cursor + 2 : cursor + 1
        } else {
          output.append(0x3D)
          index += 1
        }
      }
    }
    return output
  }

  /// Decodes base64 (§6.8), ignoring line breaks and any other non-alphabet characters; stops
  /// at the first `=` pad. Missing padding is tolerated; a dangling single character is dropped.
  ///
  /// - Complexity: O(*n*).
  static func base64(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
    var decoder = TransferDecoder(encoding: "base64")
    return decoder.decode(bytes, isLast: true)
  }

  static func base64Value(_ byte: UInt8) -> UInt8? {
    switch byte {
    case 0x41...0x5A: byte - 0x41
    case 0x61...0x7A: byte - 0x61 + 26
    case 0x30...0x39: byte - 0x30 + 52
    case 0x2B: 62
    case 0x2F: 63
    default: nil
    }
  }
}

/// A body's transfer encoding undone a chunk at a time, with the bytes ``TransferDecoding``
/// gives for the whole body, however it is cut.
struct TransferDecoder {
  private enum Kind {
    case identity
    /// Bytes after the last `=` whose meaning depends on what follows wait in `carried`.
    case quotedPrintable(carried: [UInt8])
    /// The bits not yet making a byte; `isDone` after the `=` pad.
    case base64(accumulator: UInt32, bits: Int, isDone: Bool)
  }

  private var kind: Kind

  /// A decoder for `encoding`, a lower-case `Content-Transfer-Encoding` token (unknown ones
  /// are identity, as ``MIMEEntity/decodedBody`` reads them).
  init(encoding: String) {
    switch encoding {
    case "quoted-printable": kind = .quotedPrintable(carried: [])
    case "base64": kind = .base64(accumulator: 0, bits: 0, isDone: false)
    default: kind = .identity
    }
  }

  /// The decoded bytes of the next `bytes` of the body; `isLast` ends it.
  mutating func decode(_ bytes: ArraySlice<UInt8>, isLast: Bool) -> [UInt8] {
    switch kind {
    case .identity:
      return Array(bytes)
    case .quotedPrintable(let carried):
      // Most chunks carry nothing over: decoded where they are, not copied behind an empty array.
      let data = carried.isEmpty ? bytes : ArraySlice(carried + bytes)
      let cut = isLast ? data.endIndex : Self.quotedPrintableCut(data)
      kind = .quotedPrintable(carried: Array(data[cut...]))
      return TransferDecoding.quotedPrintable(data[..<cut])
    case .base64(var accumulator, var bits, var isDone):
      guard !isDone else { return [] }
      // Fewer than 8 bits carry over, so n characters give at most 3n/4 + 1 bytes.
      let output = [UInt8](unsafeUninitializedCapacity: bytes.count * 3 / 4 + 2) { buffer, count in
        count = 0
        bytes.withUnsafeBufferPointer { input in
          Self.base64Values.withUnsafeBufferPointer { table in
            var index = 0
            while index < input.count {
              // Four characters of the alphabet on a byte boundary (nearly all of a body, whose
              // lines are whole quads) are three bytes, told without the bit count.
              if bits == 0, index + 4 <= input.count {
                let first = table[Int(input[index])], second = table[Int(input[index + 1])]
                let third = table[Int(input[index + 2])], fourth = table[Int(input[index + 3])]
                if first | second | third | fourth < 64 {
                  buffer[count] = first << 2 | second >> 4
                  buffer[count + 1] = second << 4 | third >> 2
                  buffer[count + 2] = third << 6 | fourth
                  count += 3
                  index += 4
                  continue
                }
              }
              let value = table[Int(input[index])]
              index += 1
              guard value < 64 else {
                if value == Self.base64Pad {
                  isDone = true
                  break
                }
                continue  // a line break, or a byte base64 has not
              }
              accumulator = accumulator << 6 | UInt32(value)
              bits += 6
              if bits >= 8 {
                bits -= 8
                buffer[count] = UInt8(truncatingIfNeeded: accumulator >> UInt32(bits))
                count += 1
                accumulator &= (1 << UInt32(bits)) - 1
              }
            }
          }
        }
      }
      kind = .base64(accumulator: accumulator, bits: bits, isDone: isDone)
      return output
    }
  }

  /// Each byte's base64 value (``TransferDecoding/base64Value(_:)``); ``base64Pad`` for `=`,
  /// 0xFF for bytes base64 skips.
  private static let base64Values: [UInt8] = (0...255).map { byte in
    byte == 0x3D ? base64Pad : TransferDecoding.base64Value(UInt8(byte)) ?? 0xFF
  }
  private static let base64Pad: UInt8 = 0xFE

  /// How much of `data` decodes now as it would with more bytes after it: up to the first `=`
  /// whose reading (a hex pair, or blanks then a line break) reaches the end of `data`.
  private static func quotedPrintableCut(_ data: ArraySlice<UInt8>) -> Int {
    var cut = data.endIndex
    while let equals = data[..<cut].lastIndex(of: 0x3D) {
      var cursor = equals + 1
      while cursor < cut, data[cursor] == 0x20 || data[cursor] == 0x09 { cursor += 1 }
      let reachesTheEnd = equals + 2 >= cut || cursor == cut || (data[cursor] == 0x0D && cursor + 1 == cut)
      guard reachesTheEnd else { break }
      cut = equals
    }
    return cut
  }
}

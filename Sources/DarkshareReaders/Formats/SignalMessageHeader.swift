/// The header that starts a message in a Signal Desktop export's `chat.md`, as
/// carderne/signal-export (`sigexport`) writes it: `[2021-08-15 12:34:56] Alice: text`.
///
/// Older `sigexport` versions, and the sample chat-miner reads, write the minute without seconds
/// and with a comma: `[2019-12-24, 12:23] Jane Doe: Hello`. Both are read. The date is a local
/// time without a zone, so it is kept as written. The sender is the text up to the first `:`
/// (Signal names rarely hold one; a name that does is cut there).
///
/// WhatsApp's iOS layout (`[15/08/2021, 12:34:56] Name:`) puts the day first and never matches;
/// a WhatsApp export in a locale that writes ISO dates would, which is why a Signal export is
/// also recognised by its name (``SignalExportReader/accepts(path:head:)``).
struct SignalMessageHeader: Equatable {
  /// The date and time between the brackets, as written (`2021-08-15 12:34:56`).
  var date: String
  /// The sender's name as the export wrote it (`Me` for the exporting user).
  var from: String
  /// The index in the line where the message text starts (after `: `).
  var bodyStart: Int

  /// The header at the start of `line` (one line, without its line end), or nil when the line
  /// continues a message.
  /// - Complexity: O(*k*), where *k* is the length of the header and sender, not of the line.
  static func parse(_ line: ArraySlice<UInt8>) -> SignalMessageHeader? {
    var i = line.startIndex
    let end = line.endIndex
    func take(_ byte: UInt8) -> Bool {
      guard i < end, line[i] == byte else { return false }
      i += 1
      return true
    }
    func number(digits: Int, in range: ClosedRange<Int>) -> Bool {
      guard end - i >= digits else { return false }
      var value = 0
      for _ in 0..<digits {
        let byte = line[i]
        guard byte >= 0x30, byte <= 0x39 else { return false }
        value = value * 10 + Int(byte - 0x30)
        i += 1
      }
      return range.contains(value)
    }
    guard take(UInt8(ascii: "[")) else { return nil }
    let dateStart = i
    guard number(digits: 4, in: 1970...9999), take(UInt8(ascii: "-")), number(digits: 2, in: 1...12),
      take(UInt8(ascii: "-")), number(digits: 2, in: 1...31)
    else { return nil }
    _ = take(UInt8(ascii: ","))
    guard take(UInt8(ascii: " ")), number(digits: 2, in: 0...23), take(UInt8(ascii: ":")), number(digits: 2, in: 0...59)
    else { return nil }
    if take(UInt8(ascii: ":")) {
      guard number(digits: 2, in: 0...60) else { return nil }
    }
    let dateEnd = i
    guard take(UInt8(ascii: "]")), take(UInt8(ascii: " ")) else { return nil }
    let nameStart = i
    guard let colon = line[nameStart...].firstIndex(of: UInt8(ascii: ":")), colon > nameStart,
      line[nameStart] != UInt8(ascii: " ")
    else { return nil }
    var bodyStart = colon + 1
    if bodyStart < end, line[bodyStart] == UInt8(ascii: " ") { bodyStart += 1 }
    return SignalMessageHeader(
      date: String(decoding: line[dateStart..<dateEnd], as: UTF8.self),
      from: String(decoding: line[nameStart..<colon], as: UTF8.self),
      bodyStart: bodyStart)
  }
}

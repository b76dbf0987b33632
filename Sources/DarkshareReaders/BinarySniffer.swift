import DarkshareCore

/// Tells a text document from binary data before a text reader parses it.
///
/// Binary is decided from the bytes text never has: a known file signature (zip, gzip, PDF,
/// PNG, JPEG, GIF), or NUL and control bytes making up more than 5 % of the first 8 KiB (and
/// more than 2 of them), unless the document starts with a UTF-16 byte-order mark (UTF-16 text is
/// full of NULs). Invalid UTF-8 is no sign of binary data: legacy 8-bit text (Latin-1 French
/// or German) is decoded as windows-1252 by ``LegacyText``. A stray NUL byte, which browsers and
/// mail clients render around, does not make a document unreadable.
public enum BinarySniffer {
  /// How many bytes are looked at.
  public static let sniffedBytes = 8192

  /// Why `bytes` is not a text document (`expected` names the document the reader wanted), or
  /// nil when it looks like one. Only the first ``sniffedBytes`` are looked at, so `bytes` may
  /// be the head of an input not yet read.
  public static func problem<Bytes: Collection>(in bytes: Bytes, expected: String = "an HTML document") -> String?
  where Bytes.Element == UInt8 {
    if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) { return nil }
    if let what = known.first(where: { bytes.starts(with: $0.0) })?.1 {
      return "not \(expected): the file is \(what)"
    }
    let sniffed = bytes.prefix(sniffedBytes)
    // Bytes in memory (nearly always) are counted with a pointer, without the checks of a
    // collection's iteration.
    let (count, suspicious) =
      sniffed.withContiguousStorageIfAvailable { ($0.count, suspiciousBytes.count(in: $0)) }
      ?? (sniffed.count, sniffed.reduce(0) { $0 + (isSuspicious($1) ? 1 : 0) })
    guard suspicious > 2, suspicious * 20 > count else { return nil }
    return "not \(expected): the file is binary data (NUL and control bytes where text has none)"
  }

  private static let known: [([UInt8], String)] = [
    ([0x50, 0x4B, 0x03, 0x04], "a zip archive"), ([0x1F, 0x8B], "gzip data"),
    ([0x25, 0x50, 0x44, 0x46, 0x2D], "a PDF document"), ([0x89, 0x50, 0x4E, 0x47], "a PNG image"),
    ([0xFF, 0xD8, 0xFF], "a JPEG image"), ([0x47, 0x49, 0x46, 0x38], "a GIF image"),
  ]

  /// ``isSuspicious(_:)`` as a table, for the bytes in memory.
  private static let suspiciousBytes = ByteSet(isSuspicious)

  /// NUL and the C0 controls text does not use (tab, line feed, form feed, carriage return and
  /// escape are text), and DEL.
  static func isSuspicious(_ byte: UInt8) -> Bool {
    switch byte {
    case 0x09, 0x0A, 0x0C, 0x0D, 0x1B: false
    case 0x00..<0x20, 0x7F: true
    default: false
    }
  }
}

/// Tells a text document from binary data before a text reader parses it.
enum BinarySniffer {
  /// Why `bytes` is not a text document (`expected` names the document the reader wanted), or
  /// nil when it looks like one.
  ///
  /// A NUL byte in the first 8 KiB marks binary data, unless the document starts with a UTF-16
  /// byte-order mark (UTF-16 text is full of NULs).
  static func problem(in bytes: [UInt8], expected: String = "an HTML document") -> String? {
    if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) { return nil }
    let head = bytes.prefix(8192)
    guard head.contains(0) else { return nil }
    let known: [([UInt8], String)] = [
      ([0x50, 0x4B, 0x03, 0x04], "a zip archive"), ([0x1F, 0x8B], "gzip data"),
      ([0x25, 0x50, 0x44, 0x46], "a PDF document"), ([0x89, 0x50, 0x4E, 0x47], "a PNG image"),
      ([0xFF, 0xD8, 0xFF], "a JPEG image"),
    ]
    let what = known.first { bytes.starts(with: $0.0) }?.1 ?? "binary data"
    return "not \(expected): the file is \(what)"
  }
}

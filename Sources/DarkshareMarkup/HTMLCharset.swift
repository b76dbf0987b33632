import DarkshareCore

/// Finds an HTML document's character encoding and decodes it to UTF-8.
///
/// The order follows what browsers do for a file without HTTP headers: a byte-order mark wins,
/// then a `<meta charset>` or `<meta http-equiv="Content-Type">` in the first 4 KiB. A document
/// that declares nothing (or UTF-8) but is not valid UTF-8 is read as windows-1252, the most
/// common legacy newsletter encoding. As in the WHATWG Encoding Standard, `iso-8859-1` and
/// `us-ascii` labels are read as windows-1252. Other labels go through iconv.
enum HTMLCharset {
  /// The decoded document.
  struct Decoded {
    /// The document as UTF-8, without a byte-order mark.
    var utf8: [UInt8]
    /// The encoding the bytes were read as, lower-case (`utf-8`, `windows-1252`, …).
    var encoding: String
  }

  /// Decodes `bytes` to UTF-8, choosing the encoding as described on the type.
  static func decode(_ bytes: [UInt8]) -> Decoded {
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
      return Decoded(utf8: Array(bytes.dropFirst(3)), encoding: "utf-8")
    }
    if bytes.starts(with: [0xFF, 0xFE]) {
      return transcode(Array(bytes.dropFirst(2)), from: "UTF-16LE", name: "utf-16le")
    }
    if bytes.starts(with: [0xFE, 0xFF]) {
      return transcode(Array(bytes.dropFirst(2)), from: "UTF-16BE", name: "utf-16be")
    }
    let declared = declaredEncoding(in: bytes).map(canonicalLabel)
    switch declared {
    case nil, "utf-8":
      if Transcoder.isValidUTF8(bytes) { return Decoded(utf8: bytes, encoding: "utf-8") }
      return transcode(bytes, from: "WINDOWS-1252", name: "windows-1252")
    case let label?:
      return transcode(bytes, from: label.uppercased(), name: label)
    }
  }

  /// The charset label a `<meta>` element declares in the first 4 KiB, if any.
  static func declaredEncoding(in bytes: [UInt8]) -> String? {
    let head = Array(bytes.prefix(4096)).map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
    let meta = Array("<meta".utf8)
    let charset = Array("charset".utf8)
    var index = 0
    while let metaStart = head.firstIndex(ofBytes: meta, from: index) {
      let tagEnd = head[metaStart...].firstIndex(of: UInt8(ascii: ">")) ?? head.endIndex
      let tag = Array(head[metaStart..<tagEnd])
      if let found = tag.firstIndex(ofBytes: charset) {
        var cursor = found + charset.count
        let skippable: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: "="), 0x22, 0x27]
        while cursor < tag.count, skippable.contains(tag[cursor]) { cursor += 1 }
        var label = [UInt8]()
        while cursor < tag.count, isLabelByte(tag[cursor]) {
          label.append(tag[cursor])
          cursor += 1
        }
        if !label.isEmpty { return String(decoding: label, as: UTF8.self) }
      }
      index = tagEnd
    }
    return nil
  }

  private static func isLabelByte(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
      UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: ":"):
      return true
    default:
      return false
    }
  }

  /// Maps the labels browsers treat as aliases onto one name.
  /// ``Transcoder/canonicalLabel(_:)``, with WHATWG's reading of a `<meta>` label: `us-ascii` is
  /// windows-1252, and a UTF-16 label is UTF-8 (a `<meta>` that could be read as ASCII is not in
  /// UTF-16; only a byte-order mark says UTF-16, HTML Standard §13.2.3.2 "prescan"). UTF-7 is no
  /// encoding of the Encoding Standard (browsers stopped decoding it: it hid scripts from
  /// filters), so a page declaring it is read as windows-1252, as an unknown label is.
  static func canonicalLabel(_ label: String) -> String {
    let canonical = Transcoder.canonicalLabel(label)
    if utf16Labels.contains(canonical) { return "utf-8" }
    return canonical == "us-ascii" || canonical.hasPrefix("utf-7") ? "windows-1252" : canonical
  }

  /// WHATWG's labels of UTF-16LE and UTF-16BE (Encoding Standard §4.2), lower-case.
  private static let utf16Labels: Set<String> = [
    "utf-16", "utf-16le", "utf-16be", "unicode", "unicodefeff", "unicodefffe", "ucs-2", "csunicode", "iso-10646-ucs-2",
  ]

  /// Converts `bytes` from the iconv encoding `source` to UTF-8. Bytes iconv cannot convert
  /// become U+FFFD; an encoding iconv does not know falls back to windows-1252.
  private static func transcode(_ bytes: [UInt8], from source: String, name: String) -> Decoded {
    if let utf8 = Transcoder.utf8(from: bytes, charset: source) { return Decoded(utf8: utf8, encoding: name) }
    return name == "windows-1252"
      ? Decoded(utf8: bytes, encoding: "utf-8")
      : transcode(bytes, from: "WINDOWS-1252", name: "windows-1252")
  }
}

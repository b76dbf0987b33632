import DarkshareMarkup

/// Turns mail bytes into text: declared charsets through iconv, undeclared bytes as UTF-8 when
/// valid and windows-1252 otherwise (what mail clients effectively do).
enum MIMEText {
  /// `bytes` as text in the charset `label` (a MIME `charset=` value); nil or an unknown label
  /// reads them as UTF-8 if valid, else windows-1252. Never fails.
  static func string<Bytes: Collection>(_ bytes: Bytes, charset label: String? = nil) -> String
  where Bytes.Element == UInt8 {
    String(decoding: utf8(Array(bytes), charset: label), as: UTF8.self)
  }

  /// `bytes` converted to UTF-8 as described on ``string(_:charset:)``.
  static func utf8(_ bytes: [UInt8], charset label: String?) -> [UInt8] {
    if let label = label.map(canonical), label != "utf-8", label != "us-ascii" {
      if let converted = Transcoder.utf8(from: bytes, charset: label.uppercased()) { return converted }
    }
    if Transcoder.isValidUTF8(bytes) { return bytes }
    return Transcoder.utf8(from: bytes, charset: "WINDOWS-1252") ?? bytes
  }

  /// Maps MIME charset labels onto the names iconv knows, with the WHATWG aliases mail clients
  /// follow (`iso-8859-1` and `us-ascii` read as windows-1252; `gb2312` as GBK;
  /// `ks_c_5601-1987` as CP949).
  static func canonical(_ label: String) -> String {
    let lowered = label.trimmingMailWhitespace().lowercased().trimmingCharacters(in: "\"'")
    switch lowered {
    case "utf8", "utf-8", "unicode-1-1-utf-8": return "utf-8"
    case "us-ascii", "ascii", "ansi_x3.4-1968": return "us-ascii"
    case "iso-8859-1", "iso8859-1", "latin1", "l1", "cp1252", "windows-1252", "x-cp1252": return "windows-1252"
    case "gb2312", "x-gbk", "gbk": return "gbk"
    case "ks_c_5601-1987", "ks_c_5601", "euc-kr": return "cp949"
    case "iso-8859-8-i": return "iso-8859-8"
    case "x-mac-cyrillic": return "maccyrillic"
    default: return lowered
    }
  }
}

extension String {
  fileprivate func trimmingCharacters(in set: String) -> String {
    var result = Substring(self)
    while let first = result.first, set.contains(first) { result = result.dropFirst() }
    while let last = result.last, set.contains(last) { result = result.dropLast() }
    return String(result)
  }
}

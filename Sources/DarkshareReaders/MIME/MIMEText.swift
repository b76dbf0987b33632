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

  /// A MIME `charset=` value (quotes and folding whitespace removed) as the name iconv knows.
  static func canonical(_ label: String) -> String {
    Transcoder.canonicalLabel(label.trimmingMailWhitespace().trimmingCharacters(in: "\"'"))
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

import DarkshareCore

/// A template placeholder inside a URL (`*|UNSUB|*`, `{{ product.url }}`, `%%view_email_url%%`).
public struct MergeTag: Sendable, Hashable {
  /// UTF-8 byte range of the whole tag, delimiters included, in the scanned string.
  public var range: Range<Int>
  /// The text between the delimiters, trimmed (`UNSUB`, `product.url`).
  public var name: String
}

/// Finds the merge tags and template expressions of the major ESPs in a URL.
///
/// Syntaxes (shared/reference/wrappers.md §D, with the vendors' documentation cited there):
/// Mailchimp `*|TAG|*`; Liquid, Handlebars, Jinja, HubL, Klaviyo, Brevo, Marketo, Iterable
/// `{{ … }}`, `{{{ … }}}` and `{% … %}`; Salesforce AMPscript and Lyris `%%…%%`; SendGrid and
/// Adobe Campaign `<%…%>`; Constant Contact `[[…]]`; MailerLite `{$…}`; Braze `${…}`; Marketo
/// `##…##`; Eloqua `~~eloqua…~~`; ActiveCampaign and Mailgun `%NAME%`; Campaign Monitor,
/// SendGrid Marketing Campaigns and MailWizz bracket tags `[unsubscribe]` (only as a whole URL);
/// and the percent-encoded forms editors save (`%7B%7B…%7D%7D`, `%2A%7C…%7C%2A`).
public enum MergeTagScanner {
  private static let pairs: [(open: [UInt8], close: [UInt8])] = [
    ("*|", "|*"), ("{{", "}}"), ("{%", "%}"), ("%%", "%%"), ("<%", "%>"), ("[[", "]]"),
    ("{$", "}"), ("${", "}"), ("##", "##"), ("~~eloqua", "~~"), ("%7B%7B", "%7D%7D"),
    ("%7b%7b", "%7d%7d"), ("%2A%7C", "%7C%2A"), ("%2a%7c", "%7c%2a"),
  ].map { (Array($0.0.utf8), Array($0.1.utf8)) }

  /// The longest tag looked for, in bytes; keeps a hostile URL full of unclosed `{{` linear.
  static let maximumTagLength = 512

  /// The merge tags in `bytes`, left to right, not overlapping.
  public static func tags(in bytes: [UInt8]) -> [MergeTag] {
    var tags = [MergeTag]()
    var index = 0
    // Most bytes of a URL open no tag: passed over with a table load each, without a call.
    let openers = openerBytes
    bytes.withUnsafeBufferPointer { buffer in
      while let start = openers.firstIndex(in: buffer, from: index) {
        guard let tag = tag(at: start, in: bytes) else {
          index = start + 1
          continue
        }
        tags.append(tag)
        index = tag.range.upperBound
      }
    }
    if tags.isEmpty, let whole = bracketTag(bytes) { tags.append(whole) }
    return tags
  }

  /// The bytes a tag can start with, the first of a pair's opener: `*`, `{`, `%`, `<`, `[`,
  /// `$`, `#` or `~`.
  private static let openerBytes = ByteSet { byte in pairs.contains { $0.open[0] == byte } }

  /// ``pairs`` by the byte they open with, each group in ``pairs``' order (the first that
  /// matches wins): a `%` of a percent-encoded URL, the commonest opener, is compared with the
  /// five pairs that start with `%`, not with all fourteen.
  private static let pairsByOpener: [UInt8: [(open: [UInt8], close: [UInt8])]] = Dictionary(
    grouping: pairs, by: { $0.open[0] })
  private static let percentPairs = pairsByOpener[0x25] ?? []

  /// The tag that starts at `index` (a byte of ``openerBytes``), if one does.
  private static func tag(at index: Int, in bytes: [UInt8]) -> MergeTag? {
    let byte = bytes[index]
    if byte == 0x25, index + 1 < bytes.count, !canFollowPercent(bytes[index + 1]) { return nil }
    for pair in (byte == 0x25 ? percentPairs : pairsByOpener[byte] ?? []) where bytes.hasBytes(pair.open, at: index) {
      let contentStart = index + pair.open.count
      guard let close = bytes.firstIndex(ofBytes: pair.close, from: contentStart, within: maximumTagLength),
        close > contentStart
      else { continue }
      var end = close + pair.close.count
      while pair.close.last == 0x7D, end < bytes.count, bytes[end] == 0x7D { end += 1 }  // {{{ … }}}
      return MergeTag(range: index..<end, name: trimmedName(bytes[contentStart..<close]))
    }
    if byte == 0x25 { return percentTag(at: index, in: bytes) }
    return nil
  }

  /// Whether a tag can start with `%` and then `byte`: `%%`, `%7B%7B`, `%2A%7C` (either case)
  /// or a ``percentTag(at:in:)``, whose name starts with a letter. A percent-encoded byte
  /// (`%3A`, `%2F`) is mostly a digit and then anything else.
  @inline(__always)
  private static func canFollowPercent(_ byte: UInt8) -> Bool {
    isLetter(byte) || byte == 0x25 || byte == UInt8(ascii: "7") || byte == UInt8(ascii: "2")
  }

  /// ActiveCampaign / Mailgun `%UNSUBSCRIBELINK%`, `%recipient.name%`, told apart from
  /// percent-encoding: at least three name characters, and not two hex digits first unless
  /// the name is all capital letters (`%ADDRESS%`).
  private static func percentTag(at index: Int, in bytes: [UInt8]) -> MergeTag? {
    // The name starts with a letter: anything else is not one, told before its bytes are walked.
    guard index + 1 < bytes.count, isLetter(bytes[index + 1]) else { return nil }
    var end = index + 1
    while end < bytes.count, end - index < maximumTagLength, isNameByte(bytes[end]) { end += 1 }
    guard end < bytes.count, bytes[end] == 0x25 else { return nil }
    let name = bytes[(index + 1)..<end]
    guard name.count >= 3, let first = name.first, isLetter(first) else { return nil }
    let startsLikeEscape = isHex(name[name.startIndex]) && isHex(name[name.startIndex + 1])
    let allCaps = name.allSatisfy { ($0 >= 0x41 && $0 <= 0x5A) || $0 == 0x5F }
    guard !startsLikeEscape || allCaps else { return nil }
    return MergeTag(range: index..<(end + 1), name: String(decoding: name, as: UTF8.self))
  }

  /// `[unsubscribe]`, `[*link.unsub_url*]`: bracket tags, recognised only as a whole URL.
  private static func bracketTag(_ bytes: [UInt8]) -> MergeTag? {
    guard bytes.count > 2, bytes.first == 0x5B, bytes.last == 0x5D else { return nil }
    let inner = bytes[1..<(bytes.count - 1)]
    guard inner.allSatisfy({ isNameByte($0) || $0 == 0x2A || $0 == 0x20 || $0 == 0x2C || $0 == 0x3D })
    else { return nil }
    return MergeTag(range: 0..<bytes.count, name: trimmedName(inner))
  }

  /// The text between a tag's delimiters without the white space and delimiter characters
  /// around it (`{{{ name }}}` → `name`); an ASCII name, nearly every one, trimmed on its bytes.
  static func trimmedName(_ bytes: ArraySlice<UInt8>) -> String {
    guard bytes.isAllASCII else {
      return String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: nameDelimiters)
    }
    // ASCII white space (what `Character.isWhitespace` is in ASCII) and the delimiters.
    func isTrimmed(_ byte: UInt8) -> Bool {
      (byte >= 0x09 && byte <= 0x0D) || byte == 0x20 || nameDelimiters.utf8.contains(byte)
    }
    var start = bytes.startIndex
    var end = bytes.endIndex
    while start < end, isTrimmed(bytes[start]) { start += 1 }
    while end > start, isTrimmed(bytes[end - 1]) { end -= 1 }
    return String(decoding: bytes[start..<end], as: UTF8.self)
  }

  /// The characters trimmed from both ends of a tag's name, with white space.
  private static let nameDelimiters = " *{}$%="

  private static func isNameByte(_ byte: UInt8) -> Bool {
    isLetter(byte) || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F || byte == 0x2E || byte == 0x2D
  }

  private static func isLetter(_ byte: UInt8) -> Bool {
    (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
  }

  private static func isHex(_ byte: UInt8) -> Bool {
    (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66)
  }
}

extension String {
  /// The string without leading and trailing characters from `set`.
  func trimmingCharacters(in set: String) -> String {
    let unwanted = Set(set)
    let trimmed = drop { $0.isWhitespace || unwanted.contains($0) }
    return String(trimmed.reversed().drop { $0.isWhitespace || unwanted.contains($0) }.reversed())
  }
}

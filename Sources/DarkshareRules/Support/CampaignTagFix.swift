import DarkshareCore
import DarkshareJudgement

/// The smallest edit of a template link's URL that gives it complete campaign attribution:
/// what `darkshare fix` writes.
///
/// Only what attribution needs changes: a missing required key is appended to the query
/// (before any `#fragment`), a miscased key (`UTM_Source`) takes the required case, an empty
/// value gets the suggested one, and campaign keys found in the fragment move into the query.
/// Every other byte of the URL, merge tags and the order, spelling and encoding of the other
/// parameters included, stays as written. The values are the ones the findings suggest
/// (``RuleContext/value(for:on:text:)``), so a suggestion and a fix never disagree.
///
/// ```text
/// https://shop.example/sale?UTM_Source=nl&utm_medium=#top
/// → https://shop.example/sale?utm_source=nl&utm_medium=email&utm_campaign=spring#top
/// ```
public enum CampaignTagFix {
  /// One replacement of the URL as written: `range` is a UTF-8 byte range of ``Link/url``.
  public struct Edit: Sendable, Hashable {
    public var range: Range<Int>
    public var replacement: String
  }

  /// What can be done for one link.
  public enum Outcome: Sendable, Hashable {
    /// The edits (in order, not overlapping) and the URL they give.
    case fixed(edits: [Edit], url: String)
    /// The link needs a fix that `fix` does not make, and why.
    case notFixable(reason: String)
  }

  /// The fix for `link`, or nil when the link needs none (it is not a `dark` or `partial` link
  /// of the own domains that `audit` reports).
  ///
  /// - Parameter text: the anchor text to use for `{text}` (a VML button's HTML twin's).
  public static func outcome(for link: JudgedLink, in context: RuleContext, text: String? = nil) -> Outcome? {
    guard !link.link.isSuppressed, link.isOwnDomain else { return nil }
    if link.status == .unknown { return .notFixable(reason: unknownReason(link)) }
    guard link.status == .dark || link.status == .partial else { return nil }
    if let service = link.service, link.destination != nil {
      return .notFixable(reason: "it goes through \(service); tag the destination before it is wrapped")
    }
    if let share = link.share { return shareOutcome(link, share: share, in: context, text: text) }
    if link.kind == .relative, LinkURL(link.link.url).host == nil, !link.link.url.lowercased().hasPrefix("www.") {
      return .notFixable(reason: "a relative link: give it a scheme and host first")
    }
    let written = LinkURL(link.link.url)
    if written.removingWhitespaceOutsideMergeTags != written.string {
      return .notFixable(reason: "the URL contains white space; remove it first")
    }
    let attribution = link.attribution
    if !attribution.malformations.isEmpty || !attribution.unreadable.isEmpty {
      return .notFixable(reason: "its query is malformed (see malformed-query); fix it by hand")
    }
    let edits = edits(for: written, link: link, context: context, text: text)
    guard !edits.isEmpty else { return nil }
    return .fixed(edits: edits, url: applying(edits, to: written.string))
  }

  /// A share link's fix: the URL it carries, tagged for the network it is shared on (as the
  /// `untagged-share-link` suggestion tags it), edited inside the percent-encoded parameter
  /// value where it stands. Only the carried URL's bytes change: the rest of the value (a
  /// message around the URL) keeps its encoding, and the new text is percent-encoded whole.
  private static func shareOutcome(
    _ link: JudgedLink, share: ShareLinkRecognizer.Share, in context: RuleContext, text: String?
  ) -> Outcome? {
    guard let carried = share.carriedURL else {
      return .notFixable(reason: "the \(share.network) share link carries no link to your site; add one by hand")
    }
    let inside = LinkURL(carried)
    if inside.removingWhitespaceOutsideMergeTags != inside.string {
      return .notFixable(reason: "the URL it shares contains white space; remove it first")
    }
    let attribution = link.attribution
    if !attribution.malformations.isEmpty || !attribution.unreadable.isEmpty {
      return .notFixable(reason: "the query of the URL it shares is malformed; fix it by hand")
    }
    let written = LinkURL(link.link.url)
    let bytes = Array(written.string.utf8)
    let query = written.queryByteRange.map { pairs(in: $0, of: bytes, tags: written.mergeTags) } ?? []
    guard
      let pair = query.first(where: {
        String(decoding: bytes[$0.key], as: UTF8.self).lowercased() == share.parameter.lowercased()
      }),
      let valueRange = pair.value, let decoded = percentDecoded(bytes[valueRange])
    else {
      return .notFixable(reason: "the URL it shares cannot be found in its \(share.parameter) parameter; tag it by hand")
    }
    let target = Array(carried.utf8)
    let found = decoded.bytes.indices.filter { decoded.bytes[$0...].starts(with: target) }
    guard found.count == 1, let start = found.first else {
      return .notFixable(
        reason: "the URL it shares is inside free text that cannot be safely re-encoded; tag it by hand")
    }
    var shareContext = context
    shareContext.suggestedValues["utm_source"] = share.suggestedSource
    shareContext.suggestedValues["utm_medium"] = URLRepair.medium(forShare: share)
    let inner = edits(for: inside, link: link, context: shareContext, text: text)
    guard !inner.isEmpty else { return nil }
    var result = [Edit]()
    for edit in inner {
      guard let lower = decoded.rawOffsets[start + edit.range.lowerBound],
        let upper = decoded.rawOffsets[start + edit.range.upperBound]
      else {
        return .notFixable(reason: "the URL it shares is encoded in a way that cannot be safely re-encoded; tag it by hand")
      }
      result.append(
        Edit(
          range: (valueRange.lowerBound + lower)..<(valueRange.lowerBound + upper),
          replacement: percentEncodedWhole(edit.replacement)))
    }
    return .fixed(edits: result, url: applying(result, to: written.string))
  }

  /// Percent-decoded bytes, with each decoded offset's raw offset (nil inside a multi-byte
  /// character's escapes); nil for a malformed escape.
  private static func percentDecoded(_ raw: ArraySlice<UInt8>) -> (bytes: [UInt8], rawOffsets: [Int?])? {
    var bytes = [UInt8]()
    var offsets = [Int?]()
    var index = raw.startIndex
    func hex(_ byte: UInt8) -> UInt8? {
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
      case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
      case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
      default: nil
      }
    }
    while index < raw.endIndex {
      // A continuation byte of a multi-byte character is no place to cut.
      let position = index - raw.startIndex
      if raw[index] == UInt8(ascii: "%") {
        guard index + 2 < raw.endIndex, let high = hex(raw[index + 1]), let low = hex(raw[index + 2])
        else { return nil }
        let byte = high << 4 | low
        offsets.append(byte & 0xC0 == 0x80 ? nil : position)
        bytes.append(byte)
        index += 3
      } else {
        offsets.append(raw[index] & 0xC0 == 0x80 ? nil : position)
        bytes.append(raw[index])
        index += 1
      }
    }
    offsets.append(raw.count)
    return (bytes, offsets)
  }

  /// Everything but RFC 3986's unreserved characters percent-encoded: text that goes inside
  /// another URL's parameter value.
  private static func percentEncodedWhole(_ text: String) -> String {
    var result = ""
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
        UInt8(ascii: "~"):
        result.unicodeScalars.append(Unicode.Scalar(byte))
      default:
        result += "%" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16, uppercase: true)
      }
    }
    return result
  }

  private static func unknownReason(_ link: JudgedLink) -> String {
    switch link.kind {
    case .shortener(let service): "shortened by \(service); tag the destination where the short link is made"
    case .opaqueRedirect(let service): "\(service) hides the destination; tag it in the ESP"
    case .template: "the destination is a template placeholder; tag the URL it is filled with"
    default: "its destination cannot be seen"
    }
  }

  /// A parameter's byte ranges in the URL.
  private struct RawPair {
    var whole: Range<Int>
    var key: Range<Int>
    var value: Range<Int>?
  }

  private static func edits(for url: LinkURL, link: JudgedLink, context: RuleContext, text: String?) -> [Edit] {
    let bytes = Array(url.string.utf8)
    let policy = context.policy
    let query = url.queryByteRange.map { pairs(in: $0, of: bytes, tags: url.mergeTags) } ?? []
    func key(_ pair: RawPair) -> String { String(decoding: bytes[pair.key], as: UTF8.self) }
    func value(_ key: String) -> String { encoded(context.value(for: key, on: link, text: text)) }

    var edits = [Edit]()
    var appended = [String]()
    // Campaign keys after `#` move into the query; the rest of the fragment stays.
    var fromFragment = [String: String]()
    if let fragment = url.fragmentByteRange {
      let routeEnd = bytes[fragment].firstIndex(of: UInt8(ascii: "?"))
      let parametersStart = routeEnd.map { $0 + 1 } ?? fragment.lowerBound
      let fragmentPairs = pairs(in: parametersStart..<fragment.upperBound, of: bytes, tags: url.mergeTags)
      let campaign = fragmentPairs.filter { policy.isCampaignKey(key($0)) }
      if !campaign.isEmpty {
        for pair in campaign {
          let name = policy.requiredParameters.first { $0.lowercased() == key(pair).lowercased() } ?? key(pair)
          fromFragment[name] = pair.value.map { String(decoding: bytes[$0], as: UTF8.self) } ?? ""
        }
        let kept = fragmentPairs.filter { !policy.isCampaignKey(key($0)) }.map { String(decoding: bytes[$0.whole], as: UTF8.self) }
        let route = routeEnd.map { String(decoding: bytes[fragment.lowerBound..<$0], as: UTF8.self) }
        let rest = route.map { kept.isEmpty ? $0 : $0 + "?" + kept.joined(separator: "&") } ?? kept.joined(separator: "&")
        edits.append(Edit(range: (fragment.lowerBound - 1)..<fragment.upperBound, replacement: rest.isEmpty ? "" : "#" + rest))
      }
    }
    var handled = Set<String>()
    for required in policy.requiredParameters {
      handled.insert(required)
      if let pair = query.first(where: { key($0) == required }) ?? query.first(where: { key($0).lowercased() == required.lowercased() }) {
        if key(pair) != required { edits.append(Edit(range: pair.key, replacement: required)) }
        if let range = pair.value {
          if range.isEmpty { edits.append(Edit(range: range, replacement: fromFragment[required].flatMap { $0.isEmpty ? nil : $0 } ?? value(required))) }
        } else {
          edits.append(Edit(range: pair.key.upperBound..<pair.key.upperBound, replacement: "=" + value(required)))
        }
      } else {
        let moved = fromFragment[required].flatMap { $0.isEmpty ? nil : $0 }
        appended.append(required + "=" + (moved ?? value(required)))
      }
    }
    // Other campaign keys moved out of the fragment, and extra keys the `fix` templates give.
    for (name, moved) in fromFragment.sorted(by: { $0.key < $1.key }) where !handled.contains(name) {
      handled.insert(name)
      if !query.contains(where: { key($0) == name }) { appended.append(name + "=" + moved) }
    }
    for name in context.configuration.fixValues.keys.sorted() where !handled.contains(name) {
      if !query.contains(where: { key($0).lowercased() == name.lowercased() }) { appended.append(name + "=" + value(name)) }
    }
    if !appended.isEmpty {
      let joined = appended.joined(separator: "&")
      if let range = url.queryByteRange {
        let needsSeparator = !range.isEmpty && bytes[range.upperBound - 1] != UInt8(ascii: "&")
        edits.append(Edit(range: range.upperBound..<range.upperBound, replacement: (needsSeparator ? "&" : "") + joined))
      } else {
        let end = url.fragmentByteRange.map { $0.lowerBound - 1 } ?? bytes.count
        edits.append(Edit(range: end..<end, replacement: "?" + joined))
      }
    }
    // Two insertions at one offset (a value for an empty last parameter, then the appended
    // keys) keep the order they were made in: the sort is by range, then by creation.
    return edits.enumerated().sorted {
      ($0.element.range.lowerBound, $0.element.range.upperBound, $0.offset)
        < ($1.element.range.lowerBound, $1.element.range.upperBound, $1.offset)
    }.map(\.element)
  }

  /// The `&`-separated pairs of `range`; `&` inside merge tags does not split.
  private static func pairs(in range: Range<Int>, of bytes: [UInt8], tags: [MergeTag]) -> [RawPair] {
    var result = [RawPair]()
    var start = range.lowerBound
    var index = range.lowerBound
    func inTag(_ index: Int) -> Bool { tags.contains { $0.range.contains(index) } }
    func finish(_ end: Int) {
      defer { start = end + 1 }
      guard end > start else { return }
      let equals = bytes[start..<end].indices.first { bytes[$0] == UInt8(ascii: "=") && !inTag($0) }
      result.append(
        RawPair(whole: start..<end, key: start..<(equals ?? end), value: equals.map { ($0 + 1)..<end }))
    }
    while index < range.upperBound {
      if bytes[index] == UInt8(ascii: "&"), !inTag(index) { finish(index) }
      index += 1
    }
    finish(range.upperBound)
    return result
  }

  /// `edits` applied to `string` (UTF-8 byte ranges, sorted, not overlapping; insertions at
  /// one offset appear in the order given).
  public static func applying(_ edits: [Edit], to string: String) -> String {
    var bytes = Array(string.utf8)
    for edit in edits.reversed() { bytes.replaceSubrange(edit.range, with: Array(edit.replacement.utf8)) }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// A value as it may stand in a query: merge tags kept as written, anything that would
  /// end or split the parameter percent-encoded.
  ///
  /// A merge tag (`{{ campaign.name }}`, `*|CAMPAIGN|*`, `%%=v(@c)=%%`) is filled in at send
  /// time and must reach the ESP byte for byte, spaces and `=` included; only the text around
  /// tags is encoded.
  static func encoded(_ value: String) -> String {
    let bytes = Array(value.utf8)
    var result = ""
    var index = 0
    for tag in MergeTagScanner.tags(in: bytes) where tag.range.lowerBound >= index {
      result += encodedText(String(decoding: bytes[index..<tag.range.lowerBound], as: UTF8.self))
      result += String(decoding: bytes[tag.range], as: UTF8.self)
      index = tag.range.upperBound
    }
    return result + encodedText(String(decoding: bytes[index...], as: UTF8.self))
  }

  /// Text outside merge tags: ASCII printable kept, the parameter's delimiters, quotes, angle
  /// brackets, `%`, `+` (a space to form decoders) and everything else percent-encoded.
  private static func encodedText(_ text: String) -> String {
    var result = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&", "#", "=", "?", " ", "\"", "'", "<", ">", "%", "+":
        for byte in String(scalar).utf8 { result += "%" + String(byte, radix: 16, uppercase: true) }
      default:
        if scalar.isASCII && scalar.value > 0x20 && scalar.value != 0x7F {
          result.unicodeScalars.append(scalar)
        } else {
          for byte in String(scalar).utf8 {
            result += "%" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16, uppercase: true)
          }
        }
      }
    }
    return result
  }
}

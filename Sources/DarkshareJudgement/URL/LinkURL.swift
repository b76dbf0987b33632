import DarkshareCore

/// A URL split the way a browser and an analytics tool split it, without rejecting anything.
///
/// Foundation's `URL` refuses many strings that real newsletters contain (spaces, merge tags,
/// a second `?`). `LinkURL` never fails: the query is everything between the first `?` and the
/// first `#`, so a second `?` belongs to a value; the fragment is everything after the first
/// `#`. Delimiters inside merge tags (`{{#if vip}}`, `%%=RedirectTo(@u)=%%`) do not split.
///
/// ```swift
/// let url = LinkURL("https://Shop.example:443/sale?utm_source=nl?x=1#utm_medium=email")
/// url.host       // "shop.example"
/// url.query      // "utm_source=nl?x=1"
/// url.fragment   // "utm_medium=email"
/// ```
public struct LinkURL: Sendable, Hashable {
  // Every other property is derived from `string`: equal strings are equal URLs.
  public static func == (lhs: LinkURL, rhs: LinkURL) -> Bool { lhs.string == rhs.string }
  public func hash(into hasher: inout Hasher) { hasher.combine(string) }

  /// The URL as given.
  public var string: String { box.parts.string }
  /// The scheme, lower-cased; nil for a relative reference.
  public var scheme: String? { box.parts.scheme }
  /// The host, lower-cased, without user info, port or trailing dot; nil without `//`.
  public var host: String? { box.parts.host }
  /// The path as written.
  public var path: String { box.parts.path }
  /// The query as written, without the `?`; nil when there is no `?`. Made when asked for:
  /// most readers need only ``hasQuery`` or ``queryContains(where:)``.
  public var query: String? { queryRange.map { String(decoding: bytes[$0], as: UTF8.self) } }
  /// The fragment as written, without the `#`; nil when there is no `#`. Made when asked for.
  public var fragment: String? { fragmentRange.map { String(decoding: bytes[$0], as: UTF8.self) } }
  /// Whether the URL has a query (a `?`, even with nothing after it).
  public var hasQuery: Bool { queryRange != nil }
  /// The merge tags in the URL, as byte ranges of ``string``'s UTF-8.
  public var mergeTags: [MergeTag] { box.parts.mergeTags }
  /// The query's parameters in order, duplicates kept; parsed once, as the judgement and
  /// nearly every rule read them.
  public var queryParameters: [QueryParameter] { box.parts.queryParameters }

  private var bytes: [UInt8] { box.parts.bytes }
  private var queryRange: Range<Int>? { box.parts.queryRange }
  private var fragmentRange: Range<Int>? { box.parts.fragmentRange }

  /// Everything parsed.
  private struct Parts {
    let string: String
    let scheme: String?
    let host: String?
    let path: String
    let mergeTags: [MergeTag]
    let queryParameters: [QueryParameter]
    let bytes: [UInt8]
    let pathRange: Range<Int>
    let queryRange: Range<Int>?
    let fragmentRange: Range<Int>?
  }

  /// The parts in one immutable box: rules copy a judged link's URL out of it, and copying the
  /// box is one retain where copying the parts was a dozen.
  private final class Box: Sendable {
    let parts: Parts
    init(_ parts: Parts) { self.parts = parts }
  }

  private let box: Box

  public init(_ string: String) {
    let bytes = Array(string.utf8)
    let tags = MergeTagScanner.tags(in: bytes)
    var tagCursor = 0
    func isInTag(_ index: Int) -> Bool {
      while tagCursor < tags.count, tags[tagCursor].range.upperBound <= index { tagCursor += 1 }
      return tagCursor < tags.count && tags[tagCursor].range.contains(index)
    }
    func firstIndex(from start: Int, of delimiters: ByteSet) -> Int {
      tagCursor = 0
      var index = start
      while let found = bytes.withUnsafeBufferPointer({ delimiters.firstIndex(in: $0, from: index) }) {
        if !isInTag(found) { return found }
        index = found + 1
      }
      return bytes.count
    }

    var cursor = 0
    var scheme: String?
    if let first = bytes.first, Self.isLetter(first) {
      var index = 1
      while index < bytes.count, Self.isSchemeByte(bytes[index]) { index += 1 }
      if index < bytes.count, bytes[index] == UInt8(ascii: ":"), !isInTag(index) {
        scheme = String(decoding: bytes[0..<index], as: UTF8.self).lowercased()
        cursor = index + 1
      }
    }

    var hostRange: Range<Int>?
    if bytes.hasBytes([0x2F, 0x2F], at: cursor) {
      let authorityStart = cursor + 2
      let authorityEnd = firstIndex(from: authorityStart, of: Self.authorityEnds)
      hostRange = Self.hostRange(in: bytes, authority: authorityStart..<authorityEnd)
      cursor = authorityEnd
    }
    let host = hostRange.map { Self.host(bytes[$0]) }

    let pathEnd = firstIndex(from: cursor, of: Self.pathEnds)
    let path = String(decoding: bytes[cursor..<pathEnd], as: UTF8.self)
    var queryRange: Range<Int>?
    var fragmentStart = pathEnd
    if pathEnd < bytes.count, bytes[pathEnd] == 0x3F {
      let queryEnd = firstIndex(from: pathEnd + 1, of: Self.queryEnds)
      queryRange = (pathEnd + 1)..<queryEnd
      fragmentStart = queryEnd
    }
    let fragmentRange = fragmentStart < bytes.count ? (fragmentStart + 1)..<bytes.count : nil
    box = Box(Parts(
      string: string, scheme: scheme, host: host, path: path, mergeTags: tags,
      queryParameters: queryRange.map { QueryParameter.parse(bytes[$0], tags: tags) } ?? [], bytes: bytes,
      pathRange: cursor..<pathEnd, queryRange: queryRange, fragmentRange: fragmentRange))
  }

  /// What ends the authority (`/`, `?`, `#` and, as browsers read it, `\`), the path (`?`,
  /// `#`) and the query (`#`), outside merge tags.
  private static let authorityEnds = ByteSet { $0 == 0x2F || $0 == 0x3F || $0 == 0x23 || $0 == 0x5C }
  private static let pathEnds = ByteSet { $0 == 0x3F || $0 == 0x23 }
  private static let queryEnds = ByteSet { $0 == 0x23 }

  /// The query's UTF-8 byte range in ``string``, without the `?`; nil when there is no `?`.
  public var queryByteRange: Range<Int>? { queryRange }
  /// The fragment's UTF-8 byte range in ``string``, without the `#`; nil when there is no `#`.
  public var fragmentByteRange: Range<Int>? { fragmentRange }

  /// Whether a byte of the query satisfies `predicate`; false without a query.
  public func queryContains(where predicate: (UInt8) -> Bool) -> Bool {
    queryRange.map { bytes[$0].contains(where: predicate) } ?? false
  }

  /// The fragment's parameters: after the first `?` of a hash route (`#/page?utm_source=x`),
  /// or the whole fragment.
  public var fragmentParameters: [QueryParameter] {
    guard let range = fragmentRange else { return [] }
    let start = bytes[range].firstIndex(of: 0x3F).map { $0 + 1 } ?? range.lowerBound
    return QueryParameter.parse(bytes[start..<range.upperBound], tags: mergeTags)
  }

  /// Whether a merge tag stands in the scheme, host or path, so the destination itself is a
  /// placeholder (`{{ product.url }}`, `https://{{ shop }}/cart`).
  public var destinationIsPlaceholder: Bool {
    let end = queryRange.map { $0.lowerBound - 1 } ?? fragmentRange.map { $0.lowerBound - 1 } ?? bytes.count
    return mergeTags.contains { $0.range.lowerBound < end }
  }

  /// The URL without the whitespace outside merge tags (`{{ campaign.name }}` keeps its spaces,
  /// which are template syntax, not part of the sent URL).
  public var removingWhitespaceOutsideMergeTags: String {
    let isWhitespace = { (byte: UInt8) in byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C }
    guard bytes.contains(where: isWhitespace) else { return string }
    var kept = [UInt8]()
    kept.reserveCapacity(bytes.count)
    var tagIndex = 0
    for (index, byte) in bytes.enumerated() {
      while tagIndex < mergeTags.count, mergeTags[tagIndex].range.upperBound <= index { tagIndex += 1 }
      let inTag = tagIndex < mergeTags.count && mergeTags[tagIndex].range.contains(index)
      if inTag || !isWhitespace(byte) {
        kept.append(byte)
      }
    }
    return String(decoding: kept, as: UTF8.self)
  }

  /// The path and query as one string (`/track/click?u=1`), for matching wrapper patterns.
  public var pathAndQuery: String {
    guard let queryRange else { return path }
    return String(decoding: bytes[box.parts.pathRange.lowerBound..<queryRange.upperBound], as: UTF8.self)
  }

  /// The host as written, lower-cased, without one trailing dot. An ASCII host (nearly every
  /// one) is lower-cased on its bytes, in the one string made for it.
  private static func host(_ written: ArraySlice<UInt8>) -> String {
    guard written.isAllASCII else {
      let host = String(decoding: written, as: UTF8.self).lowercased()
      return host.hasSuffix(".") ? String(host.dropLast()) : host
    }
    let name = written.last == UInt8(ascii: ".") ? written.dropLast() : written
    return String(unsafeUninitializedCapacity: name.count) { buffer in
      for (offset, byte) in name.enumerated() { buffer[offset] = byte.asciiLowercased }
      return name.count
    }
  }

  private static func hostRange(in bytes: [UInt8], authority: Range<Int>) -> Range<Int> {
    var start = authority.lowerBound
    if let at = bytes[authority].lastIndex(of: 0x40) { start = at + 1 }
    var end = authority.upperBound
    if start < end, bytes[start] == 0x5B {  // [IPv6]
      end = bytes[start..<end].firstIndex(of: 0x5D).map { $0 + 1 } ?? end
    } else if let colon = bytes[start..<end].lastIndex(of: 0x3A) {
      end = colon
    }
    return start..<end
  }

  private static func isLetter(_ byte: UInt8) -> Bool {
    (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
  }

  private static func isSchemeByte(_ byte: UInt8) -> Bool {
    isLetter(byte) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2B || byte == 0x2D || byte == 0x2E
  }
}

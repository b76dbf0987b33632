import DarkshareCore
import Foundation

extension Unwrapper {
  /// What `decoding` takes out of `url`, before it is checked to be a web URL.
  ///
  /// One small step per method of wrappers.md §0. Query values are percent-decoded once
  /// without turning `+` into a space (base64 payloads and destinations keep their `+`). Path
  /// segments are 0-based after the leading `/`. Every step returns nil on input it cannot
  /// read; none of them throws, traps or loops on hostile input (payloads are capped by
  /// ``Base64Payload``, ``JSONPayload`` and ``ZlibPayload``).
  static func payload(of url: LinkURL, decoding: LinkWrapper.Decoding) -> String? {
    let parameters = decoding.parameters
    switch decoding.method {
    case .queryParam:
      return parameters.lazy.compactMap { queryValue($0, in: url) }.first
    case .queryParamFirstOf:
      // The first name whose value is a web URL: Google's search-result links carry the search
      // (`q=` empty or `q=hello`) before the destination (`&url=https%3A…`).
      return parameters.lazy.compactMap { queryValue($0, in: url) }.first(where: isWebURL)
    case .queryParamBase64:
      return parameters.first.flatMap { queryValue($0, in: url) }.flatMap(Base64Payload.text)
    case .queryParamBase64ThenPercent:
      // ActiveCampaign: base64 of the percent-encoded URL; some links carry the URL as is.
      guard let value = parameters.first.flatMap({ queryValue($0, in: url) }) else { return nil }
      if value.hasPrefix("http") { return value }
      return Base64Payload.text(value).map { PercentDecoding.decode($0) }
    case .queryParamBase64JsonNested:
      // Mandrill: base64 → JSON whose `p` is a JSON string → `url`.
      return parameters.first.flatMap { queryValue($0, in: url) }.flatMap(Base64Payload.bytes)
        .flatMap { JSONPayload.string(at: decoding.jsonPath, in: $0) }
    case .queryParamPrefixedBase64url:
      // Bing: `u=a1<base64url>`.
      guard let value = parameters.first.flatMap({ queryValue($0, in: url) }) else { return nil }
      let prefix = decoding.prefix ?? ""
      guard value.hasPrefix(prefix) else { return nil }
      return Base64Payload.text(value.dropFirst(prefix.count))
    case .pathSegment:
      return pathSegment(parameters.first, of: url).map { PercentDecoding.decode($0) }
    case .pathSegmentPercentHttps:
      // Postmark stores the destination without its scheme, sometimes encoded twice.
      guard var value = pathSegment(parameters.first, of: url).map({ PercentDecoding.decode($0) }) else { return nil }
      if value.contains("%") { value = PercentDecoding.decode(value) }
      return value.hasPrefix("http") ? value : "https://" + value
    case .pathTail:
      guard let index = parameters.first.flatMap(Int.init), index >= 0 else { return nil }
      let segments = pathSegments(of: url)
      guard index < segments.count else { return nil }
      let tail = segments.dropFirst(index + 1).joined(separator: "/")
      return PercentDecoding.decode(tail + (url.query.map { "?" + $0 } ?? ""))
    case .pathRegex:
      guard let value = parameters.first.flatMap({ pathRegex($0, in: url) }) else { return nil }
      guard let template = decoding.rebuild else { return value }
      // The group is an id: the destination is the template filled in, the link's own query
      // (a share id, a start time) carried over.
      let rebuilt = filled(template, with: value)
      return rebuilt + (url.query.map { (rebuilt.contains("?") ? "&" : "?") + $0 } ?? "")
    case .pathSegmentBase64:
      return pathSegment(parameters.first, of: url).map { PercentDecoding.decode($0) }.flatMap(Base64Payload.text)
    case .pathSegmentBase64urlJson:
      // Customer.io: base64url JSON with the destination in `href`.
      return pathSegment(parameters.first, of: url).flatMap(Base64Payload.bytes)
        .flatMap { JSONPayload.string(at: decoding.jsonPath, in: $0) }
    case .pathSegmentJwtClaim:
      // Substack: a JWT whose payload (before the first `.`) holds the destination as a claim.
      guard let claim = decoding.claim, let token = pathSegment(parameters.first, of: url),
        let payload = token.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).first
      else { return nil }
      return Base64Payload.bytes(payload).flatMap { JSONPayload.string(at: [claim], in: $0) }
    case .pathSegmentZlibQuerystring:
      // Mailgun legacy: base64url → zlib → `a=1&l=<percent-encoded destination>&…`.
      guard let field = decoding.field,
        let inflated = pathSegment(parameters.first, of: url).flatMap(Base64Payload.bytes).flatMap({ ZlibPayload.inflate($0) }),
        let form = String(bytes: inflated, encoding: .utf8)
      else { return nil }
      return formValue(field, in: form)
    case .proofpointV1:
      return ProofpointURLDefense.decodeVersion1(url)
    case .proofpointV2:
      return ProofpointURLDefense.decodeVersion2(url)
    case .proofpointV3:
      guard let pattern = decoding.regex, let alphabet = decoding.runLengthAlphabet else { return nil }
      return ProofpointURLDefense.decodeVersion3(url, pattern: pattern, alphabet: alphabet, offset: decoding.runLengthOffset ?? 2)
    case .querySegmentsBase64:
      return querySegments(of: url, destinationFields: parameters)
    case .domainHintOnly, .opaque, .followRedirect:
      return nil
    }
  }

  /// `template` with every `<group1>` in it replaced by `value`. An ASCII template (every one
  /// of the reference) is searched on its bytes, where Foundation's comparison, through
  /// `NSString` on Linux, finds the same places; any other goes to Foundation.
  static func filled(_ template: String, with value: String) -> String {
    guard template.utf8.isAllASCII else { return template.replacingOccurrences(of: "<group1>", with: value) }
    var result = ""
    var start = template.startIndex
    while let group = template.utf8[start...].firstRange(of: groupReference) {
      result += template[start..<group.lowerBound]
      result += value
      start = group.upperBound
    }
    return start == template.startIndex ? template : result + template[start...]
  }

  private static let groupReference = Array("<group1>".utf8)

  /// Zeta/Boomtrain: the destination after the last comma of the first field in `fields`,
  /// followed by the `q` field's `?query` when there is one.
  private static func querySegments(of url: LinkURL, destinationFields fields: [String]) -> String? {
    guard let query = url.query else { return nil }
    var decoded = [Character: String]()
    for segment in query.split(separator: "/") {
      guard let field = segment.first, decoded[field] == nil, let text = Base64Payload.text(segment.dropFirst()) else { continue }
      decoded[field] = text
    }
    guard let target = fields.lazy.compactMap({ $0.first.flatMap { decoded[$0] } }).first,
      let destination = target.split(separator: ",").last.map(String.init)
    else { return nil }
    guard let rest = decoded["q"], rest.hasPrefix("?") else { return destination }
    return destination + rest
  }

  /// The value of the first query parameter named `name`, percent-decoded once, `+` kept.
  static func queryValue(_ name: String, in url: LinkURL) -> String? {
    url.queryParameters.first { $0.key == name }?.rawValue.map { PercentDecoding.decode($0) }
  }

  /// The path's segments after the leading `/`, as written.
  private static func pathSegments(of url: LinkURL) -> [Substring] {
    Array(url.path.split(separator: "/", omittingEmptySubsequences: false).dropFirst())
  }

  /// Raw path segment `index` (a decimal string, 0-based after the leading `/`): the segment
  /// ``pathSegments(of:)`` has at `index`, found in an ASCII path by its slashes, without
  /// splitting the rest. (In other paths a `/` with a combining mark after it is one
  /// `Character` and no separator, as `split` reads it.)
  static func pathSegment(_ index: String?, of url: LinkURL) -> String? {
    guard let index = index.flatMap(Int.init), index >= 0 else { return nil }
    let path = url.path
    let bytes = path.utf8
    guard bytes.isAllASCII else {
      let segments = pathSegments(of: url)
      return index < segments.count ? String(segments[index]) : nil
    }
    // The segment starts after the slash numbered `index` (0-based) and ends at the next one.
    var start = bytes.startIndex
    for _ in 0...index {
      guard let slash = bytes[start...].firstIndex(of: UInt8(ascii: "/")) else { return nil }
      start = bytes.index(after: slash)
    }
    let end = bytes[start...].firstIndex(of: UInt8(ascii: "/")) ?? bytes.endIndex
    return String(path[start..<end])
  }

  /// The reference's `pathRegex` patterns, each compiled once, when first needed: a Google link
  /// is tried against the AMP viewer's pattern, and compiling it per link was most of its cost.
  private static let referencePathRegexes: [String: PathPattern] = {
    let decodings = LinkWrapper.all.flatMap { [$0.decoding] + $0.decoding.fallbacks }
    let patterns = decodings.filter { $0.method == .pathRegex }.flatMap(\.parameters)
    return Dictionary(patterns.map { ($0, PathPattern($0)) }, uniquingKeysWith: { first, _ in first })
  }()

  /// Group 1 of `pattern` over the path, or else over the whole URL (Streak's pattern names
  /// the host), percent-decoded once. A result without a scheme that starts with a host name
  /// (Google AMP `/amp/s/<host>/<path>`: the `s` stands for https) gets `https://`.
  private static func pathRegex(_ pattern: String, in url: LinkURL) -> String? {
    let expression = referencePathRegexes[pattern] ?? PathPattern(pattern)
    for subject in [url.path, url.string] {
      guard let group = expression.firstGroup(in: subject) else { continue }
      let value = PercentDecoding.decode(String(group))
      if LinkURL(value).scheme == nil, let host = value.split(separator: "/").first, host.contains("."),
        !host.contains(":")
      {
        return "https://" + value
      }
      return value
    }
    return nil
  }

  /// Field `name` of an `application/x-www-form-urlencoded` string, decoded (`+` is a space).
  private static func formValue(_ name: String, in form: String) -> String? {
    for pair in form.split(separator: "&") {
      let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      if PercentDecoding.decode(String(parts[0]), plusAsSpace: true) == name {
        return parts.count > 1 ? PercentDecoding.decode(String(parts[1]), plusAsSpace: true) : nil
      }
    }
    return nil
  }
}

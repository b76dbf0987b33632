import DarkshareCore

/// Reads a URL's attribution the way an analytics tool does: `&` splits, keys are
/// case-sensitive, the first occurrence of a key counts, nothing after `#` is query, a second
/// `?` is part of a value, and `&amp;amp;` turns the next key into `amp;key`.
enum AttributionReader {
  /// Reads `url` against `policy`. `written` is the URL as written, to see whitespace that the
  /// browser removes.
  static func read(_ url: LinkURL, written: String, policy: JudgementPolicy) -> Attribution {
    var attribution = Attribution()
    let parameters = url.queryParameters
    attribution.parameters = parameters
    attribution.malformations = malformations(of: url, parameters: parameters, written: written)
    let fragmentKeys = url.fragmentByteRange == nil ? [] : Set(url.fragmentParameters.map(\.key).filter(policy.isCampaignKey))

    for required in policy.requiredParameters {
      if let exact = parameters.first(where: { $0.key == required }) {
        let value = exact.value ?? ""
        // Room for every required key at the first: a dictionary grown one key at a time is
        // allocated twice for three keys.
        if attribution.values.isEmpty { attribution.values.reserveCapacity(policy.requiredParameters.count) }
        attribution.values[required] = value
        if Self.isBlank(value) && !exact.valueIsPlaceholder {
          attribution.empty.append(required)
        }
      } else if let other = parameters.first(where: {
        $0.key.equals(ignoringASCIICaseOf: required) ?? ($0.key.lowercased() == required.lowercased())
      }) {
        attribution.miscased.append(.init(required: required, written: other.key))
      } else if let cause = hidingMalformation(of: required, in: url, parameters: parameters) {
        attribution.unreadable.append(.init(required: required, cause: cause))
      } else if fragmentKeys.contains(where: { $0.lowercased() == required.lowercased() }) {
        attribution.onlyInFragment.append(required)
      } else {
        attribution.missing.append(required)
      }
    }
    if !fragmentKeys.isEmpty {
      let queryKeys = Set(parameters.map(\.key))
      attribution.onlyInFragment += fragmentKeys.filter {
        !queryKeys.contains($0) && !policy.requiredParameters.contains($0)
      }.sorted()
    }
    attribution.isComplete = attribution.values.count == policy.requiredParameters.count
      && attribution.empty.isEmpty
    attribution.hasCampaignParameters = parameters.contains { policy.isCampaignKey($0.key) }
    attribution.identifiers = uniqueIdentifiers(in: parameters, policy: policy)
    return attribution
  }

  private static func malformations(
    of url: LinkURL, parameters: [QueryParameter], written: String
  ) -> [Attribution.Malformation] {
    var found = [Attribution.Malformation]()
    if url.queryContains(where: { $0 == UInt8(ascii: "?") }) { found.append(.secondQuestionMark) }
    let bytes = ByteFacts(of: url.string)
    if parameters.contains(where: { startsWithEscapedAmpersand($0.rawKey) }) || bytes.hasEscapedAmpersand {
      found.append(.doubleEscapedAmpersand)
    }
    // Bytes, not Characters: "\r\n" is one Character, equal to neither "\r" nor "\n".
    // The URL as written is, for nearly every link, the judged URL itself (one storage: told
    // equal at once), whose bytes were just read.
    if (written == url.string ? bytes : ByteFacts(of: written)).hasBrowserStrippedByte
      || (bytes.hasWhitespace && url.removingWhitespaceOutsideMergeTags.utf8.count != url.string.utf8.count)
    {
      found.append(.whitespace)
    }
    guard parameters.count > 1 else {
      if pathCarriesParameters(url.path) { found.append(.parametersInPath) }
      return found
    }
    // Most queries repeat no key: a short one is told so without building a table.
    let repeatsAKey = parameters.count > 16 || parameters.indices.contains { index in
      parameters[..<index].contains { $0.key == parameters[index].key }
    }
    guard repeatsAKey else {
      if pathCarriesParameters(url.path) { found.append(.parametersInPath) }
      return found
    }
    var seen = [String: [String]]()
    var order = [String]()
    for parameter in parameters {
      let value = parameter.value ?? ""
      if seen[parameter.key] == nil { order.append(parameter.key) }
      if !(seen[parameter.key]?.contains(value) ?? false) { seen[parameter.key, default: []].append(value) }
    }
    for key in order where seen[key]!.count > 1 {
      found.append(.conflictingDuplicate(key: key, values: seen[key]!))
    }
    if pathCarriesParameters(url.path) { found.append(.parametersInPath) }
    return found
  }

  /// Whether a key as written starts with `amp;` in any ASCII case (what `&amp;amp;` leaves); a
  /// key whose first byte is no `a` (nearly every one) is let go of at once.
  private static func startsWithEscapedAmpersand(_ rawKey: String) -> Bool {
    rawKey.utf8.first?.asciiLowercased == UInt8(ascii: "a")
      && rawKey.utf8.starts(with: "amp;".utf8, by: { $0.asciiLowercased == $1 })
  }

  /// The malformation that hides `required` from analytics, if it is in the URL but unreadable.
  private static func hidingMalformation(
    of required: String, in url: LinkURL, parameters: [QueryParameter]
  ) -> Attribution.Malformation? {
    // Lower-casing never makes a `;` or a `?`: keys and values without one are passed over
    // without lower-casing them, and the texts looked for are made only for a URL that has one.
    if parameters.contains(where: { $0.key.utf8.contains(UInt8(ascii: ";")) }) {
      let escapedKey = "amp;" + required.lowercased()
      if parameters.contains(where: { $0.key.utf8.contains(UInt8(ascii: ";")) && $0.key.lowercased() == escapedKey }) {
        return .doubleEscapedAmpersand
      }
    }
    if parameters.contains(where: { $0.value?.utf8.contains(UInt8(ascii: "?")) == true }) {
      let inValue = "?" + required.lowercased() + "="
      if parameters.contains(where: { parameter in
        guard let value = parameter.value, value.utf8.contains(UInt8(ascii: "?")) else { return false }
        return value.lowercased().containsBytes(of: inValue)
      }) {
        return .secondQuestionMark
      }
    }
    if pathCarriesParameters(url.path), url.path.lowercased().containsBytes(of: required.lowercased() + "=") {
      return .parametersInPath
    }
    return nil
  }

  /// Whether every `Character` of `value` is white space; an ASCII value (nearly every one) is
  /// told from its bytes, where CR LF, the one character of two bytes, is white space too.
  private static func isBlank(_ value: String) -> Bool {
    guard value.utf8.isAllASCII else { return value.allSatisfy(\.isWhitespace) }
    return value.utf8.allSatisfy(SimpleText.isASCIIWhitespace)
  }

  /// What one pass over a URL's bytes tells of its malformations.
  private struct ByteFacts {
    /// Holds the white space `LinkURL.removingWhitespaceOutsideMergeTags` removes.
    var hasWhitespace = false
    /// Holds a tab, line feed or carriage return, which a browser removes.
    var hasBrowserStrippedByte = false
    /// Holds `&amp;` in any ASCII case.
    var hasEscapedAmpersand = false

    init(of string: String) {
      var string = string
      let interesting = Self.interestingBytes
      string.withUTF8 { bytes in
        // The bytes in between (nearly all of them) are passed over with a table load each.
        var start = 0
        while let index = interesting.firstIndex(in: bytes, from: start) {
          start = index + 1
          switch bytes[index] {
          case 0x09, 0x0A, 0x0D:
            hasWhitespace = true
            hasBrowserStrippedByte = true
          case 0x20, 0x0C:
            hasWhitespace = true
          default:  // `&`
            guard !hasEscapedAmpersand, index + 4 < bytes.count else { continue }
            hasEscapedAmpersand =
              bytes[index + 1].asciiLowercased == UInt8(ascii: "a") && bytes[index + 2].asciiLowercased == UInt8(ascii: "m")
              && bytes[index + 3].asciiLowercased == UInt8(ascii: "p") && bytes[index + 4] == UInt8(ascii: ";")
          }
        }
      }
    }

    /// Tab, line feed, carriage return, space, form feed and `&`.
    private static let interestingBytes = ByteSet { [0x09, 0x0A, 0x0D, 0x20, 0x0C, UInt8(ascii: "&")].contains($0) }
  }

  /// `/page&utm_source=x`: `&name=` in a path. Read on bytes, as analytics splits a URL (a
  /// combining mark after `&` or `=` does not hide them, as it would from `Character`s).
  private static func pathCarriesParameters(_ path: String) -> Bool {
    let bytes = path.utf8
    var rest = bytes[...]
    while let ampersand = rest.firstIndex(of: UInt8(ascii: "&")) {
      rest = rest[bytes.index(after: ampersand)...]
      let nameEnd = rest.firstIndex { $0 == UInt8(ascii: "=") || $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "&") }
      if let nameEnd, nameEnd > rest.startIndex, bytes[nameEnd] == UInt8(ascii: "=") { return true }
    }
    return false
  }

  /// The reference entries of the query's non-`utm_` tracking parameters, each once.
  private static func uniqueIdentifiers(in parameters: [QueryParameter], policy: JudgementPolicy) -> [TrackingParameter] {
    // A query has a few ids at most: each is looked for among those found, without a set.
    var found = [TrackingParameter]()
    for parameter in parameters {
      guard !policy.isCampaignKey(parameter.key), let entry = TrackingParameter.named(parameter.key),
        !found.contains(where: { $0.name == entry.name })
      else { continue }
      found.append(entry)
    }
    return found
  }
}

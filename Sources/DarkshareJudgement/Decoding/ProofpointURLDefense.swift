import Foundation

/// Proofpoint URL Defense, versions 1–3, decoded as Proofpoint's own `URLDefenseDecode.py` does
/// (wrappers.md §B2–B4).
///
/// ```text
/// v1  …/v1/url?u=https%3A%2F%2Fs.example%2F&k=…        → https://s.example/
/// v2  …/v2/url?u=https-3A__s.example_a-3Fb-3D1&d=…     → https://s.example/a?b=1
/// v3  …/v3/__https://s.example/a?b=1*c=2__;Jg!!org!sig$ → https://s.example/a?b=1&c=2
/// ```
enum ProofpointURLDefense {
  /// v1: the raw text between `u=` and `&k=`, percent-decoded, then HTML-unescaped.
  static func decodeVersion1(_ url: LinkURL) -> String? {
    guard let query = url.query, let encoded = rawValue(of: "u", in: query, endingBefore: ["k"]) else { return nil }
    return htmlUnescape(PercentDecoding.decode(encoded))
  }

  /// v2: the raw text between `u=` and `&d=` or `&c=`; `-` becomes `%` and `_` becomes `/`,
  /// then it is percent-decoded and HTML-unescaped.
  static func decodeVersion2(_ url: LinkURL) -> String? {
    guard let query = url.query, let encoded = rawValue(of: "u", in: query, endingBefore: ["d", "c"]) else {
      return nil
    }
    let mapped = String(
      decoding: encoded.utf8.map { $0 == UInt8(ascii: "-") ? UInt8(ascii: "%") : $0 == UInt8(ascii: "_") ? UInt8(ascii: "/") : $0 },
      as: UTF8.self)
    return htmlUnescape(PercentDecoding.decode(mapped))
  }

  /// v3: `__URL__;BYTES!`. `URL` is percent-decoded once; `BYTES` is base64url of the
  /// characters Proofpoint took out. Each `*` in `URL` takes back the next one; each `**X`
  /// takes back the next `offset + alphabet.index(X)` (`**A` = 2 … `**_` = 65). The result is
  /// not percent-decoded again: it may legitimately hold `%2F`.
  ///
  /// - Parameters:
  ///   - pattern: the reference's regex with named groups `url` and `enc_bytes` (Python
  ///     `(?P<name>…)` syntax is accepted).
  /// - Returns: nil when the pattern does not match, the bytes are not base64 or valid UTF-8,
  ///   a `**X` names a letter outside the alphabet, or the tokens ask for more characters than
  ///   the bytes hold.
  static func decodeVersion3(_ url: LinkURL, pattern: String, alphabet: String, offset: Int) -> String? {
    guard let regex = NamedGroupRegex(pattern), let groups = regex.match(url.string, groups: ["url", "enc_bytes"])
    else { return nil }
    let template = PercentDecoding.decode(groups[0])
    var removed: [Unicode.Scalar]
    if groups[1].isEmpty {
      removed = []
    } else {
      guard let text = Base64Payload.text(groups[1]) else { return nil }
      removed = Array(text.unicodeScalars)
    }
    let lengths = Dictionary(alphabet.unicodeScalars.enumerated().map { ($1, offset + $0) }, uniquingKeysWith: { first, _ in first })
    var output = String.UnicodeScalarView()
    var next = 0
    var scalars = template.unicodeScalars.makeIterator()
    var pending = scalars.next()
    while let scalar = pending {
      pending = scalars.next()
      guard scalar == "*" else {
        output.append(scalar)
        continue
      }
      var count = 1
      if pending == "*" {
        guard let letter = scalars.next(), let length = lengths[letter] else { return nil }
        count = length
        pending = scalars.next()
      }
      guard next + count <= removed.count else { return nil }
      output.append(contentsOf: removed[next..<(next + count)])
      next += count
    }
    return restoringSchemeSlashes(String(output))
  }

  /// `https:/host/…` read as `https://host/…`. Gateways and the clients that forward their
  /// links write v3 URLs with one slash after the scheme (`/v3/__https:/s.example/a__;!!…`):
  /// a path normaliser merged the `//` of the embedded URL, which browsers open all the same.
  static func restoringSchemeSlashes(_ url: String) -> String {
    for scheme in ["https:/", "http:/"] where url.hasPrefix(scheme) {
      let rest = url.dropFirst(scheme.count)
      if let next = rest.first, next != "/" { return scheme + "/" + rest }
    }
    return url
  }

  /// The raw value of `key` in `query`: from `key=` (at the start or after `&`) up to the first
  /// `&end=` for any of `ends`.
  private static func rawValue(of key: String, in query: String, endingBefore ends: [String]) -> String? {
    let start: String.Index
    if query.hasPrefix(key + "=") {
      start = query.index(query.startIndex, offsetBy: key.count + 1)
    } else if let found = query.range(of: "&" + key + "=") {
      start = found.upperBound
    } else {
      return nil
    }
    let rest = query[start...]
    let end = ends.compactMap { rest.range(of: "&" + $0 + "=")?.lowerBound }.min()
    guard let end, end > start else { return nil }
    return String(rest[..<end])
  }

  /// Replaces the HTML character references Proofpoint's decoder undoes (`&amp;`, `&lt;`,
  /// `&gt;`, `&quot;`, `&#39;`, `&#NN;`, `&#xHH;`).
  static func htmlUnescape(_ text: String) -> String {
    guard text.contains("&") else { return text }
    let named: [Substring: String] = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'"]
    var output = ""
    var rest = Substring(text)
    while let ampersand = rest.firstIndex(of: "&") {
      output += rest[..<ampersand]
      let afterAmpersand = rest.index(after: ampersand)
      if let semicolon = rest[afterAmpersand...].prefix(10).firstIndex(of: ";") {
        let name = rest[afterAmpersand..<semicolon]
        if let replacement = named[name] ?? numericReference(name) {
          output += replacement
          rest = rest[rest.index(after: semicolon)...]
          continue
        }
      }
      output += "&"
      rest = rest[afterAmpersand...]
    }
    return output + rest
  }

  private static func numericReference(_ name: Substring) -> String? {
    guard name.first == "#" else { return nil }
    let digits = name.dropFirst()
    let value = digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
    return value.flatMap(Unicode.Scalar.init).map { String($0) }
  }
}

extension LinkWrapper {
  /// An ESP click-tracking URL shape distinctive enough to recognise on any host: the path and
  /// query a sender's branded click domain (`info.brand.com/e3t/Ctc/…`,
  /// `click.brand.com/CL0/https:%2F%2F…/1/…`) carries, whatever the host. The instances are
  /// sourced facts of the project's reference/wrapper-shapes.json (``anyHostShapes``), each with
  /// the reason it is safe on any host.
  struct Shape: Sendable {
    /// The wrapper the shape stands for: no host patterns, its path pattern, its decoding.
    let wrapper: LinkWrapper
    /// Every literal first path segment the pattern allows (`""` for the site root): the index
    /// that keeps a link from being compared with shapes it cannot match.
    let firstSegments: [String]
  }

  /// The any-host shapes `pathAndQuery` matches, in reference order (first match wins).
  ///
  /// Only shapes whose first segment is the URL's are tried, so most links cost one dictionary
  /// look-up and no regular expression.
  static func shapes(matching pathAndQuery: String) -> [LinkWrapper] {
    shapes(firstSegment: firstSegment(of: pathAndQuery)) { pathAndQuery }
  }

  /// ``shapes(matching:)`` for a URL whose path's ``firstSegment(of:)`` is `firstSegment` (the
  /// same as its path and query's), with the path and query made only when a shape starts with
  /// that segment.
  static func shapes(firstSegment: Substring, pathAndQuery: () -> String) -> [LinkWrapper] {
    guard let candidates = shapeIndex[firstSegment] else { return [] }
    let text = pathAndQuery()
    return candidates.compactMap { index in
      compiledShapes[index].matches(text) == true ? anyHostShapes[index].wrapper : nil
    }
  }

  /// The first segment of a path (`e3t` of `/e3t/Ctc/…`, `""` of `/?qs=…`).
  static func firstSegment(of pathAndQuery: String) -> Substring {
    let rest = pathAndQuery.hasPrefix("/") ? pathAndQuery.dropFirst() : Substring(pathAndQuery)
    let end = rest.utf8.firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }
    return rest[..<(end ?? rest.endIndex)]
  }

  /// Shape indices by the first segments their patterns allow.
  private static let shapeIndex: [Substring: [Int]] = {
    var index: [Substring: [Int]] = [:]
    for (position, shape) in anyHostShapes.enumerated() {
      for segment in shape.firstSegments { index[Substring(segment), default: []].append(position) }
    }
    return index
  }()

  /// Each shape's pattern, compiled when first needed (same order as ``anyHostShapes``); one
  /// that does not compile matches nothing.
  private static let compiledShapes: [PathPattern] = anyHostShapes.map { PathPattern($0.wrapper.pathPattern) }
}

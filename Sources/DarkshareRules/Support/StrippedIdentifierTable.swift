import DarkshareJudgement

/// Who strips which id, from the tracking-parameter reference, for `explain click-id-only`.
enum StrippedIdentifierTable {
  /// One block per id that some privacy feature strips: kind and vendor, the features that
  /// strip it (`*` marks those on by default where dark shares are opened), and the sources.
  static let text: String = {
    var out = """
      Who strips which parameter (shared/reference/tracking-params.md §4, lists dated there).
      * = on by default where dark shares are opened (Apple Mail and Messages, Safari Private
      Browsing, Firefox with strict tracking protection, Brave); the others need the user to
      choose "copy clean link" or to install an extension.

      """
    out += "The features:\n"
    for stripper in Stripper.allCases {
      out += "  \(stripper.shortName)\(stripper.isOnInDarkChannels ? "*" : ""): \(stripper.displayName). \(stripper.applies)\n"
    }
    out += "\n"
    let entries = TrackingParameter.all.filter { parameter in
      !parameter.strippedBy.isEmpty && (parameter.kind != .campaign || parameter.isStrippedInDarkChannels)
    }
    for parameter in entries {
      let name = parameter.name + (parameter.matchesPrefix ? "*" : "")
      let strippers = parameter.strippedBy.map { $0.shortName + ($0.isOnInDarkChannels ? "*" : "") }
      out += "  \(name) (\(parameter.kind.rawValue); \(parameter.vendor))\n"
      out += "    stripped by: \(strippers.joined(separator: ", "))\n"
      let sources = parameter.sources.compactMap { ReferenceSource.named($0) }.map { "\($0.title) <\($0.location)>" }
      if !sources.isEmpty { out += "    sources: \(sources.joined(separator: "; "))\n" }
    }
    return out
  }()
}

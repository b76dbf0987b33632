/// Every input reader darkshare ships, in the order formats are tried.
public enum BuiltInReaders {
  ///
  /// Mail comes first: a message's HTML part would otherwise make HTML sniffing claim it,
  /// while e-mail sniffing only claims files that start with an RFC 5322 header.
  public static let all: [any InputReader.Type] = [
    EMLReader.self, HTMLReader.self,
  ]

  /// The reader for an input, chosen by its path and first bytes; nil when none claims it.
  public static func reader(forPath path: String, head: ArraySlice<UInt8>) -> (any InputReader.Type)? {
    all.first { $0.accepts(path: path, head: head) }
  }
}

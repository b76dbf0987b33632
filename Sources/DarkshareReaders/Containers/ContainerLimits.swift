/// How much a container (`.zip`, `.gz`) may hold before darkshare stops reading it.
///
/// A few kilobytes of deflate data can expand to gigabytes (a "decompression bomb"), and a zip
/// can list millions of entries or nest zips inside zips. Every limit is checked while the
/// bytes stream, before anything of the expanded size is allocated, so a hostile archive costs a
/// bounded amount of time and memory and ends in a ``ReaderError`` for that input alone.
///
/// The defaults fit real exports (a Google Takeout zip of several gigabytes whose mbox streams,
/// a WhatsApp export with media):
///
/// ```swift
/// var limits = ContainerLimits()          // the defaults below
/// limits.maximumEntryCount = 100          // a tighter budget for an untrusted upload
/// ```
///
/// An entry that a reader loads whole (anything but mbox and SMS backups) is further capped by
/// the caller's own, much smaller, per-format limit (``ByteSource/readAll(limit:)``).
public struct ContainerLimits: Sendable, Hashable {
  /// The most entries a zip's central directory may list, directories included. Default 10 000.
  public var maximumEntryCount: Int
  /// The most bytes one entry or one gzip stream may expand to. Default 2 GiB, enough for a
  /// Takeout mbox, which is streamed rather than held.
  public var maximumEntryBytes: Int64
  /// The most bytes all entries of one archive (and the archives nested in it, when they share
  /// an ``ExpansionBudget``) may expand to together. Default 4 GiB.
  public var maximumTotalBytes: Int64
  /// The largest ratio of expanded to compressed bytes, checked once more than
  /// ``ratioGraceBytes`` have been expanded. Default 100 (text deflates about 3–10 : 1, and
  /// deflate's own maximum is about 1 032 : 1, which only runs of one byte reach).
  public var maximumCompressionRatio: Int64
  /// How many bytes may expand before ``maximumCompressionRatio`` applies, so a small, very
  /// repetitive file is not mistaken for a bomb. Default 1 MiB.
  public var ratioGraceBytes: Int64
  /// How deep containers may nest: 1 is a zip, 2 a zip inside a zip (or a `.gz` inside a zip).
  /// Default 2.
  public var maximumNestingDepth: Int

  /// Limits with the documented defaults, each overridable.
  public init(
    maximumEntryCount: Int = 10_000,
    maximumEntryBytes: Int64 = 2 << 30,
    maximumTotalBytes: Int64 = 4 << 30,
    maximumCompressionRatio: Int64 = 100,
    ratioGraceBytes: Int64 = 1 << 20,
    maximumNestingDepth: Int = 2
  ) {
    self.maximumEntryCount = maximumEntryCount
    self.maximumEntryBytes = maximumEntryBytes
    self.maximumTotalBytes = maximumTotalBytes
    self.maximumCompressionRatio = maximumCompressionRatio
    self.ratioGraceBytes = ratioGraceBytes
    self.maximumNestingDepth = maximumNestingDepth
  }

  /// The defaults.
  public static let `default` = ContainerLimits()

  /// Throws when a container at `depth` (1 = the input itself is a container) is nested deeper
  /// than ``maximumNestingDepth``.
  /// - Throws: ``ReaderError`` "containers nested 3 deep: darkshare opens at most 2 levels".
  public func checkNesting(depth: Int) throws(ReaderError) {
    guard depth <= maximumNestingDepth else {
      throw ReaderError(
        "containers nested \(depth) deep: darkshare opens at most \(maximumNestingDepth) levels (a zip inside a zip is 2)")
    }
  }
}

/// The bytes an archive may still expand to, shared by all the entries read from it.
///
/// Each ``ZipArchive`` makes one from ``ContainerLimits/maximumTotalBytes``; pass the parent's
/// budget to a nested archive so the whole tree shares it. Every entry stream charges it as it
/// produces bytes, so reading many honest-looking entries (or one entry many times) stops at the
/// total. Used by one reader at a time, like the sources that charge it.
public final class ExpansionBudget {
  /// The limit this budget started from, in bytes.
  public let total: Int64
  /// Bytes charged so far.
  public private(set) var spent: Int64 = 0

  /// A budget of `total` bytes.
  public init(total: Int64) { self.total = total }

  /// Takes `count` more bytes from the budget.
  /// - Throws: ``ReaderError`` when the total would be exceeded.
  func charge(_ count: Int, name: String) throws(ReaderError) {
    spent += Int64(count)
    guard spent <= total else {
      throw ReaderError(
        "looks like a decompression bomb: \(name) takes the archive past the \(total)-byte limit for everything it expands to")
    }
  }
}

/// One of N deterministic slices of a run's inputs (`--shard I/N`), so N processes or machines
/// can share one input list without talking to each other.
///
/// The split is made after directory expansion, one input at a time, by a stable hash of the
/// path the input is reported under (the argument as typed, joined with the path a folder walk
/// found it at): 64-bit FNV-1a over the path's UTF-8 bytes, taken modulo N. An input belongs to
/// shard `I` when that remainder is `I - 1`. Because each input's shard depends on its own path
/// only, adding a file moves that file alone, and every input lands in exactly one shard.
/// Shards of one run must be given the same paths, spelled the same way (`corpora/` and
/// `./corpora/` name the same files under different paths, so they hash differently).
public struct Shard: Sendable, Hashable, CustomStringConvertible {
  /// 1-based: `1...count`.
  public let index: Int
  /// How many shards the inputs are split into (at least 1).
  public let count: Int

  /// - Precondition: `1 <= index <= count`.
  public init(index: Int, count: Int) {
    precondition(count >= 1 && (1...count).contains(index), "shard \(index)/\(count) out of range")
    self.index = index
    self.count = count
  }

  /// Reads `I/N` as `--shard` takes it.
  /// - Throws: ``UsageError`` when the text is not two whole numbers `I/N` with `1 <= I <= N`.
  public init(parsing text: String) throws(UsageError) {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]),
      parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) })
    else {
      throw UsageError("--shard '\(text)': expected I/N, two whole numbers such as 1/4")
    }
    guard count >= 1 else { throw UsageError("--shard '\(text)': N must be at least 1") }
    guard (1...count).contains(index) else {
      throw UsageError("--shard '\(text)': I must be between 1 and N (\(count))")
    }
    self.init(index: index, count: count)
  }

  public var description: String { "\(index)/\(count)" }

  /// Whether the input reported as `path` belongs to this shard.
  public func contains(path: String) -> Bool {
    Int(Self.hash(path) % UInt64(count)) == index - 1
  }

  /// Whether `input` belongs to this shard (by ``ResolvedInput/displayName``).
  public func contains(_ input: ResolvedInput) -> Bool { contains(path: input.displayName) }

  /// 64-bit FNV-1a of the UTF-8 bytes of `text`: stable across runs, machines and versions,
  /// unlike `Hasher`, which is seeded per process.
  public static func hash(_ text: String) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
      hash ^= UInt64(byte)
      hash &*= 0x0000_0100_0000_01b3
    }
    return hash
  }
}

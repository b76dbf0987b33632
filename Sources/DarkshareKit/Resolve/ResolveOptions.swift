import Foundation

/// How `--resolve` follows redirects: the only network access darkshare ever makes.
public struct ResolveOptions: Sendable {
  /// The most redirects followed from one URL.
  public var maximumHops = 10
  /// Seconds one request may take.
  public var timeout: TimeInterval = 5
  /// Requests in flight at once, over all hosts.
  public var concurrency = 8
  /// The least time between two requests to the same host, in seconds.
  public var perHostInterval: TimeInterval = 0.25
  /// Allow loopback, private and link-local addresses (`--resolve-allow-private`).
  public var allowPrivateAddresses = false
  /// Where resolutions are remembered between runs; nil keeps them for this run only.
  public var cacheFile: URL?
  /// How long a remembered resolution is used, in seconds.
  public var cacheLifetime: TimeInterval = 7 * 24 * 3600

  public init() {}

  /// `$XDG_CACHE_HOME/darkshare/resolve.json`, or `~/.cache/darkshare/resolve.json`.
  public static var defaultCacheFile: URL {
    let base = ProcessInfo.processInfo.environment["XDG_CACHE_HOME"].map { URL(fileURLWithPath: $0) }
      ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache")
    return base.appendingPathComponent("darkshare/resolve.json")
  }
}

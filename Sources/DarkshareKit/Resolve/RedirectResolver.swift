import DarkshareJudgement
import Foundation

/// Follows shortener and opaque redirects (`--resolve`), hop by hop, politely: at most
/// ``ResolveOptions/maximumHops`` hops, a timeout per request, a bound on requests in flight, a
/// minimum interval per host, never an internal address unless allowed, and an on-disk cache
/// so a rerun asks nothing twice.
public actor RedirectResolver {
  private let options: ResolveOptions
  private let client: HTTPHopClient
  private let lookup: any AddressLookup
  private var cache: ResolutionCache
  /// Resolutions in progress, so two links to the same URL share one chain of requests.
  private var inFlight: [String: Task<Resolution, Never>] = [:]
  private var available: Int
  private var waiters: [CheckedContinuation<Void, Never>] = []
  private var nextSlot: [String: Date] = [:]

  /// - Throws: ``UsageError`` when libcurl (`libcurl.so.4`, or `$DARKSHARE_LIBCURL`) cannot be
  ///   loaded: it is loaded only here, on the first `--resolve`.
  public init(options: ResolveOptions) throws(UsageError) {
    try self.init(options: options, lookup: SystemAddressLookup())
  }

  /// A resolver whose host names are looked up by `lookup` (tests give a rebinding one).
  init(options: ResolveOptions, lookup: any AddressLookup) throws(UsageError) {
    if case .failure(let unavailable) = HTTPHopClient.load() {
      throw UsageError(
        "--resolve needs libcurl (Debian/Ubuntu: apt-get install libcurl4), loaded only when --resolve is used; "
          + "'\(unavailable.library)' could not be loaded: \(unavailable.reason)")
    }
    self.options = options
    self.lookup = lookup
    client = HTTPHopClient(timeout: options.timeout)
    cache = ResolutionCache(file: options.cacheFile, lifetime: options.cacheLifetime)
    available = max(1, options.concurrency)
  }

  /// The redirects from `url` to its final destination.
  public func resolve(_ url: String) async -> Resolution {
    if let cached = cache.lookup(url) { return cached }
    if let running = inFlight[url] { return await running.value }
    let task = Task { await self.follow(url) }
    inFlight[url] = task
    let resolution = await task.value
    inFlight[url] = nil
    if resolution.error == nil || resolution.error?.hasPrefix("redirect loop") == true { cache.store(resolution, for: url) }
    return resolution
  }

  /// Writes the cache file, when there is one.
  public func finish() {
    cache.save()
  }

  private func follow(_ start: String) async -> Resolution {
    var hops = [start]
    var current = start
    for _ in 0..<options.maximumHops {
      // The host judged is the host requested: both come from this one parse.
      let target: RequestTarget
      switch RequestTarget.parse(current) {
      case .success(let parsed): target = parsed
      case .failure(let refused): return Resolution(hops: hops, error: refused.message)
      }
      let url = target.url
      let host = target.host
      // Resolved and checked once; the request connects to the address checked.
      let pin: ConnectionPin?
      switch ConnectionPin.make(for: target, allowPrivate: options.allowPrivateAddresses, lookup: lookup) {
      case .success(let checked): pin = checked
      case .failure(let refused): return Resolution(hops: hops, error: refused.message)
      }
      await acquire(host: host.lowercased())
      let answer = await client.hop(url, pin: pin)
      release()
      let hop: HTTPHopClient.Hop
      switch answer {
      case .success(let answered): hop = answered
      case .failure(let failure): return Resolution(hops: hops, error: failure.message(host: host))
      }
      guard (300..<400).contains(hop.status), let location = hop.location else {
        if (200..<300).contains(hop.status) || hop.status == 304 { return Resolution(hops: hops) }
        return Resolution(hops: hops, error: "\(host) answered HTTP \(hop.status)")
      }
      guard let next = URL(string: location, relativeTo: url)?.absoluteURL.absoluteString else {
        return Resolution(hops: hops, error: "invalid Location header '\(location)'")
      }
      if hops.contains(next) { return Resolution(hops: hops + [next], error: "redirect loop back to \(next)") }
      hops.append(next)
      current = next
    }
    return Resolution(hops: hops, error: "more than \(options.maximumHops) redirects")
  }

  /// Waits for a request slot, and for the host's interval since its last request.
  private func acquire(host: String) async {
    if available > 0 {
      available -= 1
    } else {
      await withCheckedContinuation { waiters.append($0) }
    }
    let now = Date()
    let slot = max(now, nextSlot[host] ?? now)
    nextSlot[host] = slot.addingTimeInterval(options.perHostInterval)
    let wait = slot.timeIntervalSince(now)
    if wait > 0 { try? await Task.sleep(nanoseconds: UInt64(wait * 1_000_000_000)) }
  }

  private func release() {
    if waiters.isEmpty {
      available += 1
    } else {
      waiters.removeFirst().resume()
    }
  }
}

import CCurlLoader
import Foundation

/// Makes one request and reports the status and `Location`, without following redirects and
/// without reading a body: `HEAD` first, `GET` (stopped as soon as the body begins) when the
/// server refuses `HEAD`. Both requests go to the one address the caller checked (``ConnectionPin``):
/// libcurl never resolves the name itself, so a DNS answer that changes after the check
/// (rebinding) is never connected to.
///
/// libcurl is loaded on demand (``load(library:)``), not linked: a run without `--resolve`
/// loads neither it nor the TLS and HTTP/2 libraries it brings.
struct HTTPHopClient: Sendable {
  /// One response's status and redirect target.
  struct Hop: Sendable {
    var status: Int
    var location: String?
  }

  /// The library name tried when `DARKSHARE_LIBCURL` is not set.
  static let defaultLibrary = "libcurl.so.4"

  /// Why libcurl could not be loaded.
  struct Unavailable: Error {
    var library: String
    var reason: String
  }

  let timeout: TimeInterval

  /// Loads libcurl (`$DARKSHARE_LIBCURL`, else ``defaultLibrary``) unless it already is.
  static func load(
    library: String = ProcessInfo.processInfo.environment["DARKSHARE_LIBCURL"] ?? defaultLibrary
  ) -> Result<Void, Unavailable> {
    var reason = [CChar](repeating: 0, count: 512)
    guard ds_curl_load(library, &reason, reason.count) == 1 else {
      return .failure(Unavailable(library: library, reason: String(cString: reason)))
    }
    return .success(())
  }

  /// The hop for `url`, connected to `pin`'s address: HEAD, then GET when HEAD is refused (405,
  /// 501, 403, 400). `Result.failure` says why there is no usable answer.
  func hop(_ url: URL, pin: ConnectionPin?) async -> Result<Hop, HopFailure> {
    let head = await request(url, head: true, pin: pin)
    if case .success(let answer) = head, ![400, 403, 405, 501].contains(answer.status) { return head }
    return await request(url, head: false, pin: pin)
  }

  /// One request, on a thread of its own: `curl_easy_perform` blocks.
  private func request(_ url: URL, head: Bool, pin: ConnectionPin?) async -> Result<Hop, HopFailure> {
    let milliseconds = max(1, Int(timeout * 1000))
    return await withCheckedContinuation { continuation in
      DispatchQueue.global().async {
        var answer = ds_curl_hop()
        ds_curl_request(url.absoluteString, head ? 1 : 0, pin?.curlResolveEntry, milliseconds,
                        "darkshare/resolve (+link attribution audit)", &answer)
        guard answer.answered == 1 else {
          let reason = withUnsafeBytes(of: answer.error) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
          continuation.resume(returning: .failure(.noAnswer(reason)))
          return
        }
        guard answer.location_too_long == 0 else {
          continuation.resume(returning: .failure(.locationTooLong))
          return
        }
        let location = withUnsafeBytes(of: answer.location) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        continuation.resume(returning: .success(Hop(status: answer.status, location: location.isEmpty ? nil : location)))
      }
    }
  }
}

/// Why a request gave no usable answer.
enum HopFailure: Error {
  /// No status arrived (timeout, refused connection, TLS failure), in libcurl's words.
  case noAnswer(String)
  /// The `Location` header did not fit the 4,095 bytes kept.
  case locationTooLong

  /// The reason for the user, naming `host`.
  func message(host: String) -> String {
    switch self {
    case .noAnswer(let reason): "no answer from \(host) (timeout or connection error): \(reason)"
    case .locationTooLong: "\(host) sent a Location header longer than 4095 bytes"
    }
  }
}

import Foundation

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// Makes one request and reports the status and `Location`, without following redirects and
/// without reading a body: `HEAD` first, `GET` (cancelled as soon as the headers arrive) when
/// the server refuses `HEAD`.
final class HTTPHopClient: NSObject, URLSessionDataDelegate, @unchecked Sendable {
  /// One response's status and redirect target.
  struct Hop: Sendable {
    var status: Int
    var location: String?
  }

  private let lock = NSLock()
  private var waiting: [Int: CheckedContinuation<Hop?, Never>] = [:]
  private var captured: [Int: Hop] = [:]
  private var session: URLSession!

  init(timeout: TimeInterval) {
    super.init()
    let configuration = URLSessionConfiguration.ephemeral
    configuration.timeoutIntervalForRequest = timeout
    configuration.timeoutIntervalForResource = timeout
    configuration.httpCookieStorage = nil
    configuration.urlCache = nil
    session = URLSession(configuration: configuration, delegate: self, delegateQueue: nil)
  }

  /// The hop for `url`: HEAD, then GET when HEAD is refused (405, 501, 403, 400).
  func hop(_ url: URL) async -> Hop? {
    if let head = await request(url, method: "HEAD"), ![400, 403, 405, 501].contains(head.status) { return head }
    return await request(url, method: "GET")
  }

  func invalidate() {
    session.invalidateAndCancel()
  }

  private func request(_ url: URL, method: String) async -> Hop? {
    var request = URLRequest(url: url)
    request.httpMethod = method
    request.setValue("darkshare/resolve (+link attribution audit)", forHTTPHeaderField: "User-Agent")
    return await withCheckedContinuation { continuation in
      let task = session.dataTask(with: request)
      lock.withLock { waiting[task.taskIdentifier] = continuation }
      task.resume()
    }
  }

  // A redirect: record it and do not follow.
  func urlSession(
    _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
    newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void
  ) {
    record(task, response)
    completionHandler(nil)
  }

  // Headers arrived: record them and stop before the body.
  func urlSession(
    _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
  ) {
    if let response = response as? HTTPURLResponse { record(dataTask, response) }
    completionHandler(.cancel)
  }

  func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
    if let response = task.response as? HTTPURLResponse { record(task, response) }
    let (continuation, hop) = lock.withLock {
      (waiting.removeValue(forKey: task.taskIdentifier), captured.removeValue(forKey: task.taskIdentifier))
    }
    continuation?.resume(returning: hop)
  }

  private func record(_ task: URLSessionTask, _ response: HTTPURLResponse) {
    let location = response.value(forHTTPHeaderField: "Location")
    lock.withLock {
      if captured[task.taskIdentifier] == nil {
        captured[task.taskIdentifier] = Hop(status: response.statusCode, location: location)
      }
    }
  }
}

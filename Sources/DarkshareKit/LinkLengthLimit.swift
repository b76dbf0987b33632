import DarkshareCore
import DarkshareReaders

/// The messages of a document with every link longer than a browser opens taken out and said
/// in the batch's problem, so one hostile link (a 40 MB line of text that is one URL) is never
/// parsed, judged and reported: that costs about fifteen times the link's length.
///
/// The limit is Chromium's `kMaxURLChars`, 2 MiB (`url/url_constants.h`): a longer URL is
/// replaced by an empty, invalid one at its process boundary, so such a link opens nothing and
/// no visit can come from it.
final class LinkLengthLimit: MessageStream {
  /// The longest URL judged, in UTF-8 bytes.
  static let longestURL = 2 << 20

  private let stream: any MessageStream

  init(_ stream: any MessageStream) { self.stream = stream }

  func next() -> MessageBatch? {
    guard var batch = stream.next() else { return nil }
    // One pass over lengths: a batch without an overlong link (all of them) is left as it is.
    guard batch.links.contains(where: { $0.url.utf8.count > Self.longestURL }) else { return batch }
    var problems = [String]()
    batch.links.removeAll { link in
      guard link.url.utf8.count > Self.longestURL else { return false }
      problems.append(Self.problem(link))
      return true
    }
    if let problem = batch.problem { problems.append(problem.message) }
    batch.problem = ReaderError(problems.joined(separator: "; "))
    return batch
  }

  /// What is said of the overlong `link`: where it is, and how long.
  static func problem(_ link: Link) -> String {
    let place = link.message.map { "message \($0.index), line \(link.location.line)" } ?? "line \(link.location.line)"
    return "\(place): a link of \(link.url.utf8.count) bytes was not judged: longer than the \(longestURL) bytes a browser opens"
  }
}

/// How darkshare's links for one message compare with its labels.
///
/// Each label is matched to the first not-yet-matched darkshare link with the same URL as a
/// browser opens it (tabs and line breaks inside the written URL removed, as browsers do: an
/// `href` folded over two lines is one link), in order; a label is right when that link has the labelled status. Darkshare links
/// left unmatched count against the score, so reporting links the labels do not have (or cutting
/// a URL differently) costs as much as a wrong status:
/// `score = right / (labels + unmatched darkshare links)`.
struct RealMailScore {
  /// A label darkshare got wrong, or a darkshare link no label matched.
  struct Mismatch {
    var file: String
    var url: String
    /// The labelled status, or nil for a darkshare link no label matched.
    var expected: String?
    /// Darkshare's status, or nil when darkshare reported no link with this URL.
    var actual: String?
    var rules: [String]
    /// The mismatch class: `expected → actual`, with `(no link)` and `(not labelled)`.
    var kind: String { "\(expected ?? "(not labelled)") → \(actual ?? "(no link)")" }
  }

  /// What the score needs of one darkshare link.
  struct Link {
    var url: String
    var status: String
    var rules: [String]
  }

  var file: String
  var labels: Int
  var right: Int
  var mismatches: [Mismatch]
  var unmatchedLinks: Int { mismatches.filter { $0.expected == nil }.count }
  var denominator: Int { labels + unmatchedLinks }

  init(file: String, labels: [RealMail.Label], links: [Link]) {
    self.file = file
    self.labels = labels.count
    var used = Array(repeating: false, count: links.count)
    var right = 0
    var mismatches = [Mismatch]()
    for label in labels {
      guard let index = links.indices.first(where: { !used[$0] && Self.opened(links[$0].url) == Self.opened(label.url) })
      else {
        mismatches.append(Mismatch(file: file, url: label.url, expected: label.status, actual: nil, rules: []))
        continue
      }
      used[index] = true
      let link = links[index]
      if link.status == label.status {
        right += 1
      } else {
        mismatches.append(
          Mismatch(
            file: file, url: label.url, expected: label.status, actual: link.status, rules: link.rules))
      }
    }
    for index in links.indices where !used[index] {
      let link = links[index]
      mismatches.append(
        Mismatch(file: file, url: link.url, expected: nil, actual: link.status, rules: link.rules))
    }
    self.right = right
    self.mismatches = mismatches
  }

  /// `url` without tabs and line breaks, which browsers drop from a URL.
  static func opened(_ url: String) -> String {
    String(url.unicodeScalars.filter { $0 != "\t" && $0 != "\n" && $0 != "\r" }.map(Character.init))
  }

  /// right / (labels + unmatched links); 1 for a message with neither.
  var score: Double { denominator == 0 ? 1 : Double(right) / Double(denominator) }
}

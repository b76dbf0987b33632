/// The URLs of a `List-Unsubscribe` header (RFC 2369 §3.2): angle-bracketed, comma-separated,
/// `mailto:` and/or `http(s):`.
///
/// ```swift
/// ListUnsubscribe.urls(in: "<mailto:u@list.example>, <https://list.example/u?id=1>")
/// // ["mailto:u@list.example", "https://list.example/u?id=1"]
/// ```
enum ListUnsubscribe {
  static func urls(in value: String) -> [String] {
    var urls = [String]()
    var rest = Substring(value)
    while let open = rest.firstIndex(of: "<") {
      guard let close = rest[open...].firstIndex(of: ">") else { break }
      // Folding whitespace inside the brackets is not part of the URL.
      let url = rest[rest.index(after: open)..<close].filter { !$0.isWhitespace }
      if !url.isEmpty { urls.append(url) }
      rest = rest[rest.index(after: close)...]
    }
    return urls
  }
}

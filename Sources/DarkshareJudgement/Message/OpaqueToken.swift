/// Tells a URL that carries only machine tokens (a click tracker's) from a page address.
///
/// A click tracker's URL is made of ids: base64, base32 or hex tokens that encode which link
/// and which recipient was clicked, with nothing a person could read. A page address has words
/// (`/products/linen-shirt`), or ids beside words (`/products/8f3a…`).
///
/// ```text
/// https://links.brand.example/e3t/Ctc/LX+113/cJhC404/VWT1Sk8Hy8pQW2dR6Hx4t3J9gW3kPqZ  opaque
/// https://click.brand.example/u/click?_t=5f2b9c3a8e1d4f60a7b2c9d0e1f2a3b4&_m=9d…      opaque
/// https://shop.example/products/8f3a9b2c7d1e4f60a1b2                                   not: "products" is a word
/// https://shop.example/spring-sale-2026-new-arrivals                                  not: no token
/// https://x.example/gelatin-marionette/8be4q2395o8xZ613dP1bbabJ3871h18ViIGabIhf4IFIvErIx8wR2  opaque: a 48+ token
/// ```
enum OpaqueToken {
  /// The shortest run of letters and digits that counts as a token, in bytes.
  static let minimumLength = 16

  /// Whether `url` carries an opaque token (in its path, or in a query value whose key is not
  /// a known campaign, click or recipient parameter) and no readable word in its path.
  static func isOpaque(_ url: LinkURL) -> Bool {
    var path = url.path
    let pathIsOpaque: Bool? = path.withUTF8 { path in
      // A token this long is a machine id whatever words stand beside it: spam and tracking
      // hosts put random word pairs around it (`/gelatin-marionette/8be4q2395o8xZ613dP1bb…`).
      if hasToken(path, minimumLength: longTokenLength) { return true }
      guard !hasReadableWord(path) else { return false }
      return hasToken(path) ? true : nil
    }
    if let pathIsOpaque { return pathIsOpaque }
    if isIDPath(url.path) { return true }
    guard url.hasQuery else { return false }
    for parameter in url.queryParameters where TrackingParameter.named(parameter.key) == nil {
      guard var value = parameter.rawValue else { continue }
      if value.withUTF8({ hasToken($0) }) { return true }
    }
    return false
  }

  /// The shortest token that makes a path opaque even beside readable words: longer than the
  /// ids pages put beside their words (a 32-digit hex UUID, a 44-character Google Docs id).
  static let longTokenLength = 48

  /// Whether a path is nothing but ids: at least ``minimumIDSegments`` segments after the first,
  /// each digits or hexadecimal (a file extension aside), as ESPs number campaign, recipient and
  /// link (rapidmail `/c/136/1071579/1264/0/4531494/9012/52876/23c7a80ab5.html`).
  static func isIDPath(_ path: String) -> Bool {
    let segments = path.split(separator: "/").dropFirst()
    guard segments.count >= minimumIDSegments else { return false }
    return segments.allSatisfy { segment in
      let stem = segment.split(separator: ".").first ?? segment
      return !stem.isEmpty && stem.utf8.allSatisfy { $0.hexDigitValue != nil }
        && stem.utf8.contains { CharacterClass($0) == .digit }
    }
  }

  /// The fewest id segments that make a path of ids (`/p/2026/03` is a page).
  static let minimumIDSegments = 5

  /// Whether `bytes` hold a run of ASCII letters and digits of at least ``minimumLength`` that
  /// changes between lower case, upper case and digits often, as random ids do and words,
  /// dates and `CamelCase` names do not: at least 4 changes, and one per 5 characters (a
  /// change from an upper-case letter to a lower-case one, the start of a capitalised word,
  /// does not count).
  static func hasToken(_ bytes: UnsafeBufferPointer<UInt8>, minimumLength: Int = OpaqueToken.minimumLength) -> Bool {
    var runLength = 0
    var changes = 0
    var previous: CharacterClass?
    func runIsToken() -> Bool { runLength >= minimumLength && changes >= max(4, runLength / 5) }
    for byte in bytes {
      guard let current = CharacterClass(byte) else {
        if runIsToken() { return true }
        runLength = 0
        changes = 0
        previous = nil
        continue
      }
      if let previous, previous != current, !(previous == .upper && current == .lower) { changes += 1 }
      previous = current
      runLength += 1
    }
    return runIsToken()
  }

  /// Whether a path holds a word a person reads: a piece between punctuation of 4 or more
  /// letters, all lower case or capitalised or all upper case, with a vowel, that is not one
  /// of the words trackers themselves use (`click`, `track`, `link`, `redirect`, …).
  static func hasReadableWord(_ path: UnsafeBufferPointer<UInt8>) -> Bool {
    var start = 0
    for end in 0...path.count where end == path.count || CharacterClass(path[end]) == nil {
      defer { start = end + 1 }
      guard end - start >= 4, end - start <= 24 else { continue }
      let piece = path[start..<end]
      guard piece.allSatisfy({ CharacterClass($0) != .digit }) else { continue }
      let tail = piece.dropFirst()
      let lowerTail = tail.allSatisfy { CharacterClass($0) == .lower }
      let upperTail = tail.allSatisfy { CharacterClass($0) == .upper }
      let isWordShaped = lowerTail || (upperTail && CharacterClass(piece.first!) == .upper)
      guard isWordShaped, piece.contains(where: { "aeiouyAEIOUY".utf8.contains($0) }) else { continue }
      // ASCII letters, 4 to 24 of them: always a key, compared without a string made.
      if let word = FoldedASCIIKey(piece), !trackerWordKeys.contains(word) { return true }
    }
    return false
  }

  /// Whether `url`'s path is a redirect script carrying an id: its first segment (after
  /// `cgi-bin`), without a file extension, is one of ``redirectWords`` and a digit follows, in a
  /// later path segment or in a query value (`/cgi-bin/goto?on=020758`, `/rd/rd.cfm?id=42`,
  /// `/go/ad306.html`, `/link/93131216/aol`). `/go/summer-sale` names a page, not an id.
  static func isRedirectScript(_ url: LinkURL) -> Bool {
    guard let script = ScriptSegment(path: url.path), redirectWordSet.contains(script.stem) else { return false }
    return script.rest.utf8.contains(where: isDigit) || url.queryContains(where: isDigit)
  }

  /// Whether `url` is a redirect script named as one, a server script file whose name is a
  /// redirect word and whose query carries an id: `/cgi-bin/go.cgi?a=w0000`, `/r.asp?r=1234`,
  /// `/cgi-bin/click.cgi?sid=1&ad=625540`. The file extension makes the name a program, not a
  /// page (`/go/summer-sale`), so one such link is enough.
  static func isNamedRedirectScript(_ url: LinkURL) -> Bool {
    guard url.hasQuery, let script = ScriptSegment(path: url.path), script.isLast,
      let (name, fileExtension) = script.nameAndExtension, scriptExtensionSet.contains(fileExtension),
      redirectWordSet.contains(name) || name.utf8.count == 1 && name.lowercased() == "r"
    else { return false }
    return url.queryContains(where: isDigit)
  }

  private static func isDigit(_ byte: UInt8) -> Bool { CharacterClass(byte) == .digit }
  private static let redirectWordSet = FoldedWordSet(redirectWords)
  private static let scriptExtensionSet = FoldedWordSet(scriptExtensions)

  /// File extensions of server-side scripts.
  static let scriptExtensions: Set<String> = ["cgi", "pl", "asp", "aspx", "php", "cfm", "jsp"]

  /// First path segments of redirect scripts (not `track`, as above).
  static let redirectWords: Set<String> = [
    "go", "go2", "goto", "rd", "redir", "redirect", "click", "clk", "trk", "link", "out", "jump",
  ]

  /// Path words of click-tracking URLs themselves, which say nothing about the destination.
  /// Not `track`: music services name pages by it (`open.spotify.com/track/<id>`).
  static let trackerWords: Set<String> = [
    "click", "clicks", "link", "links", "redirect", "redir", "email", "mail",
    "open", "view", "goto", "page", "prod", "mpss", "wf",
  ]
  private static let trackerWordKeys = FoldedASCIIKeyTable(words: trackerWords)

  /// Lower-case letter, upper-case letter or digit; nil for any other byte.
  enum CharacterClass {
    case lower, upper, digit

    init?(_ byte: UInt8) {
      switch byte {
      case UInt8(ascii: "a")...UInt8(ascii: "z"): self = .lower
      case UInt8(ascii: "A")...UInt8(ascii: "Z"): self = .upper
      case UInt8(ascii: "0")...UInt8(ascii: "9"): self = .digit
      default: return nil
      }
    }
  }
}

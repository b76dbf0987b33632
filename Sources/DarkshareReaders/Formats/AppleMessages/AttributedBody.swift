/// The text of an Apple Messages `attributedBody` and the links attached to its ranges.
///
/// The typedstream (``AppleTypedStream``) holds one `NSAttributedString` (or
/// `NSMutableAttributedString`): its string (an `NSString` whose `+` value is the UTF-8 text),
/// then one run after another, each an attribute-dictionary number (`i`), a length in UTF-16
/// units (`I`) and the attribute `NSDictionary` (a count, then keys and values). A run whose
/// dictionary holds `__kIMLinkAttributeName` carries a link: an `NSURL` (a flag and its string)
/// or a string.
struct AttributedBody: Equatable {
  /// A link attribute: the URL and where its run starts in ``text``, in Unicode scalars.
  struct LinkAttribute: Equatable {
    var url: String
    var scalarOffset: Int
  }

  /// The message text.
  var text: String
  /// The link attributes, in text order.
  var links: [LinkAttribute]

  /// The key Messages stores a link attribute under.
  static let linkAttribute = "__kIMLinkAttributeName"

  /// Reads the `attributedBody` blob `bytes`.
  /// - Throws: ``AppleTypedStream/Failure`` when it is no typedstream, or holds no attributed string.
  init(_ bytes: [UInt8]) throws(AppleTypedStream.Failure) {
    let stream = try AppleTypedStream(bytes)
    guard case .object(let top)? = stream.values.first, let root = stream.object(top) else {
      throw AppleTypedStream.Failure(message: "no object in the attributedBody", offset: 0)
    }
    if root.isKind(of: "NSString") {
      text = Self.string(of: root)
      links = []
      return
    }
    guard root.isKind(of: "NSAttributedString") else {
      throw AppleTypedStream.Failure(message: "the attributedBody is a \(root.classNames.first ?? "?"), not an attributed string", offset: 0)
    }
    guard case .object(let stringIndex)? = root.values.first, let string = stream.object(stringIndex) else {
      throw AppleTypedStream.Failure(message: "the attributed string has no string", offset: 0)
    }
    text = Self.string(of: string)
    let scalarOffsets = Self.scalarOffsets(byUTF16In: text)
    links = []
    // The runs: (number, length, dictionary) triples after the string.
    var utf16 = 0
    var rest = root.values.dropFirst()
    while rest.count >= 3 {
      let triple = Array(rest.prefix(3))
      rest = rest.dropFirst(3)
      guard case .integer = triple[0], case .integer(let length) = triple[1], case .object(let index) = triple[2] else { break }
      if let dictionary = stream.object(index), let url = Self.link(in: dictionary, of: stream) {
        links.append(LinkAttribute(url: url, scalarOffset: scalarOffsets[min(utf16, scalarOffsets.count - 1)]))
      }
      utf16 += Int(clamping: max(0, length))
    }
  }

  /// The text of an `NSString` object (its first byte-string value), invalid UTF-8 repaired.
  private static func string(of object: AppleTypedStream.Object) -> String {
    for value in object.values { if case .bytes(let bytes) = value { return String(decoding: bytes, as: UTF8.self) } }
    return ""
  }

  /// The URL of a `__kIMLinkAttributeName` entry of an attribute dictionary.
  private static func link(in dictionary: AppleTypedStream.Object, of stream: AppleTypedStream) -> String? {
    guard dictionary.isKind(of: "NSDictionary") else { return nil }
    let objects = dictionary.values.dropFirst().compactMap { value -> AppleTypedStream.Object?? in
      guard case .object(let index) = value else { return nil }
      return .some(stream.object(index))
    }
    var pair = objects.startIndex
    while pair + 1 < objects.endIndex {
      defer { pair += 2 }
      guard let key = objects[pair], key.isKind(of: "NSString"), string(of: key) == linkAttribute, let value = objects[pair + 1] else {
        continue
      }
      if value.isKind(of: "NSString") { return string(of: value) }
      if value.isKind(of: "NSURL") {
        for case .object(let index) in value.values {
          if let relative = stream.object(index), relative.isKind(of: "NSString") { return string(of: relative) }
        }
      }
    }
    return nil
  }

  /// For each UTF-16 offset in `text` (and its end), the Unicode-scalar offset it falls in.
  static func scalarOffsets(byUTF16In text: String) -> [Int] {
    var offsets: [Int] = []
    offsets.reserveCapacity(text.utf16.count + 1)
    for (index, scalar) in text.unicodeScalars.enumerated() {
      for _ in 0..<scalar.utf16.count { offsets.append(index) }
    }
    offsets.append(text.unicodeScalars.count)
    return offsets
  }
}

import DarkshareCore

/// Reads Apple Mail's `.emlx` files (and `.partial.emlx`): the message they wrap, as
/// ``EMLReader`` reads an `.eml`.
///
/// An `.emlx` is a line with the message's length in bytes, the RFC 5322 message, then an XML
/// property list of Apple Mail's flags. Only the counted bytes are read, so the plist trailer is
/// never taken for message text:
///
/// ```
/// 1832                          ← the message's length in bytes
/// From: news@shop.example       ← 1832 bytes of message, read as an .eml
/// …
/// <?xml version="1.0" …>        ← Apple Mail's flags: not read
/// ```
///
/// Positions are within the decoded part, as for `.eml`. A count larger than what follows (a
/// truncated copy) reads the bytes there are and says so as the file's error.
public struct EMLXReader: InputReader {
  public static let format = "emlx"

  public init() {}

  public static func accepts(path: String, head: ArraySlice<UInt8>) -> Bool {
    TemplateReader.pathExtension(of: path) == "emlx"
  }

  public func links(in bytes: [UInt8], file: String) throws(ReaderError) -> [Link] {
    let (links, problem) = try read(bytes, file: file)
    if let problem { throw problem }
    return links
  }

  public func read(_ bytes: [UInt8], file: String) throws(ReaderError) -> (links: [Link], problem: ReaderError?) {
    let (message, problem) = try Self.message(in: bytes)
    let read = try EMLReader().read(message, file: file)
    // The message's own problems (a part not read) first, then the wrapper's.
    let problems = [read.problem, problem].compactMap { $0?.message }
    return (read.links, problems.isEmpty ? nil : ReaderError(problems.joined(separator: "; ")))
  }

  /// The counted message bytes of an `.emlx`, and a problem when fewer bytes follow than counted.
  /// - Throws: ``ReaderError`` when the first line is not a byte count.
  static func message(in bytes: [UInt8]) throws(ReaderError) -> ([UInt8], ReaderError?) {
    let region = try Self.region(head: bytes.prefix(64), size: bytes.count)
    return (Array(bytes[region.start..<region.start + region.length]), region.problem.map(ReaderError.init))
  }

  /// Where the message is in an `.emlx` of `size` bytes starting with `head`.
  /// - Throws: ``ReaderError`` when the first line is not a byte count.
  static func region(head: ArraySlice<UInt8>, size: Int) throws(ReaderError) -> (start: Int, length: Int, problem: String?) {
    let lineEnd = head.prefix(64).firstIndex(of: UInt8(ascii: "\n"))
    let digits = head[..<(lineEnd ?? min(head.endIndex, head.startIndex + 64))].filter { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }
    guard let lineEnd, !digits.isEmpty, digits.count <= 12, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
      let count = Int(String(decoding: digits, as: UTF8.self))
    else {
      throw ReaderError("not an Apple Mail .emlx: the first line is not the message's length in bytes")
    }
    let start = lineEnd + 1 - head.startIndex
    let available = size - start
    guard count <= available else {
      return (start, available, "the .emlx is truncated: its first line counts \(count) bytes of message, \(available) follow")
    }
    return (start, count, nil)
  }
}

extension EMLXReader: PartedDocumentReader {
  /// A large `.emlx`: its counted message read in parts, as ``EMLReader`` reads a large `.eml`.
  public func parted(_ document: RereadableDocument, file: String, largestHeld: Int) throws(ReaderError) -> (any PartedDocument)? {
    let head = try PeekedByteSource(document.open(), peeking: 64).head
    let region = try Self.region(head: head[...], size: document.size)
    try EMLReader.checkStart(of: ByteSourceRange(document.open(), start: region.start, length: region.length))
    let message = PartedMessage(document: document, file: file, region: (region.start, region.length), problem: region.problem)
    try message.copyLargeParts(largerThan: max(0, largestHeld))
    return message
  }
}

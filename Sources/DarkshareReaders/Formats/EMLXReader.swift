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
    return (try EMLReader().links(in: message, file: file), problem)
  }

  /// The counted message bytes of an `.emlx`, and a problem when fewer bytes follow than counted.
  /// - Throws: ``ReaderError`` when the first line is not a byte count.
  static func message(in bytes: [UInt8]) throws(ReaderError) -> ([UInt8], ReaderError?) {
    let lineEnd = bytes.prefix(64).firstIndex(of: UInt8(ascii: "\n"))
    let digits = bytes[..<(lineEnd ?? min(bytes.count, 64))].filter { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }
    guard let lineEnd, !digits.isEmpty, digits.count <= 12, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
      let count = Int(String(decoding: digits, as: UTF8.self))
    else {
      throw ReaderError("not an Apple Mail .emlx: the first line is not the message's length in bytes")
    }
    let start = lineEnd + 1
    let available = bytes.count - start
    guard count <= available else {
      return (
        Array(bytes[start...]),
        ReaderError("the .emlx is truncated: its first line counts \(count) bytes of message, \(available) follow"))
    }
    return (Array(bytes[start..<start + count]), nil)
  }
}

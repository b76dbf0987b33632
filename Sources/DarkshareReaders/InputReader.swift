import DarkshareCore

/// Reads one input format and returns every link in it, located in the original bytes.
///
/// Adding a format is adding one reader file and one line in ``BuiltInReaders/all``.
public protocol InputReader: Sendable {
  /// The format's name, as reports and errors show it (`html`).
  static var format: String { get }
  /// Whether this reader claims an input, judged from its path and its first bytes.
  static func accepts(path: String, head: ArraySlice<UInt8>) -> Bool
  init()
  /// The links in `bytes`, an input shown to the user as `file`.
  /// - Throws: ``ReaderError`` when the input is not of this format or cannot be read.
  func links(in bytes: [UInt8], file: String) throws(ReaderError) -> [Link]
  /// The links in `bytes` and, for an input that breaks off partway (a truncated XML backup), why
  /// reading stopped: the links before the break are kept and the problem is the file's error.
  /// - Throws: ``ReaderError`` when nothing of the input could be read.
  func read(_ bytes: [UInt8], file: String) throws(ReaderError) -> (links: [Link], problem: ReaderError?)
}

extension InputReader {
  /// Readers that either read an input whole or fail: no partial result.
  public func read(_ bytes: [UInt8], file: String) throws(ReaderError) -> (links: [Link], problem: ReaderError?) {
    (try links(in: bytes, file: file), nil)
  }
}

/// Why an input could not be read; the message names the problem for a person.
public struct ReaderError: Error, Sendable, Hashable, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }

  /// Whether the error says the input is not of the format at all ("not a CSV message log: …",
  /// "unknown format: …"), rather than a damaged input of that format ("the SMS backup is not
  /// well-formed XML", "malformed CSV"): a file a walk only sniffed is passed over for the
  /// first, reported for the second.
  public var saysNotThisFormat: Bool {
    message.hasPrefix("not ") || message.hasPrefix("unknown format")
  }
}

/// A reader of a binary format (an Outlook `.msg`): its input is not refused for the NUL and
/// control bytes that make a text reader's input binary data (``BinarySniffer``).
public protocol BinaryInputReader: InputReader {}

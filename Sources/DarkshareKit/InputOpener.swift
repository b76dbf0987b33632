import DarkshareReaders

/// Opens an input for reading: its bytes as a ``ByteSource``, its format sniffed from its name
/// and first bytes, and the reader's ``MessageStream`` over it.
enum InputOpener {
  /// How many bytes formats are sniffed from.
  static let sniffedBytes = 4096

  /// An input ready to be read: the name reports show and its messages.
  struct Opened {
    var file: String
    var stream: any MessageStream
  }

  static func open(_ input: ResolvedInput) -> Result<Opened, ReaderError> {
    do throws(ReaderError) {
      let name = input.displayName
      let source: any ByteSource
      switch input {
      case .unreadable(_, let reason): throw ReaderError(reason)
      case .standardInput: source = FileByteSource(standardInput: ())
      case .file(let path): source = try FileByteSource(path: path)
      case .bytes(let bytes, _): source = MemoryByteSource(bytes)
      }
      return .success(try open(source, file: name))
    } catch {
      return .failure(error)
    }
  }

  /// Opens `source`, shown as `file`, with the reader its name and first bytes call for.
  /// Standard input with no recognisable content is read as HTML.
  static func open(_ source: any ByteSource, file: String) throws(ReaderError) -> Opened {
    let peeked = try PeekedByteSource(source, peeking: sniffedBytes)
    guard let reader = BuiltInReaders.reader(forPath: file == "-" ? "-.html" : file, head: peeked.head[...]) else {
      throw ReaderError("unknown format: not one darkshare reads")
    }
    if let streaming = reader.init() as? any StreamingInputReader {
      return Opened(file: file, stream: try streaming.messages(from: peeked, file: file))
    }
    return Opened(
      file: file, stream: WholeInputMessages(reader: reader.init(), source: peeked, file: file, limit: Auditor.maximumInputSize))
  }
}

import DarkshareReaders

/// The documents one input holds, opened one at a time: a file is one document, a `.gz` is the
/// document it compresses, a zip is one document per entry darkshare reads (named
/// `archive.zip!/entry`; entry names are labels only, nothing is ever written to disk).
///
/// Each document is read with the reader its name and first bytes call for (standard input is
/// sniffed under its name, `-` unless `--stdin-filename` gave one, so its content decides), or
/// with the reader `--input-format` named: containers are still recognised by their bytes, and
/// the format applies to the document a `.gz` holds but not to a zip's entries. Zip entries no
/// reader claims (the photos of a WhatsApp export) are passed over; an entry or archive that
/// cannot be read is a document with an error, and the other entries are still read.
final class InputDocuments {
  /// How many bytes formats are sniffed from.
  static let sniffedBytes = 4096

  /// One document: its name in reports and its messages, or why it cannot be read.
  enum Document {
    case readable(file: String, stream: any MessageStream)
    /// A document too large to hold, read a part at a time, as often as judging it needs.
    case readableInParts(file: String, parts: DocumentParts)
    case unreadable(file: String, error: ReaderError)
  }

  /// The largest document of a ``PartedDocumentReader`` format read whole; a larger one is read
  /// in parts (``DocumentParts``). Reading whole is faster (one reading instead of two or three)
  /// and a document this size takes tens of megabytes judged whole.
  static let largestWholeDocument = 2 << 20

  private let limits: ContainerLimits
  private var first: ResolvedInput?
  /// The zips being walked, innermost last.
  private var zips: [ZipCursor] = []
  private let meter: ProgressMeter?
  /// The reader `--input-format` chose for the input, when it chose one.
  private let format: (any InputReader.Type)?
  /// The input file's bytes counted for ``meter`` as they are read.
  private let tally = CountingByteSource.Tally()

  /// - Parameter format: the reader for the input's document, in place of sniffing (`--input-format`).
  /// The largest document read whole, ``largestWholeDocument`` unless a test reads every
  /// document in parts.
  private let largestWholeDocument: Int

  init(
    _ input: ResolvedInput, format: (any InputReader.Type)? = nil, limits: ContainerLimits = .default, meter: ProgressMeter? = nil,
    largestWholeDocument: Int = InputDocuments.largestWholeDocument
  ) {
    first = input
    self.format = format
    self.limits = limits
    self.meter = meter
    self.largestWholeDocument = largestWholeDocument
  }

  /// How many of the input file's bytes have been counted as read (a zip's entries count their
  /// share of its compressed bytes; a zip nested in a zip counts none).
  var bytesCounted: Int { tally.count }

  /// Takes back `count` bytes counted for the progress line.
  private func uncount(_ count: Int) {
    guard let meter else { return }
    tally.count -= count
    meter.read(-count)
  }

  /// `source` counted for the progress line, when there is one.
  private func counted(_ source: any ByteSource, scale: Double = 1) -> any ByteSource {
    meter.map { CountingByteSource(source, meter: $0, tally: tally, scale: scale) } ?? source
  }

  /// The next document, or nil after the last.
  func next() -> Document? {
    if let input = first {
      first = nil
      do throws(ReaderError) {
        let source: any ByteSource
        var path: String?
        switch input {
        case .unreadable(_, let reason): throw ReaderError(reason)
        case .standardInput: source = FileByteSource(standardInput: ())
        case .file(let file):
          let opened = try FileByteSource(path: file)
          source = counted(opened)
          // A named pipe is read as a stream, never reopened by path.
          if opened.isRegularFile { path = file }
        case .bytes(let bytes, _): source = MemoryByteSource(bytes)
        }
        if let document = try open(source, file: input.displayName, path: path, depth: 1, budget: nil) { return document }
      } catch {
        return .unreadable(file: input.displayName, error: error)
      }
    }
    while let zip = zips.last {
      guard let entry = zip.next() else {
        zips.removeLast()
        if zip.documents == 0 {
          return .unreadable(
            file: zip.file, error: ReaderError("the zip holds no file darkshare reads (\(zip.archive.entries.count) entries)"))
        }
        continue
      }
      let file = zip.file + "!/" + entry.displayName
      do throws(ReaderError) {
        if let reason = entry.unsupportedReason { throw ReaderError(reason) }
        var source = try zip.archive.open(entry)
        // The input file is the zip itself (read at offsets): its entries stand in for it.
        if zip.isInputFile, entry.uncompressedSize > 0 {
          source = counted(source, scale: Double(entry.compressedSize) / Double(entry.uncompressedSize))
        }
        let opened = try open(
          source, file: file, sniffedAs: entry.name, depth: zip.depth + 1, budget: zip.archive.budget, claimedOnly: true)
        if let document = opened {
          zip.documents += 1
          return document
        }
      } catch {
        zip.documents += 1
        return .unreadable(file: file, error: error)
      }
    }
    return nil
  }

  /// Opens `source`, shown as `file`: a container is unpacked (a zip is pushed for ``next()``
  /// to walk, and nil returned), anything else gets its reader. `claimedOnly`: nil rather than
  /// an error when no reader claims it (zip entries).
  private func open(
    _ source: any ByteSource, file: String, sniffedAs name: String? = nil, path: String? = nil, depth: Int,
    budget: ExpansionBudget?, claimedOnly: Bool = false
  ) throws(ReaderError) -> Document? {
    let name = name ?? file
    let peeked = try PeekedByteSource(source, peeking: Self.sniffedBytes)
    if ZipArchive.isZip(peeked.head) {
      let archive =
        if let path, depth == 1 {
          try ZipArchive(path: path, limits: limits)
        } else {
          try ZipArchive(bytes: try peeked.readAll(limit: Auditor.maximumInputSize), limits: limits, depth: depth, budget: budget)
        }
      let isInputFile = path != nil && depth == 1
      // The input file's entries will count its bytes; the sniffed head does not count twice.
      if isInputFile { uncount(peeked.head.count) }
      zips.append(ZipCursor(archive: archive, file: file, depth: depth, isInputFile: isInputFile))
      return nil
    }
    if GzipContainer.isGzip(peeked.head) {
      let inflated = try GzipContainer.open(peeked, limits: limits, depth: depth, budget: budget)
      return try open(
        inflated, file: file, sniffedAs: GzipContainer.innerName(for: name), depth: depth + 1, budget: budget,
        claimedOnly: claimedOnly)
    }
    if GzipContainer.isTar(peeked.head) {
      throw ReaderError("a tar archive, which darkshare does not read (unpack it, or zip it)")
    }
    // A zip's entries are always sniffed: the format named for the input is not theirs.
    guard let reader = (claimedOnly ? nil : format) ?? BuiltInReaders.reader(forPath: name, head: peeked.head[...]) else {
      if claimedOnly { return nil }
      if peeked.head.isEmpty { throw ReaderError("the input is empty") }
      throw ReaderError(
        "unknown format: not one darkshare reads (name it with --input-format \(BuiltInReaders.formats.joined(separator: "|")))")
    }
    var source: any ByteSource = peeked
    if let parted = reader.init() as? any PartedDocumentReader {
      switch try largeDocument(peeked, path: path) {
      case .small(let whole):
        source = whole
      case .large(let document):
        // Refused as the whole input would be: `/dev/zero` shows its NULs in the first bytes
        // (a binary format, an Outlook `.msg`, checks its own signature instead).
        if depth == 1, !(parted is any BinaryInputReader),
          let problem = BinarySniffer.problem(in: peeked.head, expected: "a document darkshare reads as \(reader.format)")
        {
          throw ReaderError(problem + "; nothing more was read")
        }
        if let partedDocument = try parted.parted(document, file: file, largestHeld: largestWholeDocument / 2) {
          return .readableInParts(file: file, parts: DocumentParts(partedDocument, isContained: depth > 1))
        }
        // An encoding only read whole.
        source = try document.open()
      }
    }
    let stream: any MessageStream =
      if let streaming = reader.init() as? any StreamingInputReader {
        try streaming.messages(from: source, file: file)
      } else {
        WholeInputMessages(
          reader: reader.init(), source: source, file: file, limit: Auditor.maximumInputSize, sniffsFirst: depth == 1)
      }
    return .readable(file: file, stream: LinkLengthLimit(depth > 1 ? ContainedMessages(stream) : stream))
  }

  private enum DocumentSize {
    /// At most ``largestWholeDocument`` bytes: the source, with all of them peeked.
    case small(PeekedByteSource)
    case large(RereadableDocument)
  }

  /// Whether the document `peeked` holds is too large to read whole: a regular file at `path`
  /// is judged by its size and opened again by path; anything else is read ahead, and a large
  /// one copied to a temporary file.
  private func largeDocument(_ peeked: PeekedByteSource, path: String?) throws(ReaderError) -> DocumentSize {
    if let path, let document = RereadableDocument(path: path, largerThan: largestWholeDocument) { return .large(document) }
    let ahead = try PeekedByteSource(peeked, peeking: largestWholeDocument + 1)
    guard ahead.head.count > largestWholeDocument else { return .small(ahead) }
    return .large(try RereadableDocument(spooling: ahead, limit: Auditor.maximumInputSize))
  }

  /// A document too large to hold, of a ``PartedDocumentReader`` format: its parts, read from
  /// the start as many times as judging it needs (``InputAudit``).
  final class DocumentParts {
    private let document: any PartedDocument
    private let isContained: Bool

    init(_ document: any PartedDocument, isContained: Bool) {
      self.document = document
      self.isContained = isContained
    }

    /// Whether each of the document's messages comes whole before the next begins.
    var messagesFollowOneAnother: Bool { document.messagesFollowOneAnother }

    /// The document's parts, from the start.
    /// - Throws: ``ReaderError`` when it can no longer be read (the file changed).
    func read() throws(ReaderError) -> any MessageStream {
      let stream = try document.parts()
      return LinkLengthLimit(isContained ? ContainedMessages(stream) : stream)
    }
  }

  /// The messages of a document read out of a zip or `.gz`: positions stay those of the
  /// decompressed text, but no link has an end to rewrite in place (SARIF fixes): archives are
  /// never rewritten (SPEC §8).
  private final class ContainedMessages: MessageStream {
    private let stream: any MessageStream

    init(_ stream: any MessageStream) { self.stream = stream }

    func next() -> MessageBatch? {
      guard var batch = stream.next() else { return nil }
      for index in batch.links.indices { batch.links[index].urlEnd = nil }
      return batch
    }
  }

  /// A zip being walked, entry by entry.
  private final class ZipCursor {
    let archive: ZipArchive
    let file: String
    let depth: Int
    /// Whether the zip is the input file itself, read at offsets (not a zip inside a zip).
    let isInputFile: Bool
    var position = 0
    /// How many documents (readable or not) its entries gave.
    var documents = 0

    init(archive: ZipArchive, file: String, depth: Int, isInputFile: Bool) {
      self.archive = archive
      self.file = file
      self.depth = depth
      self.isInputFile = isInputFile
    }

    func next() -> ZipEntry? {
      guard position < archive.entries.count else { return nil }
      defer { position += 1 }
      return archive.entries[position]
    }
  }
}

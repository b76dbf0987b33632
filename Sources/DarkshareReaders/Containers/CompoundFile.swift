/// An OLE2 compound file (MS-CFB): the container of Outlook `.msg` messages (and of `.doc`,
/// `.xls`), a little file system of storages and streams inside one file.
///
/// The file is a sequence of sectors (512 bytes in version 3, 4096 in version 4) after a header.
/// The FAT chains sectors into streams; small streams (under 4096 bytes) live in 64-byte mini
/// sectors of the *mini stream*, chained by the mini FAT; the directory is a stream of 128-byte
/// entries whose siblings form a red-black tree and whose storages point to their children.
///
/// ```swift
/// let file = try CompoundFile(RandomAccessFile(path: "offer.msg"))
/// for entry in try file.children(of: file.root) where entry.name == "__properties_version1.0" {
///   let properties = try file.contents(of: entry)
/// }
/// ```
///
/// Every structure is checked before it is believed, since a hostile file is the classic attack
/// on CFB parsers: each sector chain is followed with a visited bitmap (a cycle is an error, never a
/// hang), must stay inside the file and the FAT, and must be long enough for the size its entry
/// claims; a stream's size is never larger than the file; the DIFAT chain is bounded by the count
/// the header gives; the directory tree is walked with a visited set; a stream whose chain runs
/// into the directory, the mini FAT or the mini stream (overlapping the file's own structures) is
/// refused. Any of these is a ``ReaderError`` naming the problem. Two ordinary streams sharing
/// sectors are not detected: each is still bounded by the file's size.
///
/// Only the FAT, the mini FAT and the directory are held: a stream (the mini stream included) is
/// read from the file, a sector run at a time, where it lies (``stream(of:)``), so a body of
/// hundreds of megabytes is read in bounded memory.
///
/// - Complexity: opening is O(*n*) in the file's size (the FAT is read whole, 4 bytes per
///   sector); reading a stream is O(its size).
struct CompoundFile {
  /// The first bytes of every compound file.
  static let signature: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]

  private let file: any RandomAccessBytes
  /// The file's size in bytes.
  private let fileSize: Int
  private let sectorSize: Int
  /// The FAT: the next sector of each sector's chain, or a special value.
  private let fat: [UInt32]
  /// The mini FAT: the next mini sector of each mini sector's chain.
  private let miniFAT: [UInt32]
  /// The sectors of the mini stream (the root entry's chain), in order: a mini sector is read
  /// from the file where it lies, never gathered.
  private let miniStreamSectors: [UInt32]
  /// The mini stream's size in bytes (the root entry's).
  private let miniStreamSize: Int
  /// Streams smaller than this live in the mini stream (4096 in every real file).
  private let miniStreamCutoff: Int
  /// Every directory entry, by its id.
  let entries: [CompoundFileEntry]

  /// The root storage (entry 0).
  var root: CompoundFileEntry { entries[0] }

  /// The most directory entries a file may hold: far more than any message, few enough to bound
  /// the work of a hostile directory.
  static let maximumEntryCount = 1 << 20
  static let miniSectorSize = 64
  private static let endOfChain: UInt32 = 0xFFFF_FFFE
  private static let freeSector: UInt32 = 0xFFFF_FFFF
  private static let maximumRegularSector: UInt32 = 0xFFFF_FFFA

  /// Whether `head` starts with the compound-file signature.
  static func hasSignature<Bytes: Collection>(_ head: Bytes) -> Bool where Bytes.Element == UInt8 {
    head.starts(with: signature)
  }

  /// Opens the compound file in `bytes`.
  /// - Throws: ``ReaderError`` as opening a file by random access does.
  init(_ bytes: [UInt8]) throws(ReaderError) {
    try self.init(RandomAccessMemory(bytes) as any RandomAccessBytes)
  }

  /// Opens the compound file `file`, reading its header, FAT, DIFAT, directory and mini FAT a
  /// sector at a time.
  /// - Throws: ``ReaderError`` when the signature is missing or the header, FAT, mini FAT or
  ///   directory is damaged or hostile ("a FAT chain loops at sector 7"), or the file cannot be
  ///   read.
  init(_ file: any RandomAccessBytes) throws(ReaderError) {
    let head = try file.read(at: 0, count: 512)
    guard Self.hasSignature(head) else { throw ReaderError("not a compound file: no OLE2 signature") }
    guard head.count >= 512 else { throw ReaderError("the compound file is truncated: its 512-byte header is cut short") }
    let header = CompoundFileHeader(head)
    try header.validate()
    self.file = file
    fileSize = Int(file.size)
    sectorSize = header.sectorSize
    miniStreamCutoff = header.miniStreamCutoff
    let fat = try Self.readFAT(file, header: header)
    self.fat = fat
    var owners = SectorOwners(count: fat.count)
    let directory = try Self.chain(
      from: header.firstDirectorySector, fat: fat, length: fileSize, sectorSize: sectorSize, owner: -1, owners: &owners,
      what: "the directory")
    try Self.requireWhole(directory, in: fileSize, sectorSize: sectorSize, what: "the directory")
    let entryCount = directory.count * sectorSize / CompoundFileEntry.size
    guard entryCount <= Self.maximumEntryCount else {
      throw ReaderError("the compound file's directory lists \(entryCount) entries, more than \(Self.maximumEntryCount)")
    }
    var entries = [CompoundFileEntry]()
    entries.reserveCapacity(entryCount)
    for sector in directory {
      let bytes = try Self.readSector(sector, of: file, sectorSize: sectorSize)
      for offset in stride(from: 0, to: sectorSize, by: CompoundFileEntry.size) {
        entries.append(CompoundFileEntry(bytes, at: offset, id: entries.count, majorVersion: header.majorVersion))
      }
    }
    guard let root = entries.first, root.kind == .root else {
      throw ReaderError("the compound file's directory has no root entry")
    }
    self.entries = entries
    let miniFATSectors = try Self.chain(
      from: header.firstMiniFATSector, fat: fat, length: fileSize, sectorSize: sectorSize, owner: -2, owners: &owners,
      what: "the mini FAT", allowEmpty: true)
    try Self.requireWhole(miniFATSectors, in: fileSize, sectorSize: sectorSize, what: "the mini FAT")
    var miniFAT = [UInt32]()
    miniFAT.reserveCapacity(miniFATSectors.count * sectorSize / 4)
    for sector in miniFATSectors {
      let bytes = try Self.readSector(sector, of: file, sectorSize: sectorSize)
      for index in 0..<sectorSize / 4 { miniFAT.append(bytes.uint32(at: index * 4)) }
    }
    self.miniFAT = miniFAT
    guard root.size <= UInt64(fileSize) else {
      throw ReaderError("the compound file's mini stream claims \(root.size) bytes, more than the file's \(fileSize)")
    }
    // The chain is checked to hold the whole mini stream inside the file, so every mini sector
    // it holds can be read where it lies.
    miniStreamSectors = try Self.chain(
      from: root.startSector, fat: fat, length: fileSize, sectorSize: sectorSize, owner: -3, owners: &owners,
      what: "the mini stream", allowEmpty: true, size: Int(root.size))
    miniStreamSize = Int(root.size)
    ownersAfterOpening = owners
  }

  /// Which sectors the directory, mini FAT and mini stream hold, so a stream that claims one of
  /// them is caught.
  private let ownersAfterOpening: SectorOwners

  /// The entries stored directly in `storage`, in no particular order.
  ///
  /// The children of a storage are a binary tree of siblings under its child link; the tree is
  /// walked with an explicit stack and a visited set, so a hostile file's loop is an error.
  /// - Throws: ``ReaderError`` when a link points outside the directory or back into the tree.
  func children(of storage: CompoundFileEntry) throws(ReaderError) -> [CompoundFileEntry] {
    var found = [CompoundFileEntry]()
    var visited = Set<Int>()
    var pending = [storage.child]
    while let link = pending.popLast() {
      guard link != CompoundFileEntry.noStream else { continue }
      guard Int(link) < entries.count else {
        throw ReaderError("the compound file's directory links to entry \(link), past its \(entries.count) entries")
      }
      guard visited.insert(Int(link)).inserted, Int(link) != storage.id else {
        throw ReaderError("the compound file's directory loops at entry \(link)")
      }
      let entry = entries[Int(link)]
      found.append(entry)
      pending.append(entry.left)
      pending.append(entry.right)
    }
    return found
  }

  /// The bytes of a stream, read whole: for the small property streams.
  /// - Throws: ``ReaderError`` as ``stream(of:)`` does.
  func contents(of entry: CompoundFileEntry) throws(ReaderError) -> [UInt8] {
    try stream(of: entry).readAll(limit: .max)
  }

  /// A stream, read forward from the file a run of consecutive sectors at a time (at most
  /// ``CompoundFileStream/largestRead`` bytes per read), so a stream of any size is read in
  /// bounded memory.
  ///
  /// Its whole chain is checked first, before any of its bytes is read: a damaged chain is an
  /// error here, never halfway through the stream.
  /// - Throws: ``ReaderError`` when its size is larger than the file, or its chain loops, runs
  ///   past the end of the file, is too short for its size or shares a sector with another stream.
  func stream(of entry: CompoundFileEntry) throws(ReaderError) -> any ByteSource {
    guard entry.kind == .stream else { throw ReaderError("'\(entry.name)' is not a stream") }
    guard entry.size <= UInt64(fileSize) else {
      throw ReaderError("the stream '\(entry.name)' claims \(entry.size) bytes, more than the file's \(fileSize)")
    }
    let size = Int(entry.size)
    if size == 0 { return CompoundFileStream(file: file, runs: []) }
    if size < miniStreamCutoff {
      var owners = SectorOwners(count: miniFAT.count)
      let sectors = try Self.chain(
        from: entry.startSector, fat: miniFAT, length: miniStreamSize, sectorSize: Self.miniSectorSize, owner: entry.id,
        owners: &owners, what: "the stream '\(entry.name)'", size: size, isMini: true)
      return CompoundFileStream(file: file, runs: miniStreamRuns(of: sectors, size: size))
    }
    var owners = ownersAfterOpening
    let sectors = try Self.chain(
      from: entry.startSector, fat: fat, length: fileSize, sectorSize: sectorSize, owner: entry.id, owners: &owners,
      what: "the stream '\(entry.name)'", size: size)
    return CompoundFileStream(file: file, runs: Self.runs(of: sectors, size: size, sectorSize: sectorSize))
  }

  // MARK: - Sectors and chains

  /// Where sector `sector` starts in the file: sectors are numbered from the end of the header,
  /// which takes one sector's room.
  private static func offset(of sector: UInt32, sectorSize: Int) -> Int {
    (Int(sector) + 1) * sectorSize
  }

  /// The whole sector `sector`, which ``requireWhole(_:in:sectorSize:what:)`` has found inside
  /// the file.
  private static func readSector(_ sector: UInt32, of file: any RandomAccessBytes, sectorSize: Int) throws(ReaderError) -> [UInt8] {
    let bytes = try file.read(at: Int64(offset(of: sector, sectorSize: sectorSize)), count: sectorSize)
    guard bytes.count == sectorSize else {
      throw ReaderError("the compound file is truncated: sector \(sector) runs past the end of the file")
    }
    return bytes
  }

  /// Throws unless every one of `sectors` lies whole inside the file: the directory and the mini
  /// FAT are read a whole sector at a time, and a file cut short may end inside their last one.
  private static func requireWhole(_ sectors: [UInt32], in fileSize: Int, sectorSize: Int, what: String) throws(ReaderError) {
    for sector in sectors where offset(of: sector, sectorSize: sectorSize) + sectorSize > fileSize {
      throw ReaderError("the compound file is truncated: \(what) runs past the end of the file at sector \(sector)")
    }
  }

  /// The file's byte ranges that hold the first `size` bytes of `sectors`, consecutive sectors
  /// joined into one range.
  private static func runs(of sectors: [UInt32], size: Int, sectorSize: Int) -> [Range<Int>] {
    var runs = [Range<Int>]()
    var left = size
    for sector in sectors where left > 0 {
      let start = offset(of: sector, sectorSize: sectorSize)
      let count = min(sectorSize, left)
      left -= count
      if let last = runs.last, last.upperBound == start {
        runs[runs.count - 1] = last.lowerBound..<start + count
      } else {
        runs.append(start..<start + count)
      }
    }
    return runs
  }

  /// The file's byte ranges that hold the first `size` bytes of the mini sectors `sectors`: each
  /// mini sector lies inside one sector of the mini stream.
  private func miniStreamRuns(of sectors: [UInt32], size: Int) -> [Range<Int>] {
    var runs = [Range<Int>]()
    var left = size
    for sector in sectors where left > 0 {
      let offsetInStream = Int(sector) * Self.miniSectorSize
      let count = min(Self.miniSectorSize, left)
      left -= count
      let start = Self.offset(of: miniStreamSectors[offsetInStream / sectorSize], sectorSize: sectorSize) + offsetInStream % sectorSize
      runs.append(start..<start + count)
    }
    return runs
  }

  /// The sectors of the chain that starts at `first`.
  ///
  /// - Parameters:
  ///   - length: the bytes the sector numbers index (the file, or the mini stream for a mini chain).
  ///   - owner: who the chain belongs to (a directory entry id, or a negative number for the
  ///     file's own structures); a sector already owned by another is an overlap.
  ///   - size: the bytes the chain must hold; nil when it has no declared size.
  /// - Throws: ``ReaderError`` when the chain loops, leaves the FAT or the file, or is too short.
  private static func chain(
    from first: UInt32, fat: [UInt32], length: Int, sectorSize: Int, owner: Int, owners: inout SectorOwners,
    what: String, allowEmpty: Bool = false, size: Int? = nil, isMini: Bool = false
  ) throws(ReaderError) -> [UInt32] {
    var sectors = [UInt32]()
    var sector = first
    var visited = [Bool](repeating: false, count: fat.count)
    let kind = isMini ? "mini sector" : "sector"
    while sector != endOfChain {
      if sector == freeSector && sectors.isEmpty && allowEmpty { break }
      guard sector <= maximumRegularSector, Int(sector) < fat.count else {
        throw ReaderError("the compound file is damaged: \(what) refers to \(kind) \(sector), which the FAT does not list")
      }
      let start = isMini ? Int(sector) * sectorSize : offset(of: sector, sectorSize: sectorSize)
      guard start < length else {
        throw ReaderError("the compound file is truncated: \(what) runs past the end of the file at \(kind) \(sector)")
      }
      guard !visited[Int(sector)] else {
        throw ReaderError("the compound file is damaged: the chain of \(what) loops at \(kind) \(sector)")
      }
      visited[Int(sector)] = true
      try owners.claim(Int(sector), by: owner, what: what, kind: kind)
      sectors.append(sector)
      // A chain longer than its size needs is tolerated (writers pad), but never read further.
      if let size, sectors.count * sectorSize >= size { break }
      sector = fat[Int(sector)]
    }
    if let size {
      let needed = (size + sectorSize - 1) / sectorSize
      guard sectors.count >= needed else {
        throw ReaderError("the compound file is damaged: \(what) claims \(size) bytes but its chain holds \(sectors.count * sectorSize)")
      }
      if let last = sectors.last {
        let start = isMini ? Int(last) * sectorSize : offset(of: last, sectorSize: sectorSize)
        let lastBytes = size - (needed - 1) * sectorSize
        guard start + lastBytes <= length else {
          throw ReaderError("the compound file is truncated: \(what) runs past the end of the file at \(kind) \(last)")
        }
      }
    }
    return sectors
  }

  /// The FAT, gathered from the sectors the DIFAT lists (the header's 109 entries, then the
  /// DIFAT sectors' chain).
  private static func readFAT(_ file: any RandomAccessBytes, header: CompoundFileHeader) throws(ReaderError) -> [UInt32] {
    let fileSize = Int(file.size)
    let sectorCount = max(0, fileSize / header.sectorSize - 1)
    guard header.fatSectorCount <= sectorCount + 1 else {
      throw ReaderError("the compound file's header claims \(header.fatSectorCount) FAT sectors, more than the file holds")
    }
    var fatSectors = Array(header.headerDIFAT.prefix(header.fatSectorCount))
    var difatSector = header.firstDIFATSector
    var visited = Set<UInt32>()
    let perSector = header.sectorSize / 4 - 1
    while fatSectors.count < header.fatSectorCount {
      guard difatSector <= maximumRegularSector, Int(difatSector) < sectorCount + 1 else {
        throw ReaderError("the compound file is damaged: the DIFAT lists \(fatSectors.count) of \(header.fatSectorCount) FAT sectors")
      }
      guard visited.insert(difatSector).inserted, visited.count <= header.difatSectorCount else {
        throw ReaderError("the compound file is damaged: the DIFAT chain loops at sector \(difatSector)")
      }
      let start = offset(of: difatSector, sectorSize: header.sectorSize)
      guard start + header.sectorSize <= fileSize else {
        throw ReaderError("the compound file is truncated: DIFAT sector \(difatSector) runs past the end of the file")
      }
      let bytes = try readSector(difatSector, of: file, sectorSize: header.sectorSize)
      for index in 0..<perSector where fatSectors.count < header.fatSectorCount {
        fatSectors.append(bytes.uint32(at: index * 4))
      }
      difatSector = bytes.uint32(at: perSector * 4)
    }
    var fat = [UInt32]()
    fat.reserveCapacity(fatSectors.count * header.sectorSize / 4)
    var seen = Set<UInt32>()
    for sector in fatSectors {
      let start = offset(of: sector, sectorSize: header.sectorSize)
      guard sector <= maximumRegularSector, start + header.sectorSize <= fileSize else {
        throw ReaderError("the compound file is truncated: FAT sector \(sector) runs past the end of the file")
      }
      guard seen.insert(sector).inserted else {
        throw ReaderError("the compound file is damaged: the DIFAT lists FAT sector \(sector) twice")
      }
      let bytes = try readSector(sector, of: file, sectorSize: header.sectorSize)
      for index in 0..<header.sectorSize / 4 { fat.append(bytes.uint32(at: index * 4)) }
    }
    return fat
  }
}

/// One stream of a ``CompoundFile``, read forward from the file a byte range at a time: the
/// ranges are those of its sectors, consecutive ones joined, already checked to lie inside the
/// file.
private final class CompoundFileStream: ByteSource {
  /// The most bytes read from the file at once.
  static let largestRead = 1 << 20

  private let file: any RandomAccessBytes
  private let runs: [Range<Int>]
  private var run = 0
  private var offset = 0

  init(file: any RandomAccessBytes, runs: [Range<Int>]) {
    self.file = file
    self.runs = runs
    offset = runs.first?.lowerBound ?? 0
  }

  func read(upTo count: Int) throws(ReaderError) -> [UInt8] {
    guard run < runs.count else { return [] }
    let wanted = min(max(1, count), Self.largestRead, runs[run].upperBound - offset)
    let bytes = try file.read(at: Int64(offset), count: wanted)
    guard bytes.count == wanted else {
      throw ReaderError("the compound file is truncated: a stream runs past the end of the file at byte \(offset + bytes.count)")
    }
    offset += wanted
    if offset == runs[run].upperBound {
      run += 1
      offset = run < runs.count ? runs[run].lowerBound : 0
    }
    return bytes
  }
}

/// Which chain each sector belongs to, so a stream that overlaps the file's own structures is caught.
private struct SectorOwners {
  private var owner: [Int32]

  init(count: Int) { owner = [Int32](repeating: .min, count: count) }

  mutating func claim(_ sector: Int, by id: Int, what: String, kind: String) throws(ReaderError) {
    let current = owner[sector]
    guard current == .min || current == Int32(id) else {
      throw ReaderError("the compound file is damaged: \(what) shares \(kind) \(sector) with another stream")
    }
    owner[sector] = Int32(id)
  }
}

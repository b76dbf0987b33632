/// An OLE2 compound file (MS-CFB): the container of Outlook `.msg` messages (and of `.doc`,
/// `.xls`), a little file system of storages and streams inside one file.
///
/// The file is a sequence of sectors (512 bytes in version 3, 4096 in version 4) after a header.
/// The FAT chains sectors into streams; small streams (under 4096 bytes) live in 64-byte mini
/// sectors of the *mini stream*, chained by the mini FAT; the directory is a stream of 128-byte
/// entries whose siblings form a red-black tree and whose storages point to their children.
///
/// ```swift
/// let file = try CompoundFile(bytes)
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
/// - Complexity: opening is O(*n*) in the file's size (the FAT is read whole); reading a stream is
///   O(its size).
struct CompoundFile {
  /// The first bytes of every compound file.
  static let signature: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]

  private let bytes: [UInt8]
  private let sectorSize: Int
  /// The FAT: the next sector of each sector's chain, or a special value.
  private let fat: [UInt32]
  /// The mini FAT: the next mini sector of each mini sector's chain.
  private let miniFAT: [UInt32]
  /// The mini stream's sectors, read through the root entry's chain.
  private let miniStream: [UInt8]
  /// Streams smaller than this live in the mini stream (4096 in every real file).
  private let miniStreamCutoff: Int
  /// Every directory entry, by its id.
  let entries: [CompoundFileEntry]

  /// The root storage (entry 0).
  var root: CompoundFileEntry { entries[0] }

  /// The most directory entries a file may hold: far more than any message, few enough to bound
  /// the work of a hostile directory.
  static let maximumEntryCount = 1 << 20
  private static let miniSectorSize = 64
  private static let endOfChain: UInt32 = 0xFFFF_FFFE
  private static let freeSector: UInt32 = 0xFFFF_FFFF
  private static let maximumRegularSector: UInt32 = 0xFFFF_FFFA

  /// Whether `head` starts with the compound-file signature.
  static func hasSignature<Bytes: Collection>(_ head: Bytes) -> Bool where Bytes.Element == UInt8 {
    head.starts(with: signature)
  }

  /// Opens the compound file in `bytes`.
  /// - Throws: ``ReaderError`` when the signature is missing or the header, FAT, mini FAT or
  ///   directory is damaged or hostile ("a FAT chain loops at sector 7").
  init(_ bytes: [UInt8]) throws(ReaderError) {
    guard Self.hasSignature(bytes) else { throw ReaderError("not a compound file: no OLE2 signature") }
    guard bytes.count >= 512 else { throw ReaderError("the compound file is truncated: its 512-byte header is cut short") }
    let header = CompoundFileHeader(bytes)
    try header.validate()
    self.bytes = bytes
    sectorSize = header.sectorSize
    miniStreamCutoff = header.miniStreamCutoff
    let fat = try Self.readFAT(bytes, header: header)
    self.fat = fat
    var owners = SectorOwners(count: fat.count)
    let directory = try Self.chain(
      from: header.firstDirectorySector, fat: fat, bytes: bytes, sectorSize: sectorSize, owner: -1, owners: &owners,
      what: "the directory")
    try Self.requireWhole(directory, in: bytes, sectorSize: sectorSize, what: "the directory")
    let entryCount = directory.count * sectorSize / CompoundFileEntry.size
    guard entryCount <= Self.maximumEntryCount else {
      throw ReaderError("the compound file's directory lists \(entryCount) entries, more than \(Self.maximumEntryCount)")
    }
    var entries = [CompoundFileEntry]()
    entries.reserveCapacity(entryCount)
    for (id, offset) in zip(0..., stride(from: 0, to: directory.count * sectorSize, by: CompoundFileEntry.size)) {
      let sector = directory[offset / sectorSize]
      let at = Self.offset(of: sector, sectorSize: sectorSize) + offset % sectorSize
      entries.append(CompoundFileEntry(bytes, at: at, id: id, majorVersion: header.majorVersion))
    }
    guard let root = entries.first, root.kind == .root else {
      throw ReaderError("the compound file's directory has no root entry")
    }
    self.entries = entries
    let miniFATSectors = try Self.chain(
      from: header.firstMiniFATSector, fat: fat, bytes: bytes, sectorSize: sectorSize, owner: -2, owners: &owners,
      what: "the mini FAT", allowEmpty: true)
    try Self.requireWhole(miniFATSectors, in: bytes, sectorSize: sectorSize, what: "the mini FAT")
    miniFAT = miniFATSectors.flatMap { sector in
      let start = Self.offset(of: sector, sectorSize: header.sectorSize)
      return (0..<header.sectorSize / 4).map { bytes.uint32(at: start + $0 * 4) }
    }
    guard root.size <= UInt64(bytes.count) else {
      throw ReaderError("the compound file's mini stream claims \(root.size) bytes, more than the file's \(bytes.count)")
    }
    let miniSectors = try Self.chain(
      from: root.startSector, fat: fat, bytes: bytes, sectorSize: sectorSize, owner: -3, owners: &owners,
      what: "the mini stream", allowEmpty: true, size: Int(root.size))
    miniStream = Self.gather(miniSectors, size: Int(root.size), bytes: bytes, sectorSize: sectorSize)
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

  /// The bytes of a stream.
  /// - Throws: ``ReaderError`` when its size is larger than the file, or its chain loops, runs
  ///   past the end of the file, is too short for its size or shares a sector with another stream.
  func contents(of entry: CompoundFileEntry) throws(ReaderError) -> [UInt8] {
    guard entry.kind == .stream else { throw ReaderError("'\(entry.name)' is not a stream") }
    guard entry.size <= UInt64(bytes.count) else {
      throw ReaderError("the stream '\(entry.name)' claims \(entry.size) bytes, more than the file's \(bytes.count)")
    }
    let size = Int(entry.size)
    if size == 0 { return [] }
    if size < miniStreamCutoff {
      var owners = SectorOwners(count: miniFAT.count)
      let sectors = try Self.chain(
        from: entry.startSector, fat: miniFAT, bytes: miniStream, sectorSize: Self.miniSectorSize, owner: entry.id,
        owners: &owners, what: "the stream '\(entry.name)'", size: size, isMini: true)
      return sectors.prefix((size + Self.miniSectorSize - 1) / Self.miniSectorSize).flatMap { sector in
        let start = Int(sector) * Self.miniSectorSize
        return miniStream[start..<min(start + Self.miniSectorSize, miniStream.count)]
      }.prefix(size).map { $0 }
    }
    var owners = ownersAfterOpening
    let sectors = try Self.chain(
      from: entry.startSector, fat: fat, bytes: bytes, sectorSize: sectorSize, owner: entry.id, owners: &owners,
      what: "the stream '\(entry.name)'", size: size)
    return Self.gather(sectors, size: size, bytes: bytes, sectorSize: sectorSize)
  }

  // MARK: - Sectors and chains

  /// Where sector `sector` starts in the file: sectors are numbered from the end of the header,
  /// which takes one sector's room.
  private static func offset(of sector: UInt32, sectorSize: Int) -> Int {
    (Int(sector) + 1) * sectorSize
  }

  /// Throws unless every one of `sectors` lies whole inside the file: the directory and the mini
  /// FAT are read a whole sector at a time, and a file cut short may end inside their last one.
  private static func requireWhole(_ sectors: [UInt32], in bytes: [UInt8], sectorSize: Int, what: String) throws(ReaderError) {
    for sector in sectors where offset(of: sector, sectorSize: sectorSize) + sectorSize > bytes.count {
      throw ReaderError("the compound file is truncated: \(what) runs past the end of the file at sector \(sector)")
    }
  }

  /// The first `size` bytes of the sectors, in order.
  private static func gather(_ sectors: [UInt32], size: Int, bytes: [UInt8], sectorSize: Int) -> [UInt8] {
    var result = [UInt8]()
    result.reserveCapacity(size)
    for sector in sectors where result.count < size {
      let start = offset(of: sector, sectorSize: sectorSize)
      let count = min(sectorSize, size - result.count, bytes.count - start)
      result += bytes[start..<start + count]
    }
    return result
  }

  /// The sectors of the chain that starts at `first`.
  ///
  /// - Parameters:
  ///   - bytes: what the sector numbers index (the file, or the mini stream for a mini chain).
  ///   - owner: who the chain belongs to (a directory entry id, or a negative number for the
  ///     file's own structures); a sector already owned by another is an overlap.
  ///   - size: the bytes the chain must hold; nil when it has no declared size.
  /// - Throws: ``ReaderError`` when the chain loops, leaves the FAT or the file, or is too short.
  private static func chain(
    from first: UInt32, fat: [UInt32], bytes: [UInt8], sectorSize: Int, owner: Int, owners: inout SectorOwners,
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
      guard start < bytes.count else {
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
        guard start + lastBytes <= bytes.count else {
          throw ReaderError("the compound file is truncated: \(what) runs past the end of the file at \(kind) \(last)")
        }
      }
    }
    return sectors
  }

  /// The FAT, gathered from the sectors the DIFAT lists (the header's 109 entries, then the
  /// DIFAT sectors' chain).
  private static func readFAT(_ bytes: [UInt8], header: CompoundFileHeader) throws(ReaderError) -> [UInt32] {
    let sectorCount = max(0, bytes.count / header.sectorSize - 1)
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
      guard start + header.sectorSize <= bytes.count else {
        throw ReaderError("the compound file is truncated: DIFAT sector \(difatSector) runs past the end of the file")
      }
      for index in 0..<perSector where fatSectors.count < header.fatSectorCount {
        fatSectors.append(bytes.uint32(at: start + index * 4))
      }
      difatSector = bytes.uint32(at: start + perSector * 4)
    }
    var fat = [UInt32]()
    fat.reserveCapacity(fatSectors.count * header.sectorSize / 4)
    var seen = Set<UInt32>()
    for sector in fatSectors {
      let start = offset(of: sector, sectorSize: header.sectorSize)
      guard sector <= maximumRegularSector, start + header.sectorSize <= bytes.count else {
        throw ReaderError("the compound file is truncated: FAT sector \(sector) runs past the end of the file")
      }
      guard seen.insert(sector).inserted else {
        throw ReaderError("the compound file is damaged: the DIFAT lists FAT sector \(sector) twice")
      }
      for index in 0..<header.sectorSize / 4 { fat.append(bytes.uint32(at: start + index * 4)) }
    }
    return fat
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

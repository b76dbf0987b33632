/// Writes OLE2 compound files (MS-CFB) for tests: a valid file with the given storages and
/// streams, laid out so tests can then damage it on purpose (a FAT cycle, a chain past the end,
/// a DIFAT loop, a directory cycle, a huge claimed size).
///
/// Streams under 4096 bytes go to the mini stream, larger ones to regular sectors, as real
/// writers do. Sectors are laid out as: FAT, DIFAT (when over 109 FAT sectors), directory, mini
/// FAT, mini stream, then each large stream. Siblings are chained through right links (a valid,
/// if unbalanced, tree).
///
/// ```swift
/// var built = CompoundFileBuilder(nodes: [.stream("__substg1.0_0037001F", utf16("Hi"))]).build()
/// built.setFAT(of: built.firstSector["big"]!, to: built.firstSector["big"]!)   // a FAT cycle
/// ```
public struct CompoundFileBuilder {
  /// A directory entry to write.
  public indirect enum Node {
    case stream(String, [UInt8])
    case storage(String, [Node])
  }

  public var nodes: [Node]
  /// 3 (512-byte sectors) or 4 (4096-byte sectors).
  public var majorVersion: Int

  public init(nodes: [Node], majorVersion: Int = 3) {
    self.nodes = nodes
    self.majorVersion = majorVersion
  }

  /// A written file and where its parts are.
  public struct Built {
    public var bytes: [UInt8]
    public let sectorSize: Int
    /// The FAT sector numbers, in order.
    public let fatSectors: [UInt32]
    /// Each large stream's first regular sector, by name.
    public let firstSector: [String: UInt32]
    /// Each entry's directory id, by name (root is 0).
    public let entryID: [String: Int]
    public let firstDirectorySector: UInt32
    public let miniStreamFirstSector: UInt32

    /// The byte offset of sector `sector`.
    public func offset(ofSector sector: UInt32) -> Int { (Int(sector) + 1) * sectorSize }

    /// Points the FAT entry of `sector` at `next`.
    public mutating func setFAT(of sector: UInt32, to next: UInt32) {
      let perSector = UInt32(sectorSize / 4)
      let at = offset(ofSector: fatSectors[Int(sector / perSector)]) + Int(sector % perSector) * 4
      write32(next, at: at)
    }

    /// The byte offset of directory entry `id` (the directory is contiguous in built files).
    public func offset(ofEntry id: Int) -> Int { offset(ofSector: firstDirectorySector) + id * 128 }

    public mutating func write32(_ value: UInt32, at offset: Int) {
      for index in 0..<4 { bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * index)) }
    }
  }

  private struct Entry {
    var name: String
    var kind: UInt8
    var child: UInt32 = 0xFFFF_FFFF
    var right: UInt32 = 0xFFFF_FFFF
    var start: UInt32 = 0xFFFF_FFFE
    var size: UInt64 = 0
    var bytes: [UInt8] = []
  }

  public func build() -> Built {
    let sectorSize = majorVersion == 4 ? 4096 : 512
    // Directory entries in preorder; siblings linked by right links.
    var entries = [Entry(name: "Root Entry", kind: 5)]
    func add(_ nodes: [Node], parent: Int) {
      var previous: Int?
      for node in nodes {
        let id = entries.count
        switch node {
        case .stream(let name, let bytes): entries.append(Entry(name: name, kind: 2, size: UInt64(bytes.count), bytes: bytes))
        case .storage(let name, _): entries.append(Entry(name: name, kind: 1))
        }
        if let previous { entries[previous].right = UInt32(id) } else { entries[parent].child = UInt32(id) }
        previous = id
        if case .storage(_, let children) = node { add(children, parent: id) }
      }
    }
    add(nodes, parent: 0)
    // The mini stream: small streams in 64-byte mini sectors.
    var miniStream = [UInt8]()
    var miniFAT = [UInt32]()
    for index in entries.indices where entries[index].kind == 2 && entries[index].size < 4096 && entries[index].size > 0 {
      let count = (entries[index].bytes.count + 63) / 64
      entries[index].start = UInt32(miniFAT.count)
      for sector in 0..<count { miniFAT.append(sector == count - 1 ? 0xFFFF_FFFE : UInt32(miniFAT.count + 1)) }
      miniStream += entries[index].bytes + [UInt8](repeating: 0, count: count * 64 - entries[index].bytes.count)
    }
    let perSector = sectorSize / 4
    let directorySectors = (entries.count * 128 + sectorSize - 1) / sectorSize
    let miniFATSectors = (miniFAT.count * 4 + sectorSize - 1) / sectorSize
    let miniStreamSectors = (miniStream.count + sectorSize - 1) / sectorSize
    let largeSectors = entries.filter { $0.kind == 2 && $0.size >= 4096 }.map { (Int($0.size) + sectorSize - 1) / sectorSize }
    let dataSectors = directorySectors + miniFATSectors + miniStreamSectors + largeSectors.reduce(0, +)
    var fatCount = 1
    var difatCount = 0
    while true {
      difatCount = fatCount > 109 ? (fatCount - 109 + perSector - 2) / (perSector - 1) : 0
      if (fatCount + difatCount + dataSectors) <= fatCount * perSector { break }
      fatCount += 1
    }
    var fat = [UInt32](repeating: 0xFFFF_FFFF, count: fatCount * perSector)
    var next = 0
    func allocate(_ count: Int, special: UInt32? = nil) -> Int {
      let first = next
      for index in 0..<count {
        fat[first + index] = special ?? (index == count - 1 ? 0xFFFF_FFFE : UInt32(first + index + 1))
      }
      next += count
      return first
    }
    let fatStart = allocate(fatCount, special: 0xFFFF_FFFD)
    let difatStart = allocate(difatCount, special: 0xFFFF_FFFC)
    let directoryStart = allocate(directorySectors)
    let miniFATStart = miniFATSectors > 0 ? allocate(miniFATSectors) : -1
    let miniStreamStart = miniStreamSectors > 0 ? allocate(miniStreamSectors) : -1
    var firstSector = [String: UInt32]()
    for index in entries.indices where entries[index].kind == 2 && entries[index].size >= 4096 {
      let start = allocate((entries[index].bytes.count + sectorSize - 1) / sectorSize)
      entries[index].start = UInt32(start)
      firstSector[entries[index].name] = UInt32(start)
    }
    entries[0].start = miniStreamStart >= 0 ? UInt32(miniStreamStart) : 0xFFFF_FFFE
    entries[0].size = UInt64(miniStream.count)

    var bytes = [UInt8](repeating: 0, count: (next + 1) * sectorSize)
    func put16(_ value: Int, _ at: Int) { bytes[at] = UInt8(value & 0xFF); bytes[at + 1] = UInt8(value >> 8 & 0xFF) }
    func put32(_ value: UInt32, _ at: Int) { for i in 0..<4 { bytes[at + i] = UInt8(truncatingIfNeeded: value >> (8 * i)) } }
    func put64(_ value: UInt64, _ at: Int) { for i in 0..<8 { bytes[at + i] = UInt8(truncatingIfNeeded: value >> (8 * i)) } }
    func sectorOffset(_ sector: Int) -> Int { (sector + 1) * sectorSize }
    // Header.
    bytes.replaceSubrange(0..<8, with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
    put16(0x3E, 24)
    put16(majorVersion, 26)
    put16(0xFFFE, 28)
    put16(majorVersion == 4 ? 12 : 9, 30)
    put16(6, 32)
    put32(majorVersion == 4 ? UInt32(directorySectors) : 0, 40)
    put32(UInt32(fatCount), 44)
    put32(UInt32(directoryStart), 48)
    put32(4096, 56)
    put32(miniFATStart >= 0 ? UInt32(miniFATStart) : 0xFFFF_FFFE, 60)
    put32(UInt32(miniFATSectors), 64)
    put32(difatCount > 0 ? UInt32(difatStart) : 0xFFFF_FFFE, 68)
    put32(UInt32(difatCount), 72)
    for index in 0..<109 { put32(index < fatCount ? UInt32(fatStart + index) : 0xFFFF_FFFF, 76 + index * 4) }
    // DIFAT sectors: the FAT sectors past the header's 109, then the next DIFAT sector.
    for difat in 0..<difatCount {
      let at = sectorOffset(difatStart + difat)
      for slot in 0..<perSector - 1 {
        let fatIndex = 109 + difat * (perSector - 1) + slot
        put32(fatIndex < fatCount ? UInt32(fatStart + fatIndex) : 0xFFFF_FFFF, at + slot * 4)
      }
      put32(difat == difatCount - 1 ? 0xFFFF_FFFE : UInt32(difatStart + difat + 1), at + (perSector - 1) * 4)
    }
    for (index, value) in fat.enumerated() { put32(value, sectorOffset(fatStart + index / perSector) + index % perSector * 4) }
    // Directory (unused slots stay zero: kind 0, unused).
    var entryID = [String: Int]()
    for (id, entry) in entries.enumerated() {
      entryID[entry.name] = id
      let at = sectorOffset(directoryStart) + id * 128
      let units = Array(entry.name.utf16.prefix(31))
      for (i, unit) in units.enumerated() { put16(Int(unit), at + i * 2) }
      put16((units.count + 1) * 2, at + 64)
      bytes[at + 66] = entry.kind
      bytes[at + 67] = 1
      put32(0xFFFF_FFFF, at + 68)
      put32(entry.right, at + 72)
      put32(entry.child, at + 76)
      put32(entry.start, at + 116)
      put64(entry.size, at + 120)
    }
    for slot in entries.count..<directorySectors * sectorSize / 128 {
      let at = sectorOffset(directoryStart) + slot * 128
      for link in [68, 72, 76] { put32(0xFFFF_FFFF, at + link) }
    }
    if miniFATStart >= 0 {
      for (index, value) in miniFAT.enumerated() { put32(value, sectorOffset(miniFATStart) + index * 4) }
      for index in miniFAT.count..<miniFATSectors * perSector { put32(0xFFFF_FFFF, sectorOffset(miniFATStart) + index * 4) }
      bytes.replaceSubrange(sectorOffset(miniStreamStart)..<sectorOffset(miniStreamStart) + miniStream.count, with: miniStream)
    }
    for entry in entries where entry.kind == 2 && entry.size >= 4096 {
      let at = sectorOffset(Int(entry.start))
      bytes.replaceSubrange(at..<at + entry.bytes.count, with: entry.bytes)
    }
    return Built(
      bytes: bytes, sectorSize: sectorSize, fatSectors: (0..<fatCount).map { UInt32(fatStart + $0) }, firstSector: firstSector,
      entryID: entryID, firstDirectorySector: UInt32(directoryStart),
      miniStreamFirstSector: miniStreamStart >= 0 ? UInt32(miniStreamStart) : 0xFFFF_FFFE)
  }
}

/// `text` as UTF-16LE bytes, the way `.msg` stores `…001F` string properties.
public func utf16LE(_ text: String) -> [UInt8] {
  text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
}

/// The 512-byte header of a compound file (MS-CFB §2.2), read at fixed offsets.
struct CompoundFileHeader {
  /// 3 (512-byte sectors) or 4 (4096-byte sectors).
  let majorVersion: Int
  /// `1 << sectorShift`: 512 or 4096 bytes.
  let sectorSize: Int
  let miniSectorShift: Int
  let byteOrder: UInt16
  let fatSectorCount: Int
  let firstDirectorySector: UInt32
  let miniStreamCutoff: Int
  let firstMiniFATSector: UInt32
  let firstDIFATSector: UInt32
  let difatSectorCount: Int
  /// The first 109 FAT sector numbers, kept in the header itself.
  let headerDIFAT: [UInt32]

  /// The header at the start of `bytes` (at least 512 bytes long).
  init(_ bytes: [UInt8]) {
    majorVersion = Int(bytes.uint16(at: 26))
    byteOrder = bytes.uint16(at: 28)
    let shift = Int(bytes.uint16(at: 30))
    sectorSize = shift < 16 ? 1 << shift : 0
    miniSectorShift = Int(bytes.uint16(at: 32))
    fatSectorCount = Int(bytes.uint32(at: 44))
    firstDirectorySector = bytes.uint32(at: 48)
    miniStreamCutoff = Int(bytes.uint32(at: 56))
    firstMiniFATSector = bytes.uint32(at: 60)
    firstDIFATSector = bytes.uint32(at: 68)
    difatSectorCount = Int(bytes.uint32(at: 72))
    headerDIFAT = (0..<109).map { bytes.uint32(at: 76 + $0 * 4) }
  }

  /// Throws unless the header describes a file this reader can walk: version 3 with 512-byte
  /// sectors or version 4 with 4096-byte sectors, little-endian, 64-byte mini sectors and the
  /// standard 4096-byte mini stream cutoff.
  func validate() throws(ReaderError) {
    guard byteOrder == 0xFFFE else { throw ReaderError("the compound file's header is damaged: byte order \(byteOrder), not 0xFFFE") }
    guard (majorVersion == 3 && sectorSize == 512) || (majorVersion == 4 && sectorSize == 4096) else {
      throw ReaderError("the compound file's header is damaged: version \(majorVersion) with \(sectorSize)-byte sectors")
    }
    guard miniSectorShift == 6, miniStreamCutoff == 4096 else {
      throw ReaderError("the compound file's header is damaged: mini sector shift \(miniSectorShift), cutoff \(miniStreamCutoff)")
    }
  }
}

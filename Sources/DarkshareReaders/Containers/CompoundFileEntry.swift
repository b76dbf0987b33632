/// One 128-byte entry of a compound file's directory (MS-CFB §2.6): a storage (a folder), a
/// stream (a file) or the root.
struct CompoundFileEntry {
  /// What an entry is.
  enum Kind: UInt8 {
    case unused = 0, storage = 1, stream = 2, root = 5
  }

  /// The size of an entry in the directory stream, in bytes.
  static let size = 128
  /// The link value that means "no entry".
  static let noStream: UInt32 = 0xFFFF_FFFF

  /// Its index in the directory.
  let id: Int
  /// Its name (UTF-16 in the file, at most 31 characters).
  let name: String
  let kind: Kind
  /// The sibling trees and, for a storage, the root of its children's tree.
  let left: UInt32, right: UInt32, child: UInt32
  /// The first sector of a stream (in the mini stream when it is smaller than the cutoff).
  let startSector: UInt32
  /// The stream's size in bytes. Version 3 files keep only the low 32 bits (some writers leave
  /// garbage in the high ones).
  let size: UInt64

  /// The entry `id` at byte `offset` of `bytes`.
  init(_ bytes: [UInt8], at offset: Int, id: Int, majorVersion: Int) {
    self.id = id
    let nameBytes = min(64, Int(bytes.uint16(at: offset + 64)))
    let units = stride(from: 0, to: max(0, nameBytes - 2), by: 2).map { bytes.uint16(at: offset + $0) }
    name = String(decoding: units, as: UTF16.self)
    kind = Kind(rawValue: bytes[offset + 66]) ?? .unused
    left = bytes.uint32(at: offset + 68)
    right = bytes.uint32(at: offset + 72)
    child = bytes.uint32(at: offset + 76)
    startSector = bytes.uint32(at: offset + 116)
    let size = bytes.uint64(at: offset + 120)
    self.size = majorVersion == 3 ? size & 0xFFFF_FFFF : size
  }
}

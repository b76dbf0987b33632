import CZlib
import DarkshareReaders

/// Builds zip and gzip archives inside the tests with zlib, so every hostile case (bombs, lying
/// sizes, bad CRCs, odd names) is made exactly as needed and no binary fixture hides what it is.
public enum TestArchives {
  /// One entry to write. `data` is the expanded content; the other fields default to an honest
  /// entry and can be set to lie.
  public struct Entry {
    public var name: [UInt8]
    public var data: [UInt8] = []
    public var method: UInt16 = 8
    public var flags: UInt16 = 0x800
    /// Replaces the compressed bytes (a bomb made elsewhere, arbitrary bytes for method 12).
    public var compressed: [UInt8]?
    public var declaredCRC: UInt32?
    public var declaredSize: Int64?
    /// Extra fields, written in both the local and the central header.
    public var extra: [UInt8] = []

    public init(_ name: String, _ text: String = "", method: UInt16 = 8) {
      self.name = Array(name.utf8)
      data = Array(text.utf8)
      self.method = method
    }

    public init(rawName: [UInt8], data: [UInt8], method: UInt16 = 8, flags: UInt16 = 0) {
      name = rawName
      self.data = data
      self.method = method
      self.flags = flags
    }
  }

  public static func crc(_ bytes: [UInt8]) -> UInt32 {
    bytes.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, uInt($0.count))) }
  }

  /// A zip of `entries`, with local headers, central directory and end record (no ZIP64).
  public static func zip(_ entries: [Entry], comment: String = "") -> [UInt8] {
    var out = [UInt8]()
    var central = [UInt8]()
    for entry in entries {
      let compressed = entry.compressed ?? (entry.method == 8 ? deflate(entry.data, windowBits: -15) : entry.data)
      let crc = entry.declaredCRC ?? self.crc(entry.data)
      let size = UInt32(truncatingIfNeeded: entry.declaredSize ?? Int64(entry.data.count))
      let offset = UInt32(out.count)
      var common = [UInt8]()
      common.le16(entry.flags)
      common.le16(entry.method)
      common.le16(0)
      common.le16(0x21)
      common.le32(crc)
      common.le32(UInt32(compressed.count))
      common.le32(size)
      common.le16(UInt16(entry.name.count))
      common.le16(UInt16(entry.extra.count))
      out.le32(0x0403_4B50)
      out.le16(20)
      out += common
      out += entry.name
      out += entry.extra
      out += compressed
      central.le32(0x0201_4B50)
      central.le16(0x031E)
      central.le16(20)
      central += common
      central.le16(0)
      central.le16(0)
      central.le16(0)
      central.le32(0)
      central.le32(offset)
      central += entry.name
      central += entry.extra
    }
    let centralOffset = UInt32(out.count)
    out += central
    out.le32(0x0605_4B50)
    out.le16(0)
    out.le16(0)
    out.le16(UInt16(entries.count))
    out.le16(UInt16(entries.count))
    out.le32(UInt32(central.count))
    out.le32(centralOffset)
    out.le16(UInt16(comment.utf8.count))
    out += Array(comment.utf8)
    return out
  }

  /// `bytes` compressed: raw deflate for `windowBits` -15, gzip for 31.
  public static func deflate(_ bytes: [UInt8], windowBits: Int32, level: Int32 = 6) -> [UInt8] {
    var deflater = Deflater(level: level, windowBits: windowBits)
    return deflater.add(bytes) + deflater.finish()
  }

  /// `count` zero bytes compressed at level 9, deflated a MiB at a time so the expanded bytes
  /// never exist: 1 GiB of zeros becomes about 1 MB.
  public static func deflatedZeros(_ count: Int, windowBits: Int32) -> [UInt8] {
    var deflater = Deflater(level: 9, windowBits: windowBits)
    let chunk = [UInt8](repeating: 0, count: 1 << 20)
    var out = [UInt8]()
    var left = count
    while left > 0 {
      out += deflater.add(left >= chunk.count ? chunk : Array(chunk[..<left]))
      left -= chunk.count
    }
    return out + deflater.finish()
  }

  /// A streaming zlib deflater.
  struct Deflater: ~Copyable {
    private let stream: UnsafeMutablePointer<z_stream>

    init(level: Int32, windowBits: Int32) {
      stream = .allocate(capacity: 1)
      stream.initialize(to: z_stream())
      precondition(darkshare_deflateInit2(stream, level, windowBits) == Z_OK)
    }

    deinit {
      deflateEnd(stream)
      stream.deallocate()
    }

    mutating func add(_ bytes: [UInt8]) -> [UInt8] { run(bytes, flush: Z_NO_FLUSH) }
    mutating func finish() -> [UInt8] { run([], flush: Z_FINISH) }

    private func run(_ bytes: [UInt8], flush: Int32) -> [UInt8] {
      var input = bytes
      var out = [UInt8]()
      var buffer = [UInt8](repeating: 0, count: 64 << 10)
      input.withUnsafeMutableBufferPointer { input in
        stream.pointee.next_in = input.baseAddress
        stream.pointee.avail_in = uInt(input.count)
        while true {
          let (status, made) = buffer.withUnsafeMutableBufferPointer { buffer in
            stream.pointee.next_out = buffer.baseAddress
            stream.pointee.avail_out = uInt(buffer.count)
            let status = CZlib.deflate(stream, flush)
            return (status, buffer.count - Int(stream.pointee.avail_out))
          }
          out += buffer[..<made]
          if flush == Z_FINISH ? status == Z_STREAM_END : stream.pointee.avail_in == 0 && made < buffer.count { break }
          precondition(status == Z_OK || status == Z_BUF_ERROR)
        }
        stream.pointee.next_in = nil
      }
      return out
    }
  }
}

/// Reads `source` to its end with reads of 1 to 7 bytes.
public func readDribbling(_ source: any ByteSource) throws(ReaderError) -> [UInt8] {
  var out = [UInt8]()
  var step = 0
  while true {
    step += 1
    let chunk = try source.read(upTo: step % 7 + 1)
    if chunk.isEmpty { return out }
    out += chunk
  }
}

extension Array where Element == UInt8 {
  public mutating func le16(_ value: UInt16) {
    append(UInt8(value & 0xFF))
    append(UInt8(value >> 8))
  }

  public mutating func le32(_ value: UInt32) {
    le16(UInt16(value & 0xFFFF))
    le16(UInt16(value >> 16))
  }
}

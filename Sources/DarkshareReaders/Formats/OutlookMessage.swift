import DarkshareCore
import DarkshareMarkup

/// The properties of an Outlook message (MS-OXMSG) that darkshare reads, from the streams at the
/// root of its compound file.
///
/// A variable-length property `0xIIII` of type `0xTTTT` is the stream `__substg1.0_IIIITTTT`:
/// `001F` UTF-16LE text, `001E` 8-bit text in the message's code page (`PidTagMessageCodepage`,
/// 0x3FFD; windows-1252 when it has none), `0102` binary. Fixed-size properties (dates, code
/// pages) are 16-byte records in `__properties_version1.0`, after its 32-byte header; a date is a
/// FILETIME (100-nanosecond ticks since 1601-01-01 UTC).
struct OutlookMessage {
  private let file: CompoundFile
  /// The root's streams by upper-case name.
  private let streams: [String: CompoundFileEntry]
  /// The fixed-size property values by tag (`id << 16 | type`).
  private let fixed: [UInt32: UInt64]

  /// Property ids darkshare reads (MS-OXPROPS).
  enum Property: UInt16 {
    case subject = 0x0037, clientSubmitTime = 0x0039, transportHeaders = 0x007D, senderName = 0x0C1A
    case senderEmailAddress = 0x0C1F, deliveryTime = 0x0E06, body = 0x1000, rtfCompressed = 0x1009, html = 0x1013
    case internetMessageID = 0x1035, internetCodepage = 0x3FDE, messageCodepage = 0x3FFD, senderSMTPAddress = 0x5D01
  }

  private static let propertiesStream = "__PROPERTIES_VERSION1.0"
  private static let substreamPrefix = "__SUBSTG1.0_"
  /// The top-level message's properties stream starts with 32 bytes of counts and reserved fields.
  private static let headerSize = 32
  private static let maximumPropertiesBytes = 1 << 20

  /// Reads the message at the root of `file`.
  /// - Throws: ``ReaderError`` "not an Outlook message" when the root holds neither
  ///   `__properties_version1.0` nor a `__substg1.0_` stream (a Word or Excel file), or when the
  ///   directory is damaged.
  init(_ file: CompoundFile) throws(ReaderError) {
    self.file = file
    var streams = [String: CompoundFileEntry]()
    for entry in try file.children(of: file.root) where entry.kind == .stream {
      streams[entry.name.uppercased()] = entry
    }
    guard streams[Self.propertiesStream] != nil || streams.keys.contains(where: { $0.hasPrefix(Self.substreamPrefix) }) else {
      throw ReaderError("not an Outlook message: the compound file has no __properties_version1.0 or __substg1.0_ streams (a Word or Excel file?)")
    }
    self.streams = streams
    var fixed = [UInt32: UInt64]()
    if let entry = streams[Self.propertiesStream], entry.size <= UInt64(Self.maximumPropertiesBytes) {
      let bytes = try file.contents(of: entry)
      for offset in stride(from: Self.headerSize, to: bytes.count - 15, by: 16) {
        fixed[bytes.uint32(at: offset)] = bytes.uint64(at: offset + 8)
      }
    }
    self.fixed = fixed
  }

  /// The size of the chunks a property's stream is read in, in bytes.
  static let chunkSize = 1 << 18

  /// `property`'s stream of `type` (`0x0102` binary, `0x001F`, `0x001E`), read forward, and its
  /// size in bytes; nil when absent.
  /// - Throws: ``ReaderError`` when its chain is damaged (``CompoundFile/stream(of:)``).
  func stream(_ property: Property, type: UInt16) throws(ReaderError) -> (bytes: any ByteSource, size: Int)? {
    guard let entry = streams[Self.streamName(property, type)] else { return nil }
    return (try file.stream(of: entry), Int(entry.size))
  }

  /// `property` as text, from its UTF-16 or 8-bit stream, without trailing NULs; nil when absent
  /// or empty.
  func string(_ property: Property) throws(ReaderError) -> String? {
    var bytes = [UInt8]()
    guard try write(property, to: { (chunk) throws(ReaderError) in bytes += chunk }) else { return nil }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Writes `property` as UTF-8 text to `sink` a chunk at a time, from its UTF-16 stream (an odd
  /// last byte dropped) or else its 8-bit one (in ``codePage``), without trailing NULs and with
  /// `prefix` before its first byte.
  /// - Returns: false when the property is absent or empty; then nothing was written.
  /// - Throws: ``ReaderError`` when its stream is damaged, or `sink` throws.
  func write(_ property: Property, prefix: [UInt8] = [], to sink: OutlookBody.Sink) throws(ReaderError) -> Bool {
    var text = TrimmedText(prefix: prefix)
    if let (source, size) = try stream(property, type: 0x001F) {
      var decoder = UTF16Decoder(isBigEndian: false)
      var left = size & ~1
      while left > 0 {
        let chunk = try source.read(upTo: min(Self.chunkSize, left))
        if chunk.isEmpty { break }
        left -= chunk.count
        try text.write(decoder.decode(chunk, isLast: false), to: sink)
      }
      try text.write(decoder.decode([], isLast: true), to: sink)
    } else if let (source, _) = try stream(property, type: 0x001E) {
      try Self.convert(source, codePage: codePage ?? 1252) { (chunk) throws(ReaderError) in try text.write(chunk, to: sink) }
    } else {
      return false
    }
    return text.hasWritten
  }

  /// Converts `source` from code page `codePage` to UTF-8 a chunk at a time, writing each to
  /// `sink`; windows-1252 when iconv does not know the page.
  static func convert(_ source: any ByteSource, codePage: Int, to sink: OutlookBody.Sink) throws(ReaderError) {
    let converter = Transcoder.Stream(charset: OutlookCodePage.iconvName(codePage)) ?? Transcoder.Stream(charset: "WINDOWS-1252")
    var isLast = false
    while !isLast {
      let chunk = try source.read(upTo: chunkSize)
      isLast = chunk.isEmpty
      try sink(converter?.convert(chunk, isLast: isLast) ?? chunk)
    }
  }

  /// A 32-bit integer property from `__properties_version1.0` (type `0x0003`).
  func integer(_ property: Property) -> Int? {
    fixed[UInt32(property.rawValue) << 16 | 0x0003].map { Int(Int32(truncatingIfNeeded: $0)) }
  }

  /// A FILETIME property (type `0x0040`) as an ISO 8601 UTC date; nil when absent, zero or
  /// outside years 1970–9999.
  func date(_ property: Property) -> String? {
    guard let ticks = fixed[UInt32(property.rawValue) << 16 | 0x0040], ticks > 0 else { return nil }
    let seconds = Int64(ticks / 10_000_000) - 11_644_473_600
    guard (0...253_402_300_799).contains(seconds) else { return nil }
    return MessageDate.iso8601(epochSeconds: seconds)
  }

  /// The code page of the message's 8-bit strings (`PidTagMessageCodepage`).
  var codePage: Int? { integer(.messageCodepage).flatMap { $0 > 0 ? $0 : nil } }

  private static func streamName(_ property: Property, _ type: UInt16) -> String {
    substreamPrefix + hex(property.rawValue) + hex(type)
  }

  private static func hex(_ value: UInt16) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: 4 - digits.count) + digits
  }
}

/// Text written to a sink as it is decoded: a prefix before its first byte, and NULs held back
/// until something follows them, so trailing NULs (Outlook pads strings with them) are dropped.
private struct TrimmedText {
  let prefix: [UInt8]
  /// Whether anything but NULs was written.
  private(set) var hasWritten = false
  private var heldNULs = 0

  init(prefix: [UInt8]) { self.prefix = prefix }

  /// Writes `bytes` (UTF-8, so a 0 byte is always U+0000), holding back the NULs at their end.
  mutating func write(_ bytes: [UInt8], to sink: OutlookBody.Sink) throws(ReaderError) {
    guard let last = bytes.lastIndex(where: { $0 != 0 }) else {
      heldNULs += bytes.count
      return
    }
    if !hasWritten { try sink(prefix) }
    if heldNULs > 0 { try sink([UInt8](repeating: 0, count: heldNULs)) }
    try sink(Array(bytes[...last]))
    hasWritten = true
    heldNULs = bytes.count - 1 - last
  }
}

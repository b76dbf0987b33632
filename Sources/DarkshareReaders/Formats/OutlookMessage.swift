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

  /// Whether the message has a stream for `property` of `type`.
  func has(_ property: Property, type: UInt16) -> Bool { streams[Self.streamName(property, type)] != nil }

  /// The bytes of `property`'s stream of `type` (`0x0102` binary, `0x001F`, `0x001E`); nil when absent.
  func bytes(_ property: Property, type: UInt16) throws(ReaderError) -> [UInt8]? {
    guard let entry = streams[Self.streamName(property, type)] else { return nil }
    return try file.contents(of: entry)
  }

  /// `property` as text, from its UTF-16 or 8-bit stream, without trailing NULs; nil when absent
  /// or empty.
  func string(_ property: Property) throws(ReaderError) -> String? {
    let text: String
    if let units = try bytes(property, type: 0x001F) {
      text = Self.utf16(units)
    } else if let bytes = try bytes(property, type: 0x001E) {
      text = String(decoding: Self.utf8(bytes, codePage: codePage ?? 1252), as: UTF8.self)
    } else {
      return nil
    }
    let trimmed = String(text.unicodeScalars.reversed().drop { $0 == "\0" }.reversed().map(Character.init))
    return trimmed.isEmpty ? nil : trimmed
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

  /// UTF-16LE bytes as a string (an odd last byte is dropped).
  static func utf16(_ bytes: [UInt8]) -> String {
    String(decoding: stride(from: 0, to: bytes.count - 1, by: 2).map { UInt16(bytes[$0]) | UInt16(bytes[$0 + 1]) << 8 }, as: UTF16.self)
  }

  /// `bytes` in code page `codePage`, as UTF-8; windows-1252 when iconv does not know the page.
  static func utf8(_ bytes: [UInt8], codePage: Int) -> [UInt8] {
    Transcoder.utf8(from: bytes, charset: OutlookCodePage.iconvName(codePage))
      ?? Transcoder.utf8(from: bytes, charset: "WINDOWS-1252") ?? bytes
  }

  private static func streamName(_ property: Property, _ type: UInt16) -> String {
    substreamPrefix + hex(property.rawValue) + hex(type)
  }

  private static func hex(_ value: UInt16) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: 4 - digits.count) + digits
  }
}

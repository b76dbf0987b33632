/// Builds Outlook `.msg` files (MS-OXMSG in a compound file) for tests.
///
/// ```swift
/// let msg = OutlookMessageBuilder(strings: [0x0037: "Spring sale"], html: Array("<a href=…>".utf8)).build().bytes
/// ```
public struct OutlookMessageBuilder {
  /// UTF-16 string properties by id (`__substg1.0_IIII001F`).
  public var strings: [UInt16: String]
  /// 8-bit string properties by id (`__substg1.0_IIII001E`), already in the message code page.
  public var strings8: [UInt16: [UInt8]]
  /// Binary properties by id (`__substg1.0_IIII0102`): 0x1013 HTML, 0x1009 compressed RTF.
  public var binaries: [UInt16: [UInt8]]
  /// Fixed-size properties for `__properties_version1.0`: tag (`id << 16 | type`) and value.
  public var fixed: [(tag: UInt32, value: UInt64)]
  /// Other root entries (attachment storages, an embedded message).
  public var extra: [CompoundFileBuilder.Node]
  public var majorVersion: Int

  public init(
    strings: [UInt16: String] = [:], strings8: [UInt16: [UInt8]] = [:], binaries: [UInt16: [UInt8]] = [:],
    fixed: [(tag: UInt32, value: UInt64)] = [], extra: [CompoundFileBuilder.Node] = [], majorVersion: Int = 3
  ) {
    self.strings = strings
    self.strings8 = strings8
    self.binaries = binaries
    self.fixed = fixed
    self.extra = extra
    self.majorVersion = majorVersion
  }

  /// The FILETIME (100 ns ticks since 1601) of a Unix time.
  public static func fileTime(epochSeconds: Int64) -> UInt64 { UInt64(epochSeconds + 11_644_473_600) * 10_000_000 }

  public func nodes() -> [CompoundFileBuilder.Node] {
    var properties = [UInt8](repeating: 0, count: 32)
    for (tag, value) in fixed {
      var record = [UInt8](repeating: 0, count: 16)
      for i in 0..<4 { record[i] = UInt8(truncatingIfNeeded: tag >> (8 * i)) }
      record[4] = 0x06  // readable, writable
      for i in 0..<8 { record[8 + i] = UInt8(truncatingIfNeeded: value >> (8 * i)) }
      properties += record
    }
    var nodes: [CompoundFileBuilder.Node] = [.stream("__properties_version1.0", properties)]
    for (id, text) in strings.sorted(by: { $0.key < $1.key }) { nodes.append(.stream(Self.name(id, "001F"), utf16LE(text))) }
    for (id, bytes) in strings8.sorted(by: { $0.key < $1.key }) { nodes.append(.stream(Self.name(id, "001E"), bytes)) }
    for (id, bytes) in binaries.sorted(by: { $0.key < $1.key }) { nodes.append(.stream(Self.name(id, "0102"), bytes)) }
    return nodes + extra
  }

  public func build() -> CompoundFileBuilder.Built {
    CompoundFileBuilder(nodes: nodes(), majorVersion: majorVersion).build()
  }

  static func name(_ id: UInt16, _ type: String) -> String {
    let digits = String(id, radix: 16, uppercase: true)
    return "__substg1.0_" + String(repeating: "0", count: 4 - digits.count) + digits + type
  }

  /// `rtf` as a `PidTagRtfCompressed` stream in LZFu made of literals only (every control byte
  /// 0x00, then a closing reference to the write position): valid input for any decompressor.
  public static func literalLZFu(_ rtf: [UInt8]) -> [UInt8] {
    var body = [UInt8]()
    var write = 207
    var index = 0
    while index < rtf.count {
      let run = rtf[index..<min(index + 8, rtf.count)]
      if run.count == 8 {
        body.append(0)
        body += run
      } else {
        body.append(UInt8(1 << run.count) & 0xFF)
        body += run
        write = (write + run.count) & 0xFFF
        body += [UInt8(write >> 4), UInt8((write & 0xF) << 4)]
        return header(body, rawSize: rtf.count)
      }
      write = (write + 8) & 0xFFF
      index += 8
    }
    body += [0x01, UInt8(write >> 4), UInt8((write & 0xF) << 4)]
    return header(body, rawSize: rtf.count)
  }

  private static func header(_ body: [UInt8], rawSize: Int) -> [UInt8] {
    func le(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
    return le(UInt32(body.count + 12)) + le(UInt32(rawSize)) + le(0x7546_5A4C) + le(0) + body
  }
}

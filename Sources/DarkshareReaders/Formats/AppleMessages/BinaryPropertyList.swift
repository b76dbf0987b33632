/// A reader for Apple binary property lists (`bplist00`), enough for the `NSKeyedArchiver`
/// archives Apple Messages keeps in `message.payload_data`.
///
/// The file is a header, objects, an offset table and a 32-byte trailer (offset and reference
/// sizes, object count, top object, where the offset table starts). Objects are read on demand
/// by number: null/booleans, integers, reals, dates, data, ASCII and UTF-16 strings, UIDs,
/// arrays and dictionaries (sets are read as arrays).
///
/// Bounded against hostile input: the trailer's sizes and counts must fit the file, every
/// offset and length is checked against it, nesting is at most ``maximumDepth``, and at most
/// ``maximumObjects`` objects are decoded per read, so a self-referencing container fails
/// instead of looping.
struct BinaryPropertyList {
  /// A decoded object.
  indirect enum Value: Equatable {
    case null
    case bool(Bool)
    case integer(Int64)
    case real(Double)
    case data([UInt8])
    case string(String)
    case uid(Int)
    case array([Value])
    case dictionary([(key: String, value: Value)])

    static func == (lhs: Value, rhs: Value) -> Bool {
      switch (lhs, rhs) {
      case (.null, .null): true
      case (.bool(let a), .bool(let b)): a == b
      case (.integer(let a), .integer(let b)): a == b
      case (.real(let a), .real(let b)): a == b
      case (.data(let a), .data(let b)): a == b
      case (.string(let a), .string(let b)): a == b
      case (.uid(let a), .uid(let b)): a == b
      case (.array(let a), .array(let b)): a == b
      case (.dictionary(let a), .dictionary(let b)): a.map(\.key) == b.map(\.key) && a.map(\.value) == b.map(\.value)
      default: false
      }
    }

    /// The value under `key` of a dictionary.
    subscript(key: String) -> Value? {
      guard case .dictionary(let entries) = self else { return nil }
      return entries.first { $0.key == key }?.value
    }
  }

  /// Why a property list could not be read.
  struct Failure: Error, Equatable, CustomStringConvertible {
    var message: String
    var description: String { message }
  }

  static let maximumDepth = 64
  static let maximumObjects = 100_000

  private let bytes: [UInt8]
  private let offsetSize: Int
  private let referenceSize: Int
  private let objectCount: Int
  private let topObject: Int
  private let offsetTable: Int

  /// The top object, decoded.
  private(set) var top: Value

  init(_ bytes: [UInt8]) throws(Failure) {
    self.bytes = bytes
    guard bytes.count >= 40, bytes.starts(with: Array("bplist00".utf8)) else {
      throw Failure(message: "not a binary property list (no bplist00 header)")
    }
    let trailer = bytes.count - 32
    offsetSize = Int(bytes[trailer + 6])
    referenceSize = Int(bytes[trailer + 7])
    let count = Self.bigEndian(bytes[(trailer + 8)..<(trailer + 16)])
    let top = Self.bigEndian(bytes[(trailer + 16)..<(trailer + 24)])
    let table = Self.bigEndian(bytes[(trailer + 24)..<(trailer + 32)])
    guard (1...8).contains(offsetSize), (1...8).contains(referenceSize), count > 0, count <= UInt64(trailer),
      top < count, table >= 8, table <= UInt64(trailer), UInt64(trailer) - table >= count * UInt64(offsetSize)
    else { throw Failure(message: "the binary property list's trailer does not fit the file") }
    objectCount = Int(count)
    topObject = Int(top)
    offsetTable = Int(table)
    var budget = Self.maximumObjects
    self.top = .null
    self.top = try object(topObject, depth: 0, budget: &budget)
  }

  /// Object `number`, decoded with everything it contains.
  private func object(_ number: Int, depth: Int, budget: inout Int) throws(Failure) -> Value {
    guard depth < Self.maximumDepth else { throw Failure(message: "the property list nests deeper than \(Self.maximumDepth)") }
    guard budget > 0 else { throw Failure(message: "the property list holds more than \(Self.maximumObjects) objects") }
    budget -= 1
    guard number >= 0, number < objectCount else { throw Failure(message: "a reference to object \(number) of \(objectCount)") }
    let entry = offsetTable + number * offsetSize
    let start = Int(Self.bigEndian(bytes[entry..<(entry + offsetSize)]))
    guard start >= 8, start < offsetTable else { throw Failure(message: "object \(number) lies outside the object area") }
    let marker = bytes[start]
    var cursor = start + 1
    func take(_ count: Int) throws(Failure) -> ArraySlice<UInt8> {
      guard count >= 0, count <= offsetTable - cursor else { throw Failure(message: "object \(number) runs past the object area") }
      defer { cursor += count }
      return bytes[cursor..<(cursor + count)]
    }
    /// The element count of a string, data or container (`0xF` means an integer follows).
    func length() throws(Failure) -> Int {
      let low = Int(marker & 0x0F)
      guard low == 0x0F else { return low }
      let head = try take(1).first!
      guard head >> 4 == 0x1, head & 0x0F <= 3 else { throw Failure(message: "object \(number) has a malformed length") }
      let value = Self.bigEndian(try take(1 << Int(head & 0x0F)))
      guard value <= UInt64(bytes.count) else { throw Failure(message: "object \(number) claims \(value) elements") }
      return Int(value)
    }
    func references(_ count: Int) throws(Failure) -> [Int] {
      guard count <= (offsetTable - cursor) / referenceSize else { throw Failure(message: "object \(number) runs past the object area") }
      var found: [Int] = []
      for _ in 0..<count { found.append(Int(clamping: Self.bigEndian(try take(referenceSize)))) }
      return found
    }
    switch marker >> 4 {
    case 0x0:
      switch marker {
      case 0x00: return .null
      case 0x08: return .bool(false)
      case 0x09: return .bool(true)
      default: throw Failure(message: "object \(number) has an unknown marker 0x\(String(marker, radix: 16))")
      }
    case 0x1:
      let width = 1 << Int(marker & 0x0F)
      guard width <= 16 else { throw Failure(message: "object \(number) is a \(width)-byte integer") }
      let raw = try take(width)
      let value = Self.bigEndian(raw.suffix(8))
      return .integer(width >= 8 ? Int64(bitPattern: value) : Int64(value))
    case 0x2:
      let width = 1 << Int(marker & 0x0F)
      let raw = try take(width)
      switch width {
      case 4: return .real(Double(Float(bitPattern: UInt32(Self.bigEndian(raw)))))
      case 8: return .real(Double(bitPattern: Self.bigEndian(raw)))
      default: throw Failure(message: "object \(number) is a \(width)-byte real")
      }
    case 0x3:
      guard marker == 0x33 else { throw Failure(message: "object \(number) has a malformed date") }
      return .real(Double(bitPattern: Self.bigEndian(try take(8))))
    case 0x4: return .data(Array(try take(length())))
    case 0x5: return .string(String(decoding: try take(length()), as: UTF8.self))
    case 0x6:
      let count = try length()
      guard count <= Int.max / 2 else { throw Failure(message: "object \(number) is too long") }
      let raw = try take(count * 2)
      let units = stride(from: raw.startIndex, to: raw.endIndex, by: 2).map { UInt16(raw[$0]) << 8 | UInt16(raw[$0 + 1]) }
      return .string(String(decoding: units, as: UTF16.self))
    case 0x8: return .uid(Int(Self.bigEndian(try take(Int(marker & 0x0F) + 1))))
    case 0xA, 0xC:
      let count = try length()
      var elements: [Value] = []
      for reference in try references(count) { elements.append(try object(reference, depth: depth + 1, budget: &budget)) }
      return .array(elements)
    case 0xD:
      let count = try length()
      let keys = try references(count)
      let values = try references(count)
      var entries: [(key: String, value: Value)] = []
      for (key, value) in zip(keys, values) {
        guard case .string(let name) = try object(key, depth: depth + 1, budget: &budget) else {
          throw Failure(message: "object \(number) is a dictionary with a key that is not a string")
        }
        entries.append((name, try object(value, depth: depth + 1, budget: &budget)))
      }
      return .dictionary(entries)
    default:
      throw Failure(message: "object \(number) has an unknown marker 0x\(String(marker, radix: 16))")
    }
  }

  private static func bigEndian(_ bytes: ArraySlice<UInt8>) -> UInt64 {
    bytes.suffix(8).reduce(0) { $0 << 8 | UInt64($1) }
  }
}

/// The shared URL of an Apple Messages rich link preview: the `payload_data` of a message sent
/// with `balloon_bundle_id` `com.apple.messages.URLBalloonProvider`, an `NSKeyedArchiver` archive
/// whose `LPLinkMetadata` object holds `originalURL` (what the sender shared) and `URL` (where it
/// led), each an `NSURL` (`NS.relative`).
enum LinkPreview {
  /// `originalURL`, else `URL`, of the archive's `LPLinkMetadata`; nil when it has none.
  static func sharedURL(in payload: [UInt8]) throws(BinaryPropertyList.Failure) -> String? {
    let plist = try BinaryPropertyList(payload)
    guard case .array(let objects)? = plist.top["$objects"] else {
      throw BinaryPropertyList.Failure(message: "the link preview is not a keyed archive (no $objects)")
    }
    // A reference is a UID object, or, in an archive that went through an XML property list
    // (CoreFoundation writes a UID there as `<dict><key>CF$UID</key><integer>…`), that dictionary.
    func resolved(_ value: BinaryPropertyList.Value?) -> BinaryPropertyList.Value? {
      let index: Int
      switch value {
      case .uid(let uid)?: index = uid
      case .dictionary(let entries)? where entries.count == 1 && entries[0].key == "CF$UID":
        guard case .integer(let uid) = entries[0].value, let uid = Int(exactly: uid) else { return nil }
        index = uid
      default: return value
      }
      return objects.indices.contains(index) ? objects[index] : nil
    }
    func url(_ value: BinaryPropertyList.Value?) -> String? {
      switch resolved(value) {
      case .string(let string)?: return string
      case let object?:
        guard case .string(let string)? = resolved(object["NS.relative"]) else { return nil }
        return string
      case nil: return nil
      }
    }
    for object in objects {
      guard case .string("LPLinkMetadata")? = resolved(object["$class"])?["$classname"] else { continue }
      if let shared = url(object["originalURL"]) ?? url(object["URL"]), !shared.isEmpty { return shared }
    }
    return nil
  }
}

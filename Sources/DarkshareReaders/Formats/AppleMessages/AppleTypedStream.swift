/// A reader for NeXTSTEP/Apple "typedstream" archives (`NSArchiver`), the format of Apple
/// Messages' `message.attributedBody`: an `NSAttributedString` with the message text and its
/// attributes (links the sender or Messages' data detectors attached to a range).
///
/// The stream is a header (version 4, the signature `streamtyped`, a system version) and then
/// groups of values, each led by its type encoding (`@` an object, `+` a string of bytes,
/// `*` a C string, `i`/`I`/`q`… integers, `f`/`d` reals, `[Nc]` N bytes). Integers are one
/// signed byte, or `0x81` and 2 bytes, `0x82` and 4 bytes (little-endian); `0x84` starts
/// something new (a string, class or object, added to its table), `0x85` is nil, `0x86` ends an
/// object, and other bytes are references to earlier table entries (`0x92` is the first).
/// Strings (type encodings, class names) and objects (objects, classes, C strings) have a
/// table each. An object is its class (name, version, superclass chain) and its groups up to
/// `0x86`.
///
/// Everything is bounded: nesting (``maximumDepth``), a length is never taken past the end of
/// the blob, and every table entry consumes at least one byte, so the work is linear in the
/// blob. Anything else (a struct type, a big-endian `typedstream` header, a dangling
/// reference, bytes that end mid-value) is an ``AppleTypedStream/Failure`` naming the offset.
///
/// Written from the format as documented by reverse-engineering projects (python-typedstream,
/// imessage-exporter's `crabstep`) and checked against real `attributedBody` blobs.
struct AppleTypedStream {
  /// A value read from the stream.
  enum Value: Equatable {
    case integer(Int64)
    case real(Double)
    /// A `+` string or `[Nc]` bytes, as written.
    case bytes([UInt8])
    /// A C string (`*`), by its bytes; nil for a nil one.
    case cString([UInt8]?)
    /// An object, by its index in the object table; nil for a nil object.
    case object(Int?)
  }

  /// An object: its class name (most derived first, then superclasses) and its values in order.
  struct Object {
    var classNames: [String]
    var values: [Value]

    /// Whether it is an instance of a class named `name` (directly or by inheritance).
    func isKind(of name: String) -> Bool { classNames.contains(name) }
  }

  /// Why a blob could not be read.
  struct Failure: Error, Equatable, CustomStringConvertible {
    var message: String
    var offset: Int
    var description: String { "\(message) at byte \(offset) of the typedstream" }
  }

  /// How deep objects may nest (attributed strings nest 3–4 deep).
  static let maximumDepth = 32

  /// The top-level values.
  private(set) var values: [Value] = []
  /// Objects, classes and C strings, in the order the stream introduced them.
  private var table: [Entry] = []

  private enum Entry {
    case object(Object)
    case `class`(names: [String])
    case cString([UInt8])
    /// An object whose contents are still being read.
    case pending
  }

  /// The object a ``Value/object(_:)`` index names, nil for a class, C string or bad index.
  func object(_ index: Int?) -> Object? {
    guard let index, table.indices.contains(index), case .object(let object) = table[index] else { return nil }
    return object
  }

  /// Reads `bytes`, the whole archive.
  init(_ bytes: [UInt8]) throws(Failure) {
    var reader = Reader(bytes: bytes)
    guard try reader.byte() == 4 else { throw Failure(message: "not a typedstream (version is not 4)", offset: 0) }
    let signature = try reader.bytes(count: reader.length())
    guard signature == Array("streamtyped".utf8) else {
      throw Failure(message: "not a little-endian typedstream (no 'streamtyped' signature)", offset: 1)
    }
    _ = try reader.integer()
    var strings: [[UInt8]] = []
    while !reader.isAtEnd {
      values += try readGroup(&reader, strings: &strings, depth: 0)
    }
  }

  // MARK: - Groups and values

  /// One type encoding and the values it announces.
  private mutating func readGroup(_ reader: inout Reader, strings: inout [[UInt8]], depth: Int) throws(Failure) -> [Value] {
    let at = reader.offset
    guard let encoding = try reader.sharedString(&strings) else { throw Failure(message: "nil type encoding", offset: at) }
    var values: [Value] = []
    var index = 0
    while index < encoding.count {
      let type = encoding[index]
      index += 1
      switch type {
      case UInt8(ascii: "@"): values.append(.object(try readObject(&reader, strings: &strings, depth: depth + 1)))
      case UInt8(ascii: "+"): values.append(.bytes(try reader.bytes(count: reader.length())))
      case UInt8(ascii: "*"): values.append(.cString(try readCString(&reader, strings: &strings)))
      case UInt8(ascii: "%"), UInt8(ascii: ":"): values.append(.cString(try reader.sharedString(&strings)))
      case UInt8(ascii: "#"): values.append(.object(try readClass(&reader, strings: &strings, depth: depth + 1)))
      case UInt8(ascii: "f"), UInt8(ascii: "d"): values.append(.real(try reader.real(double: type == UInt8(ascii: "d"))))
      case UInt8(ascii: "c"), UInt8(ascii: "C"), UInt8(ascii: "s"), UInt8(ascii: "S"), UInt8(ascii: "i"), UInt8(ascii: "I"),
        UInt8(ascii: "l"), UInt8(ascii: "L"), UInt8(ascii: "q"), UInt8(ascii: "Q"), UInt8(ascii: "B"):
        values.append(.integer(try reader.integer()))
      case UInt8(ascii: "["):
        // `[Nc]`: N raw bytes (only byte arrays occur in attributed strings).
        var count = 0
        while index < encoding.count, (0x30...0x39).contains(encoding[index]), count < Int32.max / 10 {
          count = count * 10 + Int(encoding[index] - 0x30)
          index += 1
        }
        guard index + 1 < encoding.count, [UInt8(ascii: "c"), UInt8(ascii: "C")].contains(encoding[index]),
          encoding[index + 1] == UInt8(ascii: "]")
        else { throw Failure(message: "unsupported array type '\(String(decoding: encoding, as: UTF8.self))'", offset: at) }
        index += 2
        values.append(.bytes(try reader.bytes(count: count)))
      default:
        throw Failure(message: "unsupported type '\(String(decoding: encoding, as: UTF8.self))'", offset: at)
      }
    }
    return values
  }

  /// An object (new, nil or a reference), its index in the table.
  private mutating func readObject(_ reader: inout Reader, strings: inout [[UInt8]], depth: Int) throws(Failure) -> Int? {
    guard depth <= Self.maximumDepth else { throw Failure(message: "objects nested too deep", offset: reader.offset) }
    let at = reader.offset
    switch try reader.byte() {
    case Tag.nil: return nil
    case Tag.new:
      let index = table.count
      table.append(.pending)
      guard let classIndex = try readClass(&reader, strings: &strings, depth: depth + 1),
        case .class(let names) = table[classIndex]
      else { throw Failure(message: "an object without a class", offset: at) }
      var values: [Value] = []
      while try reader.peek() != Tag.end {
        values += try readGroup(&reader, strings: &strings, depth: depth)
      }
      _ = try reader.byte()
      table[index] = .object(Object(classNames: names, values: values))
      return index
    case let head:
      let index = try reader.reference(head)
      guard table.indices.contains(index) else { throw Failure(message: "a reference to object \(index), not read yet", offset: at) }
      return index
    }
  }

  /// A class (new with its superclass chain, nil, or a reference), its index in the table.
  private mutating func readClass(_ reader: inout Reader, strings: inout [[UInt8]], depth: Int) throws(Failure) -> Int? {
    guard depth <= Self.maximumDepth else { throw Failure(message: "class chain too long", offset: reader.offset) }
    let at = reader.offset
    switch try reader.byte() {
    case Tag.nil: return nil
    case Tag.new:
      guard let name = try reader.sharedString(&strings) else { throw Failure(message: "a class without a name", offset: at) }
      _ = try reader.integer()  // the class version
      let index = table.count
      table.append(.class(names: [String(decoding: name, as: UTF8.self)]))
      if let superclass = try readClass(&reader, strings: &strings, depth: depth + 1), case .class(let inherited) = table[superclass] {
        table[index] = .class(names: [String(decoding: name, as: UTF8.self)] + inherited)
      }
      return index
    case let head:
      let index = try reader.reference(head)
      guard table.indices.contains(index), case .class = table[index] else {
        throw Failure(message: "a reference to class \(index), which is no class", offset: at)
      }
      return index
    }
  }

  /// A C string: new (a shared string, also entered in the object table), nil or a reference.
  private mutating func readCString(_ reader: inout Reader, strings: inout [[UInt8]]) throws(Failure) -> [UInt8]? {
    let at = reader.offset
    switch try reader.byte() {
    case Tag.nil: return nil
    case Tag.new:
      let string = try reader.sharedString(&strings) ?? []
      table.append(.cString(string))
      return string
    case let head:
      let index = try reader.reference(head)
      guard table.indices.contains(index), case .cString(let string) = table[index] else {
        throw Failure(message: "a reference to C string \(index), which is none", offset: at)
      }
      return string
    }
  }

  // MARK: - Bytes

  private enum Tag {
    static let int16: UInt8 = 0x81
    static let int32: UInt8 = 0x82
    static let real: UInt8 = 0x83
    static let new: UInt8 = 0x84
    static let `nil`: UInt8 = 0x85
    static let end: UInt8 = 0x86
    /// The first reference number, -110 as a signed byte.
    static let firstReference: Int64 = -110
  }

  /// A cursor over the blob that never reads past its end.
  private struct Reader {
    let bytes: [UInt8]
    var offset = 0

    var isAtEnd: Bool { offset >= bytes.count }

    func peek() throws(Failure) -> UInt8 {
      guard offset < bytes.count else { throw Failure(message: "the typedstream ends inside an object", offset: offset) }
      return bytes[offset]
    }

    mutating func byte() throws(Failure) -> UInt8 {
      let byte = try peek()
      offset += 1
      return byte
    }

    mutating func bytes(count: Int) throws(Failure) -> [UInt8] {
      guard count >= 0, count <= bytes.count - offset else {
        throw Failure(message: "a \(count)-byte string where \(bytes.count - offset) bytes are left", offset: offset)
      }
      defer { offset += count }
      return Array(bytes[offset..<offset + count])
    }

    /// A little-endian number of `width` bytes, sign-extended.
    mutating func littleEndian(_ width: Int) throws(Failure) -> Int64 {
      let raw = try bytes(count: width)
      var value: UInt64 = 0
      for (shift, byte) in raw.enumerated() { value |= UInt64(byte) << (8 * UInt64(shift)) }
      let unused = UInt64(64 - 8 * width)
      return Int64(bitPattern: value << unused) >> Int64(unused)
    }

    /// An integer whose first byte is `head` (already read) or the next byte.
    mutating func integer(head given: UInt8? = nil) throws(Failure) -> Int64 {
      let head: UInt8
      if let given { head = given } else { head = try byte() }
      switch head {
      case Tag.int16: return try littleEndian(2)
      case Tag.int32: return try littleEndian(4)
      default: return Int64(Int8(bitPattern: head))
      }
    }

    /// A length: an integer that must not be negative.
    mutating func length() throws(Failure) -> Int {
      let at = offset
      let value = try integer()
      guard value >= 0, value <= Int64(Int32.max) else { throw Failure(message: "a negative length", offset: at) }
      return Int(value)
    }

    mutating func real(double: Bool) throws(Failure) -> Double {
      let head = try byte()
      guard head == Tag.real else { return Double(try integer(head: head)) }
      let bits = try littleEndian(double ? 8 : 4)
      return double ? Double(bitPattern: UInt64(bitPattern: bits)) : Double(Float(bitPattern: UInt32(truncatingIfNeeded: bits)))
    }

    /// The table index a reference whose first byte is `head` names.
    mutating func reference(_ head: UInt8) throws(Failure) -> Int {
      let at = offset - 1
      guard head != Tag.end, head != Tag.real else { throw Failure(message: "unexpected byte 0x\(String(head, radix: 16))", offset: at) }
      let index = try integer(head: head) - Tag.firstReference
      guard index >= 0 else { throw Failure(message: "a negative reference", offset: at) }
      return Int(index)
    }

    /// A shared string: new (entered in `strings`), nil or a reference.
    mutating func sharedString(_ strings: inout [[UInt8]]) throws(Failure) -> [UInt8]? {
      let at = offset
      switch try byte() {
      case Tag.nil: return nil
      case Tag.new:
        let string = try bytes(count: length())
        strings.append(string)
        return string
      case let head:
        let index = try reference(head)
        guard strings.indices.contains(index) else { throw Failure(message: "a reference to string \(index), not read yet", offset: at) }
        return strings[index]
      }
    }
  }
}

internal import CLibXML2

/// The libxml2 XML parser options darkshare uses, named as policy.
///
/// Deliberately absent: `NOENT` (substitute entities), `DTDLOAD`, `DTDATTR` (load or apply a
/// DTD), `HUGE` (lift the size and depth limits that stop entity and attribute bombs) and
/// `RECOVER` (a broken document is reported, not guessed at).
struct XMLParseOptions: OptionSet, Sendable {
  let rawValue: Int32

  /// Refuse any network access (DTDs, external entities); darkshare is offline.
  static let noNetwork = XMLParseOptions(rawValue: Int32(XML_PARSE_NONET.rawValue))
  /// Do not print error reports on standard error.
  static let noErrors = XMLParseOptions(rawValue: Int32(XML_PARSE_NOERROR.rawValue))
  /// Do not print warnings on standard error.
  static let noWarnings = XMLParseOptions(rawValue: Int32(XML_PARSE_NOWARNING.rawValue))
  /// Keep line numbers above 65,535 (backups run to millions of lines); no effect on limits.
  static let bigLines = XMLParseOptions(rawValue: Int32(XML_PARSE_BIG_LINES.rawValue))

  /// The options of every darkshare XML parse.
  static let safe: XMLParseOptions = [.noNetwork, .noErrors, .noWarnings, .bigLines]
}

/// One element start tag, as plain values.
public struct XMLElementEvent: Sendable, Hashable {
  /// The element's qualified name (`sms`, `part`).
  public var name: String
  /// Its attributes, with character references decoded as libxml2 reports them.
  public var attributes: XMLAttributes
  /// 1-based line of the element in the document (where libxml2 finished its start tag).
  public var line: Int
}

/// An element's attributes in document order. An element has a handful, so a look-up compares
/// names in turn rather than hashing them (a dictionary per element was a few per cent of
/// reading an SMS backup).
public struct XMLAttributes: Sendable, Hashable {
  public struct Attribute: Sendable, Hashable {
    public var name: String
    public var value: String
  }

  /// Every attribute, in document order.
  public private(set) var all: [Attribute] = []

  /// The value of the attribute `name` (of the last so named, should libxml2 report two).
  public subscript(name: String) -> String? { all.last { $0.name == name }?.value }

  /// The values, in document order.
  public var values: [String] { all.map(\.value) }

  mutating func append(name: String, value: String) { all.append(Attribute(name: name, value: value)) }

  /// Room for `count` attributes, made once rather than grown one attribute at a time.
  mutating func reserveCapacity(_ count: Int) { all.reserveCapacity(count) }
}

/// Which attributes of an element are copied into Swift: all, or only those a reader uses (the
/// rest, such as whole base64 media or a dozen bookkeeping fields per message, never become
/// strings).
public struct XMLAttributeSelection: Sendable {
  /// The names, each NUL-terminated, one after the other (one buffer: comparing an attribute
  /// with every name touches no reference count); nil for every attribute.
  private let names: [UInt8]?
  /// Where each name starts in ``names``.
  private let starts: [Int]
  /// Each name as a string, in the order of ``starts``: an attribute selected is named by
  /// these, without a string made from libxml2's bytes each time.
  private let strings: [String]

  /// Every attribute.
  public static let all = XMLAttributeSelection(names: nil)

  /// Only the attributes named.
  public static func only(_ names: Set<String>) -> XMLAttributeSelection {
    XMLAttributeSelection(names: names.flatMap { Array($0.utf8) + [0] })
  }

  private init(names: [UInt8]?) {
    self.names = names
    let starts = names.map { names in names.indices.filter { $0 == 0 || names[$0 - 1] == 0 } } ?? []
    self.starts = starts
    strings = names.map { names in
      starts.map { start in String(decoding: names[start...].prefix { $0 != 0 }, as: UTF8.self) }
    } ?? []
  }

  /// How many attributes one element can have selected at most; nil for every attribute.
  var count: Int? { names == nil ? nil : starts.count }

  func includes(_ name: UnsafePointer<xmlChar>) -> Bool {
    selectedName(name) != nil
  }

  /// The name of the attribute `name` points at (NUL-terminated) when it is selected: one of
  /// the names asked for, or with ``all`` the name read; nil when it is left out.
  func selectedName(_ name: UnsafePointer<xmlChar>) -> String? {
    guard let names else { return String(cString: name) }
    // An SMS element has some seventeen attributes: most names are told apart by their first byte.
    let first = name.pointee
    let index = names.withUnsafeBufferPointer { buffer in
      starts.firstIndex { buffer[$0] == first && xmlStrEqual(buffer.baseAddress! + $0, name) != 0 }
    }
    return index.map { strings[$0] }
  }
}

/// Why a document stopped being read: libxml2's message and the line it reported.
public struct XMLStreamError: Error, Sendable, Hashable, CustomStringConvertible {
  public var message: String
  public var line: Int
  public var description: String { "line \(line): \(message)" }
}

/// Streams the element start tags of an XML document held in memory; see ``XMLPullReader``
/// for documents read in chunks.
///
/// The parse never touches the network, never loads a DTD and never substitutes entities (an
/// entity bomb or an external entity stays an unexpanded reference, or is an error); it prints
/// nothing. Nothing of libxml2 leaves this type: each element is an ``XMLElementEvent``.
public enum XMLStreamReader {
  /// Calls `onElement` for each element start in document order, then returns nil, or the
  /// first error that stopped the parse (after every element read before it was delivered,
  /// except those on the error's own line).
  ///
  /// Only the `attributes` selected are copied into Swift.
  @discardableResult
  public static func read(
    _ bytes: [UInt8], attributes: XMLAttributeSelection = .all, onElement: (XMLElementEvent) -> Void
  ) -> XMLStreamError? {
    guard bytes.count < Int(Int32.max) else { return XMLStreamError(message: "the document is too large", line: 1) }
    var offset = 0
    let reader = XMLPullReader(attributes: attributes) { count in
      let end = min(bytes.count, offset + count)
      defer { offset = end }
      return Array(bytes[offset..<end])
    }
    while let element = reader.next() { onElement(element) }
    return reader.error
  }

  /// One pass of a reader over `bytes` in memory; the first `skip` elements are counted, not
  /// delivered. Used to read again the lines before an error.
  static func stream(
    _ bytes: ArraySlice<UInt8>, attributes: XMLAttributeSelection, skip: Int, delivered: inout Int,
    onElement: (XMLElementEvent) -> Void
  ) -> XMLStreamError? {
    guard !bytes.isEmpty else { return XMLStreamError(message: "the document is empty", line: 1) }
    let errors = ErrorSink()
    return bytes.withUnsafeBufferPointer { buffer -> XMLStreamError? in
      let created = buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
        xmlReaderForMemory($0, Int32(buffer.count), nil, nil, XMLParseOptions.safe.rawValue)
      }
      guard let reader = created else { return XMLStreamError(message: "libxml2 cannot create a reader", line: 1) }
      defer { xmlFreeTextReader(reader) }
      errors.capture(reader)
      while true {
        let status = xmlTextReaderRead(reader)
        if status != 1 {
          if status == 0, errors.first == nil { return nil }
          return errors.first
            ?? XMLStreamError(message: "the document is not well-formed XML",
              line: Int(xmlTextReaderGetParserLineNumber(reader)))
        }
        guard let event = element(at: reader, attributes: attributes) else { continue }
        delivered += 1
        if delivered <= skip { continue }
        onElement(event)
      }
    }
  }

  /// The element start the reader is on, or nil when it is on another kind of node.
  static func element(at reader: OpaquePointer, attributes selection: XMLAttributeSelection) -> XMLElementEvent? {
    guard xmlTextReaderNodeType(reader) == Int32(XML_READER_TYPE_ELEMENT.rawValue),
      let namePointer = xmlTextReaderConstName(reader)
    else { return nil }
    let name = String(cString: namePointer)
    var line = 0
    if let node = xmlTextReaderCurrentNode(reader) { line = Int(xmlGetLineNo(node)) }
    if line <= 0 { line = Int(xmlTextReaderGetParserLineNumber(reader)) }
    var attributes = XMLAttributes()
    attributes.reserveCapacity(min(selection.count ?? .max, Int(max(0, xmlTextReaderAttributeCount(reader)))))
    while xmlTextReaderMoveToNextAttribute(reader) == 1 {
      guard let attributeName = xmlTextReaderConstName(reader), let name = selection.selectedName(attributeName) else { continue }
      attributes.append(name: name, value: xmlTextReaderConstValue(reader).map { String(cString: $0) } ?? "")
    }
    xmlTextReaderMoveToElement(reader)
    return XMLElementEvent(name: name, attributes: attributes, line: line)
  }

  /// Holds the first error libxml2 reports for a reader.
  final class ErrorSink {
    var first: XMLStreamError?

    /// Sends `reader`'s errors here (libxml2 calls back through an opaque pointer to the sink,
    /// which must outlive the reader).
    func capture(_ reader: OpaquePointer) {
      xmlTextReaderSetStructuredErrorHandler(reader, { userData, error in
        guard let userData, let error else { return }
        let sink = Unmanaged<ErrorSink>.fromOpaque(userData).takeUnretainedValue()
        guard sink.first == nil, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
        let message = error.pointee.message.map { String(cString: $0) } ?? "error \(error.pointee.code)"
        sink.first = XMLStreamError(message: message.trimmingTrailingWhitespace, line: Int(error.pointee.line))
      }, Unmanaged.passUnretained(self).toOpaque())
    }
  }
}

extension String {
  fileprivate var trimmingTrailingWhitespace: String {
    var scalars = Substring(self)
    while let last = scalars.last, last.isWhitespace { scalars = scalars.dropLast() }
    return String(scalars)
  }
}

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
  /// Its attributes, name → value, with character references decoded as libxml2 reports them.
  public var attributes: [String: String]
  /// 1-based line of the element in the document (where libxml2 finished its start tag).
  public var line: Int
}

/// Why a document stopped being read: libxml2's message and the line it reported.
public struct XMLStreamError: Error, Sendable, Hashable, CustomStringConvertible {
  public var message: String
  public var line: Int
  public var description: String { "line \(line): \(message)" }
}

/// Streams the element start tags of an XML document with libxml2's `xmlTextReader`, so a
/// backup of hundreds of megabytes is never held as a tree.
///
/// The parse never touches the network, never loads a DTD and never substitutes entities (an
/// entity bomb or an external entity stays an unexpanded reference, or is an error); it prints
/// nothing. Nothing of libxml2 leaves this call: each element reaches `onElement` as an
/// ``XMLElementEvent``, and the reader is freed before returning.
public enum XMLStreamReader {
  /// Calls `onElement` for each element start in document order, then returns nil, or the
  /// first error that stopped the parse (after every element read before it was delivered).
  ///
  /// Attributes named in `skipping` (`data`: whole base64 media) are not copied into Swift.
  ///
  /// libxml2's reader parses ahead in chunks and, when it meets an error, drops the elements it
  /// had parsed but not yet handed over. So after an error on line *L*, the bytes before line *L*
  /// are read again and the elements not yet delivered are delivered (only elements on line *L*
  /// itself, before the error, are lost).
  @discardableResult
  public static func read(
    _ bytes: [UInt8], skipping: Set<String> = [], onElement: (XMLElementEvent) -> Void
  ) -> XMLStreamError? {
    _ = libXML2Initialized
    guard !bytes.isEmpty else { return XMLStreamError(message: "the document is empty", line: 1) }
    guard bytes.count < Int(Int32.max) else { return XMLStreamError(message: "the document is too large", line: 1) }
    var delivered = 0
    guard let error = stream(bytes[...], skipping: skipping, skip: 0, delivered: &delivered, onElement: onElement)
    else { return nil }
    if error.line > 1 {
      var newlines = 0
      var end = 0
      while end < bytes.count, newlines < error.line - 1 {
        if bytes[end] == 0x0A { newlines += 1 }
        end += 1
      }
      var again = 0
      if end < bytes.count {
        _ = stream(bytes[..<end], skipping: skipping, skip: delivered, delivered: &again, onElement: onElement)
      }
    }
    return error
  }

  /// One pass of the reader over `bytes`; the first `skip` elements are counted, not delivered.
  private static func stream(
    _ bytes: ArraySlice<UInt8>, skipping: Set<String>, skip: Int, delivered: inout Int,
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
      let sink = Unmanaged.passUnretained(errors).toOpaque()
      xmlTextReaderSetStructuredErrorHandler(reader, { userData, error in
        guard let userData, let error else { return }
        let sink = Unmanaged<ErrorSink>.fromOpaque(userData).takeUnretainedValue()
        guard sink.first == nil, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
        let message = error.pointee.message.map { String(cString: $0) } ?? "error \(error.pointee.code)"
        sink.first = XMLStreamError(
          message: message.trimmingTrailingWhitespace, line: Int(error.pointee.line))
      }, sink)
      while true {
        let status = xmlTextReaderRead(reader)
        if status != 1 {
          if status == 0, errors.first == nil { return nil }
          return errors.first
            ?? XMLStreamError(message: "the document is not well-formed XML",
              line: Int(xmlTextReaderGetParserLineNumber(reader)))
        }
        guard xmlTextReaderNodeType(reader) == Int32(XML_READER_TYPE_ELEMENT.rawValue),
          let namePointer = xmlTextReaderConstName(reader)
        else { continue }
        delivered += 1
        if delivered <= skip { continue }
        let name = String(cString: namePointer)
        var line = 0
        if let node = xmlTextReaderCurrentNode(reader) { line = Int(xmlGetLineNo(node)) }
        if line <= 0 { line = Int(xmlTextReaderGetParserLineNumber(reader)) }
        var attributes = [String: String]()
        while xmlTextReaderMoveToNextAttribute(reader) == 1 {
          guard let attributeName = xmlTextReaderConstName(reader) else { continue }
          let key = String(cString: attributeName)
          if skipping.contains(key) { continue }
          attributes[key] = xmlTextReaderConstValue(reader).map { String(cString: $0) } ?? ""
        }
        xmlTextReaderMoveToElement(reader)
        onElement(XMLElementEvent(name: name, attributes: attributes, line: line))
      }
    }
  }

  /// Holds the first error libxml2 reports; libxml2 calls back through an opaque pointer.
  private final class ErrorSink {
    var first: XMLStreamError?
  }
}

extension String {
  fileprivate var trimmingTrailingWhitespace: String {
    var scalars = Substring(self)
    while let last = scalars.last, last.isWhitespace { scalars = scalars.dropLast() }
    return String(scalars)
  }
}

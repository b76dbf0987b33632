/// One MIME entity — a message or one of its body parts — with its parts parsed.
///
/// Parsing never fails: truncated mail, a boundary that never closes, a part without headers
/// all give the entities that could be read. A `multipart/*` read as Python's `email` and mail
/// clients read it: `boundary=""` is a boundary (delimiter lines `--`), and one without a
/// boundary parameter, or whose boundary never occurs, is read as the text of its body. Nesting
/// deeper than ``maximumDepth`` is not descended into (`eml-mimekit/messages/stack-overflow.txt`
/// nests thousands of levels), so recursion and the cost of finding boundaries (each level
/// scans its body once) stay bounded; ``MessageWalk`` reports such a part as a problem.
struct MIMEEntity: Sendable {
  /// How many multipart or message levels are descended into; deeper entities are skipped and
  /// reported.
  static let maximumDepth = 64

  indirect enum Content: Sendable {
    /// A single part: ``MIMEEntity/body`` holds its transfer-encoded bytes.
    case single
    /// `multipart/*`: the parts between the boundaries (preamble and epilogue left out).
    case multipart([MIMEEntity])
    /// `message/rfc822` (or `message/global`): the enclosed message.
    case message(MIMEEntity)
    /// Deeper than ``MIMEEntity/maximumDepth``: not read (and reported).
    case skipped
  }

  var headers: MIMEHeaders
  var contentType: ContentType
  /// The body as stored, still transfer-encoded.
  var body: ArraySlice<UInt8>
  var content: Content

  /// The lower-case `Content-Transfer-Encoding` token (`quoted-printable`, `base64`, …), `7bit`
  /// when absent. Junk around the token (`quoted-printable ;`) is ignored.
  var transferEncoding: String {
    let raw = headers["Content-Transfer-Encoding"]?.lowercased() ?? "7bit"
    return String(raw.prefix { $0.isLetter || $0.isNumber || $0 == "-" })
  }

  /// Whether `Content-Disposition` says `attachment`.
  var isAttachment: Bool {
    headers["Content-Disposition"]?.lowercased().trimmingMailWhitespace().hasPrefix("attachment") == true
  }

  /// The body with its transfer encoding undone; unknown encodings are read as identity.
  var decodedBody: [UInt8] {
    switch transferEncoding {
    case "quoted-printable": TransferDecoding.quotedPrintable(body)
    case "base64": TransferDecoding.base64(body)
    default: Array(body)
    }
  }

  /// Parses a whole message (headers, blank line, body).
  static func message(_ bytes: [UInt8]) -> MIMEEntity {
    parse(bytes[...], defaultType: .textPlain, depth: 0)
  }

  /// Parses the entity in `bytes`; `defaultType` applies when it has no `Content-Type`.
  static func parse(_ bytes: ArraySlice<UInt8>, defaultType: ContentType, depth: Int) -> MIMEEntity {
    let (headers, bodyStart) = MIMEHeaders.parse(bytes)
    let type = headers["Content-Type"].flatMap(ContentType.init) ?? defaultType
    let body = bytes[bodyStart...]
    var entity = MIMEEntity(headers: headers, contentType: type, body: body, content: .single)
    guard type.type == "multipart" || type.type == "message" else { return entity }
    guard depth < maximumDepth else {
      entity.content = .skipped
      return entity
    }
    if type.type == "multipart" {
      // No boundary, or one that never occurs: the body is text, as Python's email reads it.
      guard let boundary = type.parameters["boundary"], case let found = parts(of: body, boundary: boundary),
        !found.isEmpty
      else {
        entity.contentType = ContentType(type: "text", subtype: "plain", parameters: type.parameters)
        return entity
      }
      let childDefault = type.subtype == "digest" ? ContentType.messageRFC822 : .textPlain
      entity.content = .multipart(found.map { parse($0, defaultType: childDefault, depth: depth + 1) })
    } else if type.subtype == "rfc822" || type.subtype == "global" {
      let inner = entity.decodedBody
      entity.content = .message(parse(inner[...], defaultType: .textPlain, depth: depth + 1))
    }
    return entity
  }

  /// The bodies between the delimiter lines of `boundary` (RFC 2046 §5.1.1).
  ///
  /// A delimiter is a line that is `--boundary`, optionally followed by `--` (the close) and
  /// trailing blanks; so a boundary that is a prefix of another does not match it. The line
  /// break before a delimiter belongs to the delimiter. Text before the first delimiter and
  /// after the close is left out; without a close, the last part runs to the end.
  ///
  /// - Complexity: O(*n*) in the body's length times the boundary's. The delimiter is looked
  /// for with `memchr` and `memcmp`, and kept where it starts a line, rather than every line of
  /// the body walked byte by byte.
  static func parts(of body: ArraySlice<UInt8>, boundary: String) -> [ArraySlice<UInt8>] {
    let delimiter = Array(("--" + boundary).utf8)
    // A delimiter with a line break in it starts no line.
    guard !delimiter.contains(where: { $0 == 0x0A || $0 == 0x0D }) else { return [] }
    var parts = [ArraySlice<UInt8>]()
    var partStart: Int?
    var from = body.startIndex
    while let found = body.firstIndex(ofBytes: delimiter, from: from) {
      guard found == body.startIndex || body[found - 1] == 0x0A || body[found - 1] == 0x0D else {
        from = found + 1
        continue
      }
      let (lineEnd, next) = body.lineEnd(from: found)
      var rest = body[(found + delimiter.count)..<lineEnd]
      while let last = rest.last, last == 0x20 || last == 0x09 { rest = rest.dropLast() }
      let isClose = rest.elementsEqual([0x2D, 0x2D])
      if rest.isEmpty || isClose {
        if let start = partStart { parts.append(body[start..<max(start, previousLineEnd(before: found, in: body))]) }
        if isClose { return parts }
        partStart = next
      }
      from = next
    }
    if let start = partStart { parts.append(body[start..<body.endIndex]) }
    return parts
  }

  /// Where the line before the one starting at `lineStart` ends (its LF, CRLF or CR is not
  /// part of it); the body's start for its first line.
  private static func previousLineEnd(before lineStart: Int, in body: ArraySlice<UInt8>) -> Int {
    guard lineStart > body.startIndex else { return lineStart }
    if body[lineStart - 1] == 0x0A, lineStart - 1 > body.startIndex, body[lineStart - 2] == 0x0D { return lineStart - 2 }
    return lineStart - 1
  }
}

import DarkshareMarkup

/// Differential: a document fed to the push parser in chunks (``HTMLLinkStream``, how a large
/// HTML file is read) must give exactly the links of the whole-document scan.
///
/// The first byte of the input chooses the dialect (top two bits: HTML, template, MJML, HTML)
/// and the chunk size (the low six: 1 to 63 bytes, or all ones for the whole input); the rest
/// is the document: a template's tags are masked a start tag at a time; one in UTF-16 or a
/// legacy charset is converted to UTF-8 in the same chunks first. Documents over the markup
/// budget and those with thousands of links (a link still open is then handed on early, by
/// design) are not compared. A difference stops the run with both results: a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  guard size > 1 else { return 0 }
  let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
  let dialect: MarkupDialect = [.html, .template, .mjml, .html][Int(data[0] >> 6)]
  let chunkSize = data[0] & 0x3F == 0x3F ? max(1, bytes.count) : Int(data[0] & 0x3F) + 1
  let whole = HTMLLinkScanner.scan(bytes, dialect: dialect)
  guard whole.refusal == nil, whole.links.count < 1000 else { return 0 }
  var encoding = HTMLLinkStream.Encoding.utf8
  var document = bytes
  switch HTMLLinkStream.encodingChoice(head: Array(bytes.prefix(4096))) {
  case .known(let known):
    encoding = known
  case .utf8IfValid:
    var validation = UTF8Validation()
    validation.feed(bytes)
    if !validation.finish() { encoding = .windows1252 }
  case .converted(let charset, let dropping):
    // Converted in the same chunks first, as a large document is copied, and read as UTF-8.
    guard let converter = Transcoder.Stream(charset: charset) else { fatalError("\(charset) was chosen but is not known") }
    document = [0xEF, 0xBB, 0xBF]
    for start in stride(from: dropping, to: bytes.count, by: chunkSize) {
      document += converter.convert(Array(bytes[start..<min(start + chunkSize, bytes.count)]), isLast: false)
    }
    document += converter.convert([], isLast: true)
  }
  let stream = HTMLLinkStream(encoding: encoding, dialect: dialect)
  var links = [MarkupLink]()
  for start in stride(from: 0, to: document.count, by: chunkSize) {
    links += stream.feed(Array(document[start..<min(start + chunkSize, document.count)]))
  }
  links += stream.finish()
  if links != whole.links {
    fatalError("\(dialect) in chunks of \(chunkSize): streamed \(links) but whole \(whole.links)")
  }
  return 0
}

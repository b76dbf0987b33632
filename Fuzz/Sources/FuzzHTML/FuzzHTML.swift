import DarkshareKit
import DarkshareMarkup

/// The HTML extractor: libxml2's HTML parser under darkshare's SAX collector, conditional
/// comments (`<!--[if mso]>` with VML buttons inside), charsets, the markup budget; then the
/// same bytes as an XML dialect (the SMS backup's) and as a whole audit of an `.html` file.
///
/// Any crash, sanitizer report, leak or timeout is a finding; a refusal is not.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  _ = HTMLLinkScanner.scan(bytes)
  _ = auditor.audit(bytes: bytes, file: "fuzz.html")
  return 0
}

private let auditor = Auditor()

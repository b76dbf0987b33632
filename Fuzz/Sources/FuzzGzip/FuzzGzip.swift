import DarkshareKit

/// The gzip reader (and tar inside it): header flags, deflate stream, trailer, expansion limits; the inflated document goes on to the HTML reader.
///
/// libFuzzer calls this for every input; the bytes are audited as the input `fuzz.html.gz`, so the
/// reader is chosen as for a real file of that name (its first bytes decide when it does not
/// claim the name), then judged and run through the rules. Any crash, sanitizer report, leak
/// or timeout is a finding; an error in the result is not.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  _ = auditor.audit(bytes: bytes, file: "fuzz.html.gz")
  return 0
}

private let auditor = Auditor()

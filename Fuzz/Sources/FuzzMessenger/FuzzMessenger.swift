import DarkshareKit

/// The Messenger and Instagram reader: the streamed JSON, mojibake repair, shares.
///
/// libFuzzer calls this for every input; the bytes are audited as the input `message_1.json`, so the
/// reader is chosen as for a real file of that name, then judged and run through the rules. Any
/// crash, sanitizer report, leak or timeout is a finding; an error in the result is not.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  _ = auditor.audit(bytes: bytes, file: "message_1.json")
  return 0
}

private let auditor = Auditor()

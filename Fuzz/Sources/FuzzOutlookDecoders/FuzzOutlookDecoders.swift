import DarkshareCore
@testable import DarkshareReaders

/// Differential: the `.msg` body decoders fed a chunk at a time against the same decoders fed
/// the whole input at once. `CompressedRTF.Decoder` (LZFu, or stored) must give the same bytes,
/// `RTFBody.Decoder` (de-encapsulation) the same bytes or the same error, at every chunk size.
///
/// The first byte chooses: its top bit the decoder (0 LZFu, 1 RTF), its low six bits the chunk
/// size (1–64); the rest is the compressed stream or the RTF. An RTF holding a run of more
/// digits than ``RTFDeencapsulator/holdLimit`` is skipped: there the chunks may differ, as
/// documented. A difference stops the run with both results: a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  guard size > 1 else { return 0 }
  let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
  let chunkSize = Int(data[0] & 0x3F) + 1
  if data[0] & 0x80 == 0 {
    let whole = try? CompressedRTF.decompress(bytes)
    var chunked: [UInt8]?
    if var decoder = try? CompressedRTF.Decoder(header: bytes.prefix(CompressedRTF.headerSize), streamSize: bytes.count) {
      var output = [UInt8]()
      var index = min(bytes.count, CompressedRTF.headerSize)
      while index < bytes.count {
        output += decoder.feed(bytes[index..<min(bytes.count, index + chunkSize)])
        index += chunkSize
      }
      chunked = output
    }
    if whole != chunked { fatalError("LZFu in chunks of \(chunkSize): \(chunked as Any) but whole \(whole as Any)") }
    return 0
  }
  var digits = 0
  for byte in bytes {
    digits = (0x30...0x39).contains(byte) ? digits + 1 : 0
    if digits > RTFDeencapsulator.holdLimit { return 0 }
  }
  let whole: Result<[UInt8], ReaderError> = Result { () throws(ReaderError) in try RTFBody(bytes).utf8 }
  let chunked: Result<[UInt8], ReaderError> = Result { () throws(ReaderError) in
    var decoder = RTFBody.Decoder()
    var output = [UInt8]()
    var index = 0
    while index < bytes.count {
      output += try decoder.feed(Array(bytes[index..<min(bytes.count, index + chunkSize)]), isLast: false)
      index += chunkSize
    }
    return output + (try decoder.feed([], isLast: true))
  }
  switch (whole, chunked) {
  case (.success(let a), .success(let b)) where a == b: break
  case (.failure(let a), .failure(let b)) where a.message == b.message: break
  default: fatalError("RTF in chunks of \(chunkSize): \(chunked) but whole \(whole)")
  }
  return 0
}

internal import CZlib

/// Inflates a zlib stream (RFC 1950) with a hard limit on the output, so a crafted token (a
/// "zlib bomb" that inflates a few bytes to gigabytes) costs at most ``maximumInflatedLength``.
///
/// ```swift
/// ZlibPayload.inflate(Base64Payload.bytes("eJzLSM3JyVcozy_KSQEAGgsEXQ")!)  // the bytes of "hello world"
/// ```
enum ZlibPayload {
  /// The most bytes a payload may inflate to; Mailgun tokens inflate to a few hundred.
  static let maximumInflatedLength = 64 * 1024

  /// The inflated bytes; nil when `deflated` is not one complete zlib stream or inflates to
  /// more than `limit` bytes.
  static func inflate(_ deflated: [UInt8], limit: Int = maximumInflatedLength) -> [UInt8]? {
    guard !deflated.isEmpty else { return nil }
    var stream = z_stream()
    guard darkshare_inflateInit(&stream) == Z_OK else { return nil }
    defer { inflateEnd(&stream) }
    var input = deflated
    // One byte more than the limit tells "exactly at the limit" from "over it".
    var output = [UInt8](repeating: 0, count: limit + 1)
    let status = input.withUnsafeMutableBufferPointer { inputBuffer in
      output.withUnsafeMutableBufferPointer { outputBuffer in
        stream.next_in = inputBuffer.baseAddress
        stream.avail_in = uInt(inputBuffer.count)
        stream.next_out = outputBuffer.baseAddress
        stream.avail_out = uInt(outputBuffer.count)
        return CZlib.inflate(&stream, Z_FINISH)
      }
    }
    let produced = Int(stream.total_out)
    guard status == Z_STREAM_END, produced <= limit else { return nil }
    return Array(output[..<produced])
  }
}

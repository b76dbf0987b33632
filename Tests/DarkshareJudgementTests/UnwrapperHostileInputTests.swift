import DarkshareCore
@testable import DarkshareJudgement
import Testing

/// Decoding never traps, hangs or allocates without bound on crafted wrapper URLs: each of
/// these stops as an undecodable (opaque) wrapper.
@Suite struct UnwrapperHostileInputTests {
  private func unwrap(_ url: String) -> Unwrapper.Result { Unwrapper.unwrap(LinkURL(url)) }

  /// A Mailgun token that inflates to 1 MiB (`l=aaaa…`): over the 64 KiB cap.
  static let zlibBomb = "eJztwSEBAAAMArBkD4N_f00I7La_" + String(repeating: "A", count: 1354) + "CMCnD0W5o"

  @Test(arguments: [
    ("impossible base64 length in a path", "https://click.convertkit-mail2.com/abc/def/Zm9vYmFyZ"),
    ("base64 of non-UTF-8", "https://eu-west-1.protection.sophos.com?u=_w"),
    ("base64 of a non-URL", "https://eu-west-1.protection.sophos.com?u=aGVsbG8"),
    ("impossible base64 length", "https://www.bing.com/ck/a?u=a1aHR0c"),
    ("Bing without its prefix", "https://www.bing.com/ck/a?u=aHR0cHM6Ly93d3cuZXhhbXBsZS5jb20v"),
    ("truncated JWT", "https://substack.com/redirect/2/eyJlIjoiaHR0cHM6Ly93d3cuZXhh.sig"),
    ("JWT claim not a string", "https://substack.com/redirect/2/eyJlIjoxfQ.sig"),
    ("JWT without the claim", "https://substack.com/redirect/2/e30.sig"),
    ("Customer.io JSON is an array", "https://e.customeriomail.com/e/c/WyJhIl0/abc"),
    ("Mandrill inner p is not JSON", "https://mandrillapp.com/track/click/1/x.example?p=eyJwIjoibm90IGpzb24ifQ"),
    ("zlib bomb", "https://email.mg.example.com/c/" + zlibBomb),
    ("truncated zlib", "https://email.mg.example.com/c/eJztwSEBAAAMArBkD4N_f00I7La_AAAA"),
    ("zlib without the field", "https://email.mg.example.com/c/eJzLSM3JyVcozy_KSQEAGgsEXQ"),
    ("Proofpoint v3 asks for more bytes than it has", "https://urldefense.com/v3/__https://s.example/a*b*c__;Jg!!o!s$"),
    ("Proofpoint v3 run-length letter outside the alphabet", "https://urldefense.com/v3/__https://s.example/a**!__;JiYm!!o!s$"),
    ("Proofpoint v3 bad bytes", "https://urldefense.com/v3/__https://s.example/a*__;%%!!o!s$"),
    ("Proofpoint v3 trailing star", "https://urldefense.com/v3/__https://s.example/a**__;Jg!!o!s$"),
    ("Proofpoint v1 without k", "https://urldefense.proofpoint.com/v1/url?u=https%3A%2F%2Fs.example%2F"),
    ("Mimecast without a domain", "https://url.us.m.mimecastprotect.com/s/AbC"),
  ])
  func undecodableWrapperStops(_ label: String, _ url: String) {
    let result = unwrap(url)
    #expect(result.destination == nil, "\(label)")
    #expect(result.stoppedAt != nil, "\(label)")
  }

  @Test func hugeInputsAreRefusedQuickly() {
    let payload = String(repeating: "QUFB", count: 300_000)  // 1.2 MB of valid base64
    for url in [
      "https://eu-west-1.protection.sophos.com?u=" + payload,
      "https://email.mg.example.com/c/eJ" + payload,
      "https://urldefense.com/v3/__https://s.example/" + String(repeating: "*", count: 500_000) + "__;" + payload + "!!o!s$",
      "https://mandrillapp.com/track/click/1/x.example?p=" + payload,
    ] {
      #expect(unwrap(url).destination == nil)
    }
  }

  @Test func deeplyNestedJSONIsRefused() {
    let json = String(repeating: "[", count: 20_000) + String(repeating: "]", count: 20_000)
    let encoded = [UInt8](json.utf8).base64URL
    #expect(unwrap("https://e.customeriomail.com/e/c/\(encoded)/abc").destination == nil)
  }

  /// `**A` takes back two characters and `*` one, in order; a `%2F` restored from the bytes stays encoded.
  @Test func proofpointVersion3RunLengthTokens() {
    let result = unwrap("https://urldefense.com/v3/__https://s.example/a*2Fb**Autm_source*x__;JT89Jg!!o!s$")
    #expect(result.destination == "https://s.example/a%2Fb?=utm_source&x")
  }

  @Test func unwrappingStopsAtTheDepthCap() {
    var url = "https://s.example/?utm_source=a&utm_medium=b&utm_campaign=c"
    for _ in 0..<(Unwrapper.maximumDepth + 2) {
      url = "https://slack-redir.net/link?url=" + url.percentEncodedForQuery
    }
    let result = unwrap(url)
    #expect(result.wrappers.count == Unwrapper.maximumDepth)
  }
}

extension [UInt8] {
  /// Base64url without padding, for building payloads in tests.
  fileprivate var base64URL: String {
    let alphabet = [Character]("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    var output = ""
    var index = 0
    while index < count {
      let chunk = self[index..<Swift.min(index + 3, count)]
      let value = chunk.enumerated().reduce(0) { $0 | Int($1.element) << (16 - 8 * $1.offset) }
      for position in 0..<(chunk.count + 1) { output.append(alphabet[(value >> (18 - 6 * position)) & 63]) }
      index += 3
    }
    return output
  }
}

extension String {
  /// Every byte but unreserved ones (`A–Z a–z 0–9 - . _ ~`) as `%XX`, as a wrapper encodes
  /// its destination.
  fileprivate var percentEncodedForQuery: String {
    let hex = Array("0123456789ABCDEF")
    var output = ""
    for byte in utf8 {
      switch byte {
      case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
        output.unicodeScalars.append(Unicode.Scalar(byte))
      default:
        output += "%" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 15)])
      }
    }
    return output
  }
}

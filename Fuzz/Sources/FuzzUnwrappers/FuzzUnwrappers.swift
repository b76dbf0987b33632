import DarkshareCore
import DarkshareJudgement

/// Every unwrapper: the input (as UTF-8, invalid bytes repaired) is judged as the URL of a link,
/// alone and with a few wrapper prefixes before it, so the fuzzer can reach each wrapper's
/// decoding (base64, JSON, zlib, Proofpoint, named-group shapes) without first guessing a host.
///
/// Any crash, sanitizer report, leak or timeout is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let bytes = UnsafeBufferPointer(start: data, count: size)
  // The first byte picks a prefix, so one input reaches both bare URLs and wrapped ones.
  guard let selector = bytes.first else { return 0 }
  let rest = String(decoding: bytes.dropFirst(), as: UTF8.self)
  let url = prefixes[Int(selector) % prefixes.count] + rest
  let link = Link(
    url: url, location: SourceLocation(file: "fuzz", line: 1, column: 1), text: "Read more", element: "a",
    channel: .email)
  let judged = judge.judge(link)
  _ = judge.judge(messagesOf: [link, judged.destination.map { Link(url: $0, location: link.location, text: nil, element: "a", channel: .email) } ?? link])
  return 0
}

private let judge = LinkJudge()

/// Hosts and paths of common wrappers; most inputs then only need to get the rest right.
private let prefixes = [
  "", "https://", "https://urldefense.proofpoint.com/v2/url?u=", "https://urldefense.com/v3/__",
  "https://nam12.safelinks.protection.outlook.com/?url=", "https://www.google.com/url?q=",
  "https://l.facebook.com/l.php?u=", "https://t.co/", "https://click.mlsend.com/link/c/",
  "https://links.e.example.com/ls/click?upn=", "https://u123.ct.sendgrid.net/ls/click?upn=",
  "https://awstrack.me/L0/", "https://www.linkedin.com/redir/redirect?url=", "https://out.reddit.com/t3_x?url=",
]

import DarkshareCore
import DarkshareJudgement

/// The URL and query parser: `LinkURL` (scheme, host, path, query, fragment, merge tags),
/// its query and fragment parameters, percent-decoding, and the attribution the judge reads
/// from them (utm_* and the click ids).
///
/// Any crash, sanitizer report, leak or timeout is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let string = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
  let url = LinkURL(string)
  for parameter in url.queryParameters + url.fragmentParameters {
    _ = PercentDecoding.decode(parameter.rawKey, plusAsSpace: true)
  }
  _ = url.removingWhitespaceOutsideMergeTags
  _ = url.pathAndQuery
  _ = url.destinationIsPlaceholder
  _ = PercentDecoding.decode(string)
  let link = Link(
    url: string, location: SourceLocation(file: "fuzz", line: 1, column: 1), text: nil, element: "a", channel: .email)
  _ = judge.judge(link).attribution
  return 0
}

private let judge = LinkJudge()

import DarkshareCore

/// One `key=value` pair of a query or fragment, as an analytics tool reads it.
public struct QueryParameter: Sendable, Hashable {
  /// The key as written (`utm_source`, `UTM_Source`, `amp;utm_medium`).
  public var rawKey: String
  /// The key percent-decoded, `+` as space; case kept, since analytics keys are case-sensitive.
  public var key: String
  /// The value as written; nil when the pair has no `=`.
  public var rawValue: String?
  /// The value percent-decoded, `+` as space; nil when the pair has no `=`.
  public var value: String?
  /// Whether the value is or contains a merge tag (filled in per recipient at send time).
  public var valueIsPlaceholder: Bool

  /// Splits a query (or fragment) on `&` and each pair on its first `=`, as analytics tools
  /// do. `&` and `=` inside merge tags (given as byte ranges of `bytes`) do not split.
  static func parse(_ bytes: ArraySlice<UInt8>, tags: [MergeTag]) -> [QueryParameter] {
    var parameters = [QueryParameter]()
    // One allocation for the array, not one per doubling: at most one pair more than `&`s.
    parameters.reserveCapacity(1 + bytes.withUnsafeBufferPointer { $0.count(in: 0..<$0.count) { $0 == 0x26 } })
    var pairStart = bytes.startIndex
    var index = bytes.startIndex
    var tagIndex = tags.firstIndex { $0.range.upperBound > bytes.startIndex } ?? tags.endIndex
    func finishPair(at end: Int) {
      if end > pairStart {
        parameters.append(pair(bytes[pairStart..<end], tags: tags))
      }
      pairStart = end + 1
    }
    while index < bytes.endIndex {
      if tagIndex < tags.endIndex, tags[tagIndex].range.contains(index) {
        index = tags[tagIndex].range.upperBound
        tagIndex += 1
        continue
      }
      if bytes[index] == 0x26 { finishPair(at: index) }
      index += 1
    }
    finishPair(at: bytes.endIndex)
    return parameters
  }

  private static func pair(_ bytes: ArraySlice<UInt8>, tags: [MergeTag]) -> QueryParameter {
    let inTag = { (offset: Int) in tags.contains { $0.range.contains(offset) } }
    let equals = bytes.indices.first { bytes[$0] == 0x3D && !inTag($0) }
    let keyBytes = equals.map { bytes[bytes.startIndex..<$0] } ?? bytes
    let valueBytes = equals.map { bytes[($0 + 1)..<bytes.endIndex] }
    let placeholder = valueBytes.map { value in
      tags.contains { $0.range.overlaps(value.startIndex..<max(value.endIndex, value.startIndex + 1)) }
    } ?? false
    let rawKey = String(decoding: keyBytes, as: UTF8.self)
    let rawValue = valueBytes.map { String(decoding: $0, as: UTF8.self) }
    return QueryParameter(
      rawKey: rawKey, key: decoded(keyBytes, written: rawKey), rawValue: rawValue,
      value: valueBytes.map { decoded($0, written: rawValue ?? "") }, valueIsPlaceholder: placeholder)
  }

  /// `bytes` decoded as a form field (`%XX`, `+` as a space); `written` (the same bytes as a
  /// string) when there is nothing to decode, so the two share one storage.
  private static func decoded(_ bytes: ArraySlice<UInt8>, written: String) -> String {
    guard bytes.contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "+") }) else { return written }
    return PercentDecoding.decode(bytes, plusAsSpace: true)
  }
}

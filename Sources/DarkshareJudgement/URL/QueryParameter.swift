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
    while pairStart <= bytes.endIndex {
      let end = firstIndex(of: 0x26, in: bytes, from: pairStart, outside: tags) ?? bytes.endIndex
      if end > pairStart { parameters.append(pair(bytes[pairStart..<end], tags: tags)) }
      pairStart = end + 1
    }
    return parameters
  }

  /// The index of the first `byte` of `bytes` at or after `start` that no tag holds (the bytes
  /// between a tag's delimiters are not the query's), found with `memchr`.
  private static func firstIndex(of byte: UInt8, in bytes: ArraySlice<UInt8>, from start: Int, outside tags: [MergeTag]) -> Int? {
    bytes.withUnsafeBufferPointer { buffer in
      var offset = start - bytes.startIndex
      while offset < buffer.count, let found = buffer.firstIndex(of: byte, in: offset..<buffer.count) {
        let index = bytes.startIndex + found
        guard let tag = tag(holding: index, in: tags) else { return index }
        offset = tag.range.upperBound - bytes.startIndex
      }
      return nil
    }
  }

  /// The tag of `tags` (left to right, not overlapping, as the scanner finds them) that holds
  /// `index`, found by halving: a hostile query of many tags and `&`s stays O(n log t).
  private static func tag(holding index: Int, in tags: [MergeTag]) -> MergeTag? {
    var low = 0
    var high = tags.count
    while low < high {
      let middle = (low + high) / 2
      if tags[middle].range.upperBound <= index { low = middle + 1 } else { high = middle }
    }
    return low < tags.count && tags[low].range.contains(index) ? tags[low] : nil
  }

  private static func pair(_ bytes: ArraySlice<UInt8>, tags: [MergeTag]) -> QueryParameter {
    let equals = firstIndex(of: 0x3D, in: bytes, from: bytes.startIndex, outside: tags)
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

import DarkshareCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension String {
  /// Whether `needle` occurs in the string, compared byte for byte in UTF-8.
  ///
  /// Foundation's `contains(_:)` goes through `NSString` and UTF-16 on Linux; this is the
  /// plain byte search the judgement needs on its hot path.
  public func containsBytes(of needle: String) -> Bool {
    utf8Offset(of: needle) != nil
  }

  /// Whether the string and `other`, both ASCII, are equal but for ASCII case; nil when
  /// either is not ASCII (their Unicode lower-casings may then be equal: the Kelvin sign is `k`).
  public func equals(ignoringASCIICaseOf other: String) -> Bool? {
    guard utf8.isAllASCII, other.utf8.isAllASCII else { return nil }
    return utf8.elementsEqual(other.utf8) { $0.asciiLowercased == $1.asciiLowercased }
  }

  /// The string with the first occurrence of `needle` replaced by `replacement`.
  ///
  /// The new string's bytes are written once, into its own storage: no array is made on the way.
  public func replacingFirst(_ needle: String, with replacement: String) -> String {
    guard let offset = utf8Offset(of: needle) else { return self }
    var haystack = self
    var replacement = replacement
    let removed = needle.utf8.count
    let capacity = utf8.count - removed + replacement.utf8.count
    return haystack.withUTF8 { hay in
      replacement.withUTF8 { inserted in
        String(unsafeUninitializedCapacity: capacity) { target in
          var written = target.initialize(fromContentsOf: hay[..<offset])
          written += UnsafeMutableBufferPointer(rebasing: target[written...]).initialize(fromContentsOf: inserted)
          written += UnsafeMutableBufferPointer(rebasing: target[written...])
            .initialize(fromContentsOf: hay[(offset + removed)...])
          return written
        }
      }
    }
  }

  /// The UTF-8 offset of the first occurrence of `needle`, if any.
  private func utf8Offset(of needle: String) -> Int? {
    var haystack = self
    var needle = needle
    return haystack.withUTF8 { hay in
      needle.withUTF8 { pin -> Int? in
        guard !pin.isEmpty else { return 0 }
        guard hay.count >= pin.count, let hayBase = hay.baseAddress, let pinBase = pin.baseAddress else { return nil }
        let first = pin[0]
        for index in 0...(hay.count - pin.count) where hay[index] == first {
          if memcmp(hayBase + index, pinBase, pin.count) == 0 { return index }
        }
        return nil
      }
    }
  }
}

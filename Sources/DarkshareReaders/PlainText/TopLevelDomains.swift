/// The top-level domains a scheme-less host must end in to be a link (`shop.example.com/x`),
/// so that `file.txt`, `v1.2` and `e.g.` stay text.
///
/// The list is data, generated from the Public Suffix List by `Scripts/generate-tlds.py` into
/// `TopLevelDomains+Data.swift`; a test fails when the generated file is stale.
enum TopLevelDomains {
  /// Whether `label` (any case) is a top-level domain.
  static func contains(_ label: Substring) -> Bool {
    all.contains(label.lowercased())
  }
}

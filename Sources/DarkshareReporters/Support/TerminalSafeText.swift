extension String {
  /// The string with control characters made visible, so text from an archived message (an
  /// anchor text, a URL) cannot move the cursor, recolour or clear a terminal, or break a
  /// line-oriented report: a newline or tab becomes a space, other C0/C1 controls and DEL
  /// become `\u{…}`.
  public var terminalSafe: String {
    guard unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) else {
      return self
    }
    var safe = ""
    for scalar in unicodeScalars {
      switch scalar.value {
      case 0x09, 0x0A, 0x0D: safe.append(" ")
      case 0..<0x20, 0x7F...0x9F: safe += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
      default: safe.unicodeScalars.append(scalar)
      }
    }
    return safe
  }
}

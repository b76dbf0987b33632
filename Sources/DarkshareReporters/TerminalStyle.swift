/// ANSI styling that disappears when colour is off (not a terminal, or `NO_COLOR` set).
struct TerminalStyle {
  enum Color: Int {
    case red = 31, green = 32, yellow = 33, blue = 34, magenta = 35, cyan = 36, gray = 90
  }

  let enabled: Bool

  func color(_ color: Color, _ text: String) -> String {
    enabled ? "\u{1B}[\(color.rawValue)m\(text)\u{1B}[0m" : text
  }

  func bold(_ text: String) -> String {
    enabled ? "\u{1B}[1m\(text)\u{1B}[0m" : text
  }

  func dim(_ text: String) -> String {
    enabled ? "\u{1B}[2m\(text)\u{1B}[0m" : text
  }
}

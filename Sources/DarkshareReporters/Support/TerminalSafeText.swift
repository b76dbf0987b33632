extension String {
  /// The string with unsafe characters made visible, so text from an archived message (an
  /// anchor text, a URL, a subject) cannot move the cursor, recolour or clear a terminal,
  /// reorder what the reader sees or break a line-oriented report: a line feed, carriage
  /// return or tab becomes a space, and other controls (C0, DEL, C1), bidi controls and
  /// invisible format characters become `\u{…}` (see `OutputSafety`).
  ///
  /// ```swift
  /// "Click\u{1B}[2J here\u{202E}".terminalSafe  // Click\u{1B}[2J here\u{202E}
  /// ```
  public var terminalSafe: String {
    OutputSafety.rewrite(self, keepingEmojiJoiners: true) { scalar in
      switch scalar {
      case "\t", "\n", "\r": " "
      default: OutputSafety.visibleEscape(scalar)
      }
    }
  }
}

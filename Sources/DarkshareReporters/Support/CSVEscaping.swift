import Foundation

/// Writes fields and records of RFC 4180 CSV that spreadsheets open safely.
///
/// A field that contains a comma, a double quote or a line feed is enclosed in double quotes,
/// with each double quote doubled. Before that, a field that starts with `=`, `+`, `-`, `@` or
/// a tab gets a leading `'`, so Excel, LibreOffice and Google Sheets show it as text instead of
/// evaluating it as a formula (CSV injection). URLs and anchor texts come from mail that anyone
/// can send, so every text field is treated this way. First of all, the unsafe scalars of ``OutputSafety`` other than line feed and tab
/// (ESC, BEL, NUL, carriage return, bidi controls, invisible characters) become visible
/// escapes such as `\u{1B}`, so neither a spreadsheet nor `cat` in a terminal obeys them; a
/// raw carriage return in the file then only ends a record.
///
/// ```swift
/// CSVEscaping.field("=HYPERLINK(\"https://evil.example\")")  // "'=HYPERLINK(""https://evil.example"")"
/// CSVEscaping.field("a,b")                                    // "a,b" in quotes
/// ```
enum CSVEscaping {
  /// The characters that make a spreadsheet read a cell as a formula.
  /// (A carriage return, the other one spreadsheets know, never starts a field: it is made
  /// visible first.)
  static let formulaPrefixes: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t"]

  /// One field: unsafe characters made visible, formula-neutralised, then quoted if it needs to be.
  static func field(_ value: String) -> String {
    var value = OutputSafety.visible(value, keeping: ["\n", "\t"])
    if let first = value.unicodeScalars.first, formulaPrefixes.contains(first) {
      value = "'" + value
    }
    guard value.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }) else {
      return value
    }
    return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  /// One record, ended with CRLF as RFC 4180 asks.
  static func record(_ fields: [String]) -> String {
    fields.map(field).joined(separator: ",") + "\r\n"
  }
}

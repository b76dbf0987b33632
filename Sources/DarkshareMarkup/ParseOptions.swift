internal import CLibXML2

/// The libxml2 HTML parser options darkshare uses, named as policy.
///
/// Every parse darkshare makes includes ``safe``: recover from broken markup, never touch the
/// network, never print libxml2's diagnostics to the terminal.
struct HTMLParseOptions: OptionSet, Sendable {
  let rawValue: Int32

  /// Keep going after markup errors, as browsers and mail clients do.
  static let recover = HTMLParseOptions(rawValue: Int32(HTML_PARSE_RECOVER.rawValue))
  /// Refuse any network access (DTDs, entities); darkshare is offline.
  static let noNetwork = HTMLParseOptions(rawValue: Int32(HTML_PARSE_NONET.rawValue))
  /// Do not print error reports on standard error.
  static let noErrors = HTMLParseOptions(rawValue: Int32(HTML_PARSE_NOERROR.rawValue))
  /// Do not print warnings on standard error.
  static let noWarnings = HTMLParseOptions(rawValue: Int32(HTML_PARSE_NOWARNING.rawValue))
  /// Ignore `<meta charset>`: darkshare decodes the document to UTF-8 itself, so byte offsets
  /// in the parser's input are offsets in darkshare's buffer.
  static let ignoreDeclaredEncoding = HTMLParseOptions(
    rawValue: Int32(HTML_PARSE_IGNORE_ENC.rawValue))

  /// The options of every darkshare parse.
  static let safe: HTMLParseOptions = [
    .recover, .noNetwork, .noErrors, .noWarnings, .ignoreDeclaredEncoding,
  ]
}

import DarkshareMarkup

/// The HTML or text an Outlook RTF body holds (MS-OXRTFEX de-encapsulation).
///
/// Outlook stores an HTML message as RTF that *encapsulates* the HTML: the header says
/// `\fromhtml1`, every tag and comment is kept in a `{\*\htmltag<N> …}` group, and the text
/// between tags is ordinary RTF text. RTF that only serves RTF readers is bracketed by
/// `\htmlrtf … \htmlrtf0` and left out. So
///
/// ```
/// {\rtf1\ansi\fromhtml1 {\*\htmltag64 <a href="https://shop.example/">}\htmlrtf {\b\htmlrtf0 Shop\htmlrtf }\htmlrtf0 {\*\htmltag72 </a>}}
/// ```
///
/// de-encapsulates to `<a href="https://shop.example/">Shop</a>`. A `{\*\mhtmltag …}` group (the
/// same tag with its URLs rewritten to `cid:` references for MHTML) is left out: its `htmltag`
/// twin holds the URL as sent. Text escapes are decoded: `\'hh` in the document's `\ansicpgN`
/// code page (per-font code pages are not tracked), `\uN` as Unicode (skipping its `\ucN`
/// fallback characters), `\par` and `\line` as a line break, `\tab`, `\{`, `\}`, `\\`. Other
/// destinations (`\fonttbl`, `\colortbl`, `\stylesheet`, `\info`, `\pict`, any `\*` group) are
/// skipped, and `\binN` data too.
///
/// RTF that encapsulates nothing (a message written as rich text) gives its text the same way,
/// so its URLs can be found as in a plain-text body.
///
/// - Complexity: O(*n*) in the RTF's length; groups are tracked on an explicit stack, at most
///   ``maximumDepth`` deep.
struct RTFBody {
  /// What the RTF held.
  enum Kind: Equatable {
    /// HTML encapsulated with `\fromhtml1`.
    case html
    /// Text: plain text encapsulated with `\fromtext`, or the text of ordinary RTF.
    case text
  }

  /// The most groups that may be open at once.
  static let maximumDepth = 4096

  let kind: Kind
  /// The de-encapsulated document, UTF-8.
  let utf8: [UInt8]

  /// De-encapsulates `rtf`.
  /// - Throws: ``ReaderError`` when the bytes are not RTF or nest groups deeper than
  ///   ``maximumDepth``.
  init(_ rtf: [UInt8]) throws(ReaderError) {
    guard rtf.starts(with: Array("{\\rtf".utf8)) else { throw ReaderError("the RTF body does not start with {\\rtf") }
    let header = String(decoding: rtf.prefix(1024), as: UTF8.self)
    kind = header.contains("\\fromhtml") ? .html : .text
    var parser = RTFDeencapsulator(rtf)
    utf8 = try parser.run()
  }
}

/// The state machine behind ``RTFBody``: one pass over the RTF tokens.
private struct RTFDeencapsulator {
  /// What a group inherits from the one it is in and restores when it closes.
  struct GroupState {
    /// Inside a destination that is not output (`\fonttbl`, `\*\mhtmltag`, …).
    var skipped = false
    /// Inside `\htmlrtf … \htmlrtf0`: RTF-only rendering, not HTML.
    var htmlRTF = false
    /// How many fallback characters follow a `\uN` (`\ucN`, default 1).
    var unicodeSkip = 1
  }

  private let rtf: [UInt8]
  private var index = 0
  private var state = GroupState()
  private var stack = [GroupState]()
  /// Whether the next control word opens a group (`{\word` or `{\*\word`) and may name a destination.
  private var atGroupStart = false
  private var starred = false
  private var codePage = "CP1252"
  private var output = [UInt8]()
  /// `\'hh` bytes not yet converted from the code page (a double-byte character spans two).
  private var pendingBytes = [UInt8]()
  private var pendingHighSurrogate: UInt16?
  /// Fallback characters still to skip after a `\uN`.
  private var skipCount = 0

  init(_ rtf: [UInt8]) { self.rtf = rtf }

  private var emits: Bool { !state.skipped && !state.htmlRTF }

  mutating func run() throws(ReaderError) -> [UInt8] {
    while index < rtf.count {
      let byte = rtf[index]
      switch byte {
      case UInt8(ascii: "{"):
        index += 1
        guard stack.count < RTFBody.maximumDepth else {
          throw ReaderError("the RTF body nests groups more than \(RTFBody.maximumDepth) deep")
        }
        stack.append(state)
        atGroupStart = true
        starred = false
      case UInt8(ascii: "}"):
        index += 1
        state = stack.popLast() ?? state
        atGroupStart = false
      case UInt8(ascii: "\\"):
        controlWord()
      case 0x0D, 0x0A:
        index += 1
      default:
        atGroupStart = false
        index += 1
        emitText(byte)
      }
    }
    flushBytes()
    return output
  }

  /// Reads the control word or symbol at `index` (a backslash) and acts on it.
  private mutating func controlWord() {
    index += 1
    guard index < rtf.count else { return }
    let first = rtf[index]
    guard isLetter(first) else {
      controlSymbol(first)
      return
    }
    let start = index
    while index < rtf.count, isLetter(rtf[index]), index - start < 32 { index += 1 }
    let word = String(decoding: rtf[start..<index], as: UTF8.self)
    var parameter: Int?
    var negative = false
    if index < rtf.count, rtf[index] == UInt8(ascii: "-") {
      negative = true
      index += 1
    }
    var digits = 0
    var value = 0
    while index < rtf.count, rtf[index] >= 0x30, rtf[index] <= 0x39 {
      if digits < 10 { value = value * 10 + Int(rtf[index] - 0x30) }
      digits += 1
      index += 1
    }
    if digits > 0 { parameter = negative ? -value : value }
    if index < rtf.count, rtf[index] == 0x20 { index += 1 }
    apply(word, parameter)
  }

  private mutating func apply(_ word: String, _ parameter: Int?) {
    let opensGroup = atGroupStart
    atGroupStart = false
    if opensGroup {
      if word == "htmltag" && starred {
        // The HTML of a tag: output unless the group around it is skipped.
        state.htmlRTF = false
        starred = false
        return
      }
      if starred || Self.skipped.contains(word) {
        state.skipped = true
        starred = false
        return
      }
    }
    switch word {
    case "htmlrtf": state.htmlRTF = parameter != 0
    case "ansicpg": if let parameter, parameter > 0 { codePage = OutlookCodePage.iconvName(parameter) }
    case "uc": state.unicodeSkip = max(0, min(parameter ?? 1, 16))
    case "u": if let parameter { unicode(parameter) }
    case "par", "line": emitScalars("\r\n")
    case "tab": emitScalars("\t")
    case "emdash": emitScalars("\u{2014}")
    case "endash": emitScalars("\u{2013}")
    case "lquote": emitScalars("\u{2018}")
    case "rquote": emitScalars("\u{2019}")
    case "ldblquote": emitScalars("\u{201C}")
    case "rdblquote": emitScalars("\u{201D}")
    case "bullet": emitScalars("\u{2022}")
    case "bin":
      // Binary data of the given length follows; it is never text.
      index = min(rtf.count, index + max(0, parameter ?? 0))
    default: break
    }
  }

  /// Destinations whose content is not text of the message.
  private static let skipped: Set<String> = [
    "fonttbl", "colortbl", "stylesheet", "info", "pict", "object", "header", "footer", "headerl", "headerr",
    "footerl", "footerr", "listtable", "listoverridetable", "rsidtbl", "xmlnstbl", "themedata",
    "colorschememapping", "datastore", "latentstyles", "generator", "filetbl", "revtbl", "pgdsctbl", "fldinst",
  ]

  private mutating func controlSymbol(_ symbol: UInt8) {
    index += 1
    switch symbol {
    case UInt8(ascii: "*"):
      if atGroupStart { starred = true }
      return
    case UInt8(ascii: "'"):
      atGroupStart = false
      guard index + 1 < rtf.count, let high = hexValue(rtf[index]), let low = hexValue(rtf[index + 1]) else { return }
      index += 2
      if skipCount > 0 {
        skipCount -= 1
        return
      }
      if emits { pendingBytes.append(high << 4 | low) }
    case UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "\\"):
      atGroupStart = false
      emitText(symbol)
    case UInt8(ascii: "~"):
      atGroupStart = false
      emitScalars("\u{00A0}")
    case UInt8(ascii: "_"):
      atGroupStart = false
      emitScalars("-")
    case 0x0D, 0x0A:
      atGroupStart = false
      emitScalars("\r\n")
    default:
      atGroupStart = false
    }
  }

  /// A literal byte of text (ASCII in every real RTF writer; 8-bit bytes are read in the code page).
  private mutating func emitText(_ byte: UInt8) {
    if skipCount > 0 {
      skipCount -= 1
      return
    }
    guard emits else { return }
    if byte >= 0x80 {
      pendingBytes.append(byte)
      return
    }
    flushBytes()
    output.append(byte)
  }

  private mutating func emitScalars(_ text: String) {
    skipCount = 0
    guard emits else { return }
    flushBytes()
    output += Array(text.utf8)
  }

  /// `\uN`: a UTF-16 code unit as a signed 16-bit number; a high surrogate waits for its low one.
  private mutating func unicode(_ value: Int) {
    let unit = UInt16(truncatingIfNeeded: value < 0 ? value + 65_536 : value)
    defer { skipCount = state.unicodeSkip }
    guard emits else { return }
    flushBytes()
    if UTF16.isLeadSurrogate(unit) {
      pendingHighSurrogate = unit
      return
    }
    var units = [unit]
    if let high = pendingHighSurrogate, UTF16.isTrailSurrogate(unit) { units = [high, unit] }
    pendingHighSurrogate = nil
    output += Array(String(decoding: units, as: UTF16.self).utf8)
  }

  private mutating func flushBytes() {
    guard !pendingBytes.isEmpty else { return }
    output += Transcoder.utf8(from: pendingBytes, charset: codePage)
      ?? Transcoder.utf8(from: pendingBytes, charset: "WINDOWS-1252") ?? []
    pendingBytes.removeAll(keepingCapacity: true)
  }

  private func isLetter(_ byte: UInt8) -> Bool {
    (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A)
  }

  private func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case 0x30...0x39: byte - 0x30
    case 0x61...0x66: byte - 0x61 + 10
    case 0x41...0x46: byte - 0x41 + 10
    default: nil
    }
  }
}

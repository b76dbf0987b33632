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
  /// How many bytes of the RTF's start decide its ``Kind``.
  static let headerLength = 1024

  let kind: Kind
  /// The de-encapsulated document, UTF-8.
  let utf8: [UInt8]

  /// De-encapsulates `rtf`: the whole of it fed to one ``Decoder``.
  /// - Throws: ``ReaderError`` when the bytes are not RTF or nest groups deeper than
  ///   ``maximumDepth``.
  init(_ rtf: [UInt8]) throws(ReaderError) {
    var decoder = Decoder()
    utf8 = try decoder.feed(rtf, isLast: true)
    kind = decoder.kind ?? .text
  }

  /// De-encapsulates RTF a chunk at a time, with the output ``RTFBody/init(_:)`` gives for the
  /// whole: its first ``headerLength`` bytes are held until they decide the ``Kind``, then
  /// each chunk is de-encapsulated (``RTFDeencapsulator``).
  struct Decoder {
    /// What the RTF holds; nil until its first ``headerLength`` bytes (or all of it) are fed.
    private(set) var kind: Kind?
    private var head: [UInt8] = []
    private var deencapsulator = RTFDeencapsulator()

    /// The UTF-8 that the next `chunk` de-encapsulates to; `isLast` ends the RTF.
    /// - Throws: ``ReaderError`` when the bytes are not RTF or nest groups deeper than
    ///   ``maximumDepth``.
    mutating func feed(_ chunk: [UInt8], isLast: Bool) throws(ReaderError) -> [UInt8] {
      guard kind == nil else { return try deencapsulator.feed(chunk, isLast: isLast) }
      head += chunk
      guard head.count >= headerLength || isLast else { return [] }
      guard head.starts(with: Array("{\\rtf".utf8)) else { throw ReaderError("the RTF body does not start with {\\rtf") }
      let header = String(decoding: head.prefix(headerLength), as: UTF8.self)
      kind = header.contains("\\fromhtml") ? .html : .text
      defer { head = [] }
      return try deencapsulator.feed(head, isLast: isLast)
    }
  }
}

/// The state machine behind ``RTFBody``: one pass over the RTF tokens, fed a chunk at a time.
///
/// A token is acted on only once it is whole: a control word whose letters, parameter or
/// delimiting space a chunk's end may still continue, or a `\'hh` missing a digit, waits for
/// the next chunk, and the bytes a `\binN` skips are skipped across chunks. A control word
/// held longer than ``holdLimit`` bytes (only a run of thousands of parameter digits can be) is
/// taken as it stands, so the digits after the cut are read as text: the one place where the
/// chunks change what is read.
struct RTFDeencapsulator {
  /// The most bytes of one unfinished control word held for the next chunk.
  static let holdLimit = 4096
  /// The most bytes of one run of 8-bit text held before they are converted.
  static let largestHeldRun = 1 << 20

  /// What a group inherits from the one it is in and restores when it closes.
  struct GroupState {
    /// Inside a destination that is not output (`\fonttbl`, `\*\mhtmltag`, …).
    var skipped = false
    /// Inside `\htmlrtf … \htmlrtf0`: RTF-only rendering, not HTML.
    var htmlRTF = false
    /// How many fallback characters follow a `\uN` (`\ucN`, default 1).
    var unicodeSkip = 1
  }

  /// The bytes not yet read: the last chunk, after what was held of the one before.
  private var rtf: [UInt8] = []
  private var index = 0
  /// How many more bytes of `\binN` data to skip.
  private var binaryLeft = 0
  private var state = GroupState()
  private var stack = [GroupState]()
  /// Whether the next control word opens a group (`{\word` or `{\*\word`) and may name a destination.
  private var atGroupStart = false
  private var starred = false
  private var codePage = "CP1252"
  private var output = [UInt8]()
  /// `\'hh` bytes not yet converted from the code page (a double-byte character spans two).
  private var pendingBytes = [UInt8]()
  /// The conversion of a run of `\'hh` bytes longer than ``largestHeldRun``, converted in pieces
  /// as it goes (an iconv stream gives for the pieces what it gives for the whole run).
  private var runConverter: Transcoder.Stream?
  private var pendingHighSurrogate: UInt16?
  /// Fallback characters still to skip after a `\uN`.
  private var skipCount = 0

  private var emits: Bool { !state.skipped && !state.htmlRTF }

  /// The UTF-8 that the next `chunk` of RTF de-encapsulates to; `isLast` ends the RTF.
  /// - Throws: ``ReaderError`` when it nests groups deeper than ``RTFBody/maximumDepth``.
  mutating func feed(_ chunk: [UInt8], isLast: Bool) throws(ReaderError) -> [UInt8] {
    rtf = index == rtf.count ? chunk : Array(rtf[index...]) + chunk
    index = 0
    output = []
    while index < rtf.count {
      if binaryLeft > 0 {
        let skipped = min(binaryLeft, rtf.count - index)
        index += skipped
        binaryLeft -= skipped
        continue
      }
      if !isLast, !isWhole(at: index) { break }
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
    if isLast { flushBytes() }
    return output
  }

  /// Whether the token at `start` is whole in `rtf`, or held so long it is taken as it stands.
  private func isWhole(at start: Int) -> Bool {
    guard rtf[start] == UInt8(ascii: "\\") else { return true }
    guard start + 1 < rtf.count else { return false }
    let first = rtf[start + 1]
    if first == UInt8(ascii: "'") { return start + 3 < rtf.count }
    guard isLetter(first) else { return true }
    var end = start + 1
    while end < rtf.count, isLetter(rtf[end]), end - start - 1 < 32 { end += 1 }
    if end < rtf.count, rtf[end] == UInt8(ascii: "-") { end += 1 }
    while end < rtf.count, rtf[end] >= 0x30, rtf[end] <= 0x39 { end += 1 }
    // The byte after the parameter says whether a delimiting space is read with the word.
    return end < rtf.count || rtf.count - start > Self.holdLimit
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
      binaryLeft = max(0, parameter ?? 0)
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
      if emits { hold(high << 4 | low) }
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
      hold(byte)
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
    if let converter = runConverter {
      output += converter.convert(pendingBytes, isLast: true)
      runConverter = nil
    } else if !pendingBytes.isEmpty {
      output += Transcoder.utf8(from: pendingBytes, charset: codePage)
        ?? Transcoder.utf8(from: pendingBytes, charset: "WINDOWS-1252") ?? []
    }
    pendingBytes.removeAll(keepingCapacity: true)
  }

  /// Holds a byte of text in the code page until its run ends; a run grown past
  /// ``largestHeldRun`` is converted so far, so a hostile run holds no more than that.
  private mutating func hold(_ byte: UInt8) {
    pendingBytes.append(byte)
    guard pendingBytes.count >= Self.largestHeldRun else { return }
    if runConverter == nil {
      runConverter = Transcoder.Stream(charset: codePage) ?? Transcoder.Stream(charset: "WINDOWS-1252")
    }
    guard let converter = runConverter else { return }
    output += converter.convert(pendingBytes, isLast: false)
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

import DarkshareCore
import DarkshareJudgement
import DarkshareMarkup
import DarkshareReaders
import DarkshareRules

/// Fixes one template's bytes in memory: audits them as `audit` does, asks
/// ``CampaignTagFix`` for every link the audit reports, maps each URL edit back onto the bytes
/// as stored and applies it, and checks that a second fix would change nothing.
///
/// Only the bytes of rewritten URLs change: character references, quotes, white space, line
/// endings, byte-order mark and the file's encoding (UTF-8 or windows-1252) stay as they were.
/// A link whose stored text cannot be mapped exactly onto the URL the reader saw is left,
/// with the reason, never guessed at.
struct TemplateFixer {
  /// The auditor of the configuration that applies to the file.
  let auditor: Auditor

  /// The fix of one file.
  struct Result {
    var fixed: [UInt8]
    var changes: [FixChange]
    var left: [LeftLink]
  }

  /// What a file is to `fix`.
  enum Role: Equatable {
    /// A template: HTML (`isHTML`: HTML, template sources, MJML) or plain text.
    case template(isHTML: Bool)
    /// Anything else darkshare reads: never rewritten, for this reason.
    case notRewritten(String)
  }

  /// Extensions of the templates `fix` rewrites.
  static let htmlExtensions: Set<String> = Set(["html", "htm", "mjml"]).union(TemplateReader.extensions)
  static let textExtensions: Set<String> = ["txt", "text"]

  static let archiveReason = "not rewritten: mail and message archives are never rewritten"

  /// The role of the file at `path` whose first bytes are `head`.
  static func role(of path: String, head: ArraySlice<UInt8>) -> Role {
    let name = (path.split(separator: "/").last.map(String.init) ?? path).lowercased()
    let ext = name.contains(".") ? String(name[name.index(after: name.lastIndex(of: ".")!)...]) : ""
    if ext == "gz" || ext == "zip" { return .notRewritten(archiveReason) }
    let format = BuiltInReaders.reader(forPath: path, head: head)?.format
    switch format {
    case HTMLReader.format?, TemplateReader.format?, MJMLReader.format?:
      if htmlExtensions.contains(ext) { return .template(isHTML: true) }
    case PlainTextReader.format?:
      if textExtensions.contains(ext) { return .template(isHTML: false) }
    default:
      break
    }
    return .notRewritten(archiveReason)
  }

  /// Fixes `bytes`, shown as `file`.
  /// - Throws: ``FixFileError`` when the file cannot be read, or its fix would not be final.
  func fix(_ bytes: [UInt8], file: String, isHTML: Bool) throws(FixFileError) -> Result {
    let first = try plan(bytes, file: file, isHTML: isHTML)
    guard !first.edits.isEmpty else { return Result(fixed: bytes, changes: [], left: first.left) }
    let fixed = FileEdit.apply(first.edits, to: bytes)
    let second = try plan(fixed, file: file, isHTML: isHTML)
    guard second.linkCount == first.linkCount else {
      throw FixFileError(
        file: file,
        error: "the fixed file would read as \(second.linkCount) links instead of \(first.linkCount); not written")
    }
    if let again = second.changes.first {
      throw FixFileError(
        file: file,
        error: "a second fix would change \(again.line):\(again.column) again (\(again.old) → \(again.new)); not written")
    }
    return Result(fixed: fixed, changes: first.changes, left: first.left)
  }

  /// The edits one pass would make, the changes and links left they stand for, and how many
  /// links the file has (a fixed file must read as the same number).
  struct Plan {
    var edits: [FileEdit] = []
    var changes: [FixChange] = []
    var left: [LeftLink] = []
    var linkCount = 0
  }

  /// One pass: audit `bytes` as `audit` would (same configuration, same judgement, same
  /// `RuleContext`), and for every link with findings, the file edits of its fix or the
  /// reason it is left. A VML link takes the anchor text of its `<a>` twin (same URL), so the
  /// two get the same `{text}`. `&` in new text is spelled as the attribute spells it, else as
  /// the document does, else bare.
  /// - Throws: ``FixFileError`` when the file cannot be read.
  func plan(_ bytes: [UInt8], file: String, isHTML: Bool) throws(FixFileError) -> Plan {
    let result = auditor.audit(bytes: bytes, file: file)
    if let error = result.error { throw FixFileError(file: file, error: error, isReadError: true) }
    let links = result.links.map(\.link)
    let judged = auditor.judged(links)
    let context = RuleContext(
      configuration: auditor.configuration, policy: auditor.judge.policy, links: judged, documentName: file)
    var plan = Plan(linkCount: links.count)
    let stored = StoredText(bytes, isHTML: isHTML)
    var attributes = [Int: AttributeText]()
    func attribute(_ index: Int) -> AttributeText? {
      if let known = attributes[index] { return known }
      guard let stored, let range = storedRange(of: links[index], in: stored) else { return nil }
      let text = AttributeText(raw: stored.text(at: range), isHTML: isHTML)
      attributes[index] = text
      return text
    }
    var documentAmpersand: AttributeText.Ampersand?? = nil
    func documentSpelling() -> AttributeText.Ampersand? {
      if let known = documentAmpersand { return known }
      let spellings = links.indices.compactMap { attribute($0)?.ampersand }
      let found = spellings.first { $0 == .named } ?? spellings.first { if case .numeric = $0 { true } else { false } }
      documentAmpersand = .some(found)
      return found
    }
    var taken = [Range<Int>]()
    for index in links.indices where !result.links[index].findings.isEmpty {
      let link = links[index]
      var text: String?
      if link.element.hasPrefix("v:") {
        text = links.first { !$0.element.hasPrefix("v:") && $0.url == link.url && $0.text != nil }?.text
      }
      guard let outcome = CampaignTagFix.outcome(for: judged[index], in: context, text: text) else { continue }
      func leave(_ reason: String) {
        plan.left.append(
          LeftLink(file: file, line: link.location.line, column: link.location.column, url: link.url, reason: reason))
      }
      switch outcome {
      case .notFixable(let reason):
        leave(reason)
      case .fixed(let edits, let url):
        guard let stored else {
          leave("the file is neither UTF-8 nor windows-1252 (nor valid UTF-8 text); fix it by hand")
          continue
        }
        guard let range = storedRange(of: link, in: stored), let raw = attribute(index) else {
          leave("where the URL ends in the file is not known; fix it by hand")
          continue
        }
        switch fileEdits(
          edits, of: link, raw: raw, at: range, in: stored, isHTML: isHTML, documentSpelling: documentSpelling)
        {
        case .failure(let refusal):
          leave(refusal.reason)
        case .success(let fileEdits):
          if fileEdits.contains(where: { edit in taken.contains { $0.overlaps(edit.range) || $0 == edit.range } }) {
            leave("another link's fix touches the same bytes")
            continue
          }
          taken.append(contentsOf: fileEdits.map(\.range))
          plan.edits += fileEdits
          plan.changes.append(
            FixChange(file: file, line: link.location.line, column: link.location.column, old: link.url, new: url))
        }
      }
    }
    return plan
  }

  /// Where `link`'s URL is stored: from its start to its end, as byte offsets in the file.
  private func storedRange(of link: Link, in stored: StoredText) -> Range<Int>? {
    guard let end = link.urlEnd,
      let startOffset = stored.offset(of: TextPosition(line: link.location.line, column: link.location.column)),
      let endOffset = stored.offset(of: end), startOffset <= endOffset
    else { return nil }
    return startOffset..<endOffset
  }

  private struct Refusal: Error { var reason: String }

  /// The quote that opens the attribute value stored from `offset` (white space before the
  /// URL skipped); nil for an unquoted value.
  private static func quote(before offset: Int, in stored: StoredText) -> Unicode.Scalar? {
    var index = offset
    while index > 0 {
      let byte = stored.byte(at: index - 1)
      if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C {
        index -= 1
        continue
      }
      return byte == 0x22 || byte == 0x27 ? Unicode.Scalar(byte) : nil
    }
    return nil
  }

  /// The edits of the URL (UTF-8 ranges of `link.url`) as edits of the file's bytes.
  private func fileEdits(
    _ edits: [CampaignTagFix.Edit], of link: Link, raw: AttributeText, at range: Range<Int>, in stored: StoredText,
    isHTML: Bool, documentSpelling: () -> AttributeText.Ampersand?
  ) -> Swift.Result<[FileEdit], Refusal> {
    let decoded = Array(raw.decoded.utf8)
    let isSpace = { (byte: UInt8) in byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C }
    let lead = decoded.prefix { isSpace($0) }.count
    let trail = decoded.reversed().prefix { isSpace($0) }.count
    guard lead + trail <= decoded.count, decoded[lead..<(decoded.count - trail)].elementsEqual(link.url.utf8) else {
      return .failure(Refusal(reason: "the URL as stored does not read back as the URL found; fix it by hand"))
    }
    let rawBytes = Array(stored.text(at: range).utf8)
    // The file offset of a raw (decoded-to-UTF-8) offset: the same in UTF-8, one byte per
    // character in windows-1252.
    func fileOffset(_ rawOffset: Int) -> Int {
      if stored.encoding == "utf-8" { return range.lowerBound + rawOffset }
      return range.lowerBound + rawBytes[0..<rawOffset].reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
    }
    let ampersand: String
    switch raw.ampersand ?? documentSpelling() ?? .bare {
    case .named: ampersand = "&amp;"
    case .numeric(let written): ampersand = written
    case .bare: ampersand = "&"
    }
    let quote = isHTML ? Self.quote(before: range.lowerBound, in: stored) : nil
    var result = [FileEdit]()
    for edit in edits {
      guard let start = raw.rawOffset(of: lead + edit.range.lowerBound),
        let end = raw.rawOffset(of: lead + edit.range.upperBound)
      else {
        return .failure(Refusal(reason: "the fix would split a character reference; fix it by hand"))
      }
      var replacement = edit.replacement
      if isHTML {
        // Inside quotes only that quote ends the value; unquoted, white space and quotes do.
        let unsafe: (Unicode.Scalar) -> Bool = quote.map { quote in { $0 == quote } }
          ?? { "\"'<>`".unicodeScalars.contains($0) || $0.properties.isWhitespace }
        if replacement.unicodeScalars.contains(where: unsafe) {
          return .failure(Refusal(reason: "the new text cannot be written safely inside the attribute; fix it by hand"))
        }
        replacement = replacement.replacingOccurrences(of: "&", with: ampersand)
      }
      guard let bytes = stored.encoded(replacement) else {
        return .failure(Refusal(reason: "the new text has characters the file's \(stored.encoding) cannot hold"))
      }
      result.append(FileEdit(range: fileOffset(start)..<fileOffset(end), bytes: bytes))
    }
    return .success(result)
  }
}

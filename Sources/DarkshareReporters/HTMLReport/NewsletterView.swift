import DarkshareCore

/// The newsletter itself, rendered in the report with every link outlined in its status colour
/// and a numbered badge that points at its findings below: the link check of Litmus, offline.
///
/// The newsletter is shown in `<iframe sandbox srcdoc=…>`: the sandbox grants nothing (no
/// scripts, no forms, no same-origin, no navigation of the report), and a Content-Security-Policy
/// inside the document forbids every load but inline styles and `data:` images, so a hostile
/// newsletter runs nothing and fetches nothing. As a second line, scripts, refresh and event
/// handler attributes are removed from the copy and `javascript:` links neutralised.
///
/// Links are marked where the audit found them — 1-based line and column (in Unicode scalars,
/// lines ending at `\n`, `\r\n` or `\r`) of the URL's first character — by adding attributes to
/// the start tag around that position and a badge after it; links are never looked up again by
/// URL, so two links to the same page keep their own numbers.
enum NewsletterView {
  /// The `srcdoc` document: the newsletter, sanitised, with its links marked.
  static func document(html: String, links: [InsightsModel.LinkRow]) -> String {
    var scalars = Array(html.unicodeScalars)
    let lineStarts = lineStarts(of: scalars)
    // A link in a start tag is outlined and badged after the tag; a link written in the text
    // (linkified prose, as Google Voice pages carry) gets its badge just before the URL.
    var marks = [(offset: Int, inTag: Bool, link: InsightsModel.LinkRow)]()
    for link in links where link.line >= 1 && link.line <= lineStarts.count {
      let offset = lineStarts[link.line - 1] + link.column - 1
      guard offset < scalars.count else { continue }
      if let tag = startTag(around: offset, in: scalars) {
        marks.append((tag.nameEnd, true, link))
      } else {
        marks.append((offset, false, link))
      }
    }
    // From the end, so earlier offsets stay valid.
    for mark in marks.sorted(by: { ($0.offset, $0.link.number) > ($1.offset, $1.link.number) }) {
      let style = HTMLReportRenderer.style(of: mark.link.status)
      let badge = "<span class=\"ds-badge\" data-ds-badge=\"\(mark.link.number)\" style=\"background:\(style.color)\">"
        + "\(style.symbol)\u{00A0}\(mark.link.number)</span>"
      guard mark.inTag else {
        scalars.insert(contentsOf: badge.unicodeScalars, at: mark.offset)
        continue
      }
      guard let close = scalars[mark.offset...].firstIndex(of: ">") else { continue }
      let attributes = " data-ds-link=\"\(mark.link.number)\" data-ds-status=\"\(style.name)\""
      scalars.insert(contentsOf: badge.unicodeScalars, at: close + 1)
      // Two links in one tag (an `href` and a VML `src`) share the outline of the first.
      if !scalars[mark.offset..<close].starts(with: " data-ds-link=".unicodeScalars) {
        scalars.insert(contentsOf: attributes.unicodeScalars, at: mark.offset)
      }
    }
    let body = sanitised(String(String.UnicodeScalarView(scalars)))
    return "<!DOCTYPE html><meta charset=\"utf-8\">"
      + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
      + "<style>[data-ds-link]{outline:3px solid;outline-offset:1px}"
      + HTMLReportRendererStatusCSS.outlines
      + ".ds-badge{display:inline-block;font:bold 11px/1.4 system-ui,sans-serif;color:#fff;padding:0 4px;border-radius:3px;"
      + "margin-left:2px;vertical-align:top;text-decoration:none}</style>"
      + body
  }

  /// Where the start tag around `offset` begins its attributes (just after its name), when the
  /// position lies inside a start tag (`<a href="|…">`, `<v:roundrect href="|…">`).
  private static func startTag(around offset: Int, in scalars: [Unicode.Scalar]) -> (open: Int, nameEnd: Int)? {
    var index = offset
    while index > 0 {
      index -= 1
      if scalars[index] == ">" { return nil }
      if scalars[index] == "<" { break }
    }
    guard scalars[index] == "<", index + 1 < scalars.count, scalars[index + 1].properties.isAlphabetic else { return nil }
    var nameEnd = index + 1
    while nameEnd < scalars.count, !scalars[nameEnd].properties.isWhitespace, scalars[nameEnd] != ">", scalars[nameEnd] != "/" {
      nameEnd += 1
    }
    return nameEnd <= offset ? (index, nameEnd) : nil
    // (A position inside a tag's name is not inside its attributes: no mark.)
  }

  /// Line start offsets, lines ending at `\n`, `\r\n` or a lone `\r` (as darkshare counts lines).
  private static func lineStarts(of scalars: [Unicode.Scalar]) -> [Int] {
    var starts = [0]
    var index = 0
    while index < scalars.count {
      if scalars[index] == "\r" {
        if index + 1 < scalars.count, scalars[index + 1] == "\n" { index += 1 }
        starts.append(index + 1)
      } else if scalars[index] == "\n" {
        starts.append(index + 1)
      }
      index += 1
    }
    return starts
  }

  /// The copy without scripts, refresh, event handlers and `javascript:` URLs.
  static func sanitised(_ html: String) -> String {
    var text = html
    text = text.replacing(/(?is)<script\b.*?(<\/script\s*>|$)/, with: "")
    text = text.replacing(/(?is)<meta\b[^>]*http-equiv\s*=\s*["']?\s*refresh[^>]*>/, with: "")
    // One handler a pass; a tag can carry several.
    for _ in 0..<64 {
      let before = text
      text = text.replacing(/(?is)(<[a-z][^>]*?\s)on[a-z]+\s*=\s*("[^"]*"|'[^']*'|[^\s>]*)/) { match in
        String(match.output.1)
      }
      if text == before { break }
    }
    text = text.replacing(/(?i)javascript\s*:/, with: "about:blank#")
    return text
  }
}

/// The outline colour of each status inside the newsletter view.
enum HTMLReportRendererStatusCSS {
  static let outlines: String = [LinkStatus.tracked, .partial, .dark, .atRisk, .unknown, .excluded].map { status in
    let style = HTMLReportRenderer.style(of: status)
    return "[data-ds-status=\"\(style.name)\"]{outline-color:\(style.color)}"
  }.joined()
}

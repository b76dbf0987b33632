import DarkshareCore

/// Lays out an ``InsightsModel`` as one self-contained HTML page: no network, no JavaScript,
/// inline CSS and inline SVG charts, system fonts, readable on a phone and printable.
///
/// Status colours are the Okabe–Ito palette (distinguishable with the common colour-vision
/// deficiencies), and every status is also named by a symbol, in the legend, the tables and the
/// link lists, so nothing rests on colour alone. Every number comes from the model; elements
/// carry `data-*` attributes with the raw numbers so tests (and scripts) can read them back.
public enum HTMLReportRenderer {
  /// The `--format` name.
  public static let format = "html"

  /// The page for `model`.
  public static func render(_ model: InsightsModel) -> String {
    var page = HTMLWriter()
    page.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
    page.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
    page.raw("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n")
    page.raw("<title>darkshare report</title>\n<style>\(stylesheet)</style>\n</head>\n<body>\n<main>\n")
    page.raw("<h1>Dark-share report</h1>\n<p class=\"meta\">")
    page.text("\(model.inputs) inputs · \(model.messages) messages · \(model.totals.links) links · \(model.generatedBy)")
    page.raw("</p>\n")
    totals(model, into: &page)
    legend(into: &page)
    breakdown("By month", model.byMonth, id: "month", into: &page)
    breakdown("By channel", model.byChannel, id: "channel", into: &page)
    breakdown("By sender", model.bySender, id: "sender", into: &page)
    breakdown("By campaign", model.byCampaign, id: "campaign", into: &page)
    breakdown("By destination host", model.byDestinationHost, id: "host", into: &page)
    tallies("Top untagged destinations", model.topUntaggedDestinations, id: "untagged", into: &page)
    tallies("Wrappers and shorteners", model.wrappers, id: "wrappers", into: &page)
    tallies("Identifiers that leak when a link is shared", model.leakingIdentifiers, id: "leaks", into: &page)
    newsletters(model.newsletters, into: &page)
    worst(model.worstMessages, into: &page)
    if !model.errors.isEmpty { tallies("Inputs that could not be read", model.errors, id: "errors", into: &page) }
    page.raw("</main>\n</body>\n</html>\n")
    return page.output
  }

  /// A status's colour (Okabe–Ito), symbol and name.
  static func style(of status: LinkStatus) -> (color: String, symbol: String, name: String) {
    switch status {
    case .tracked: ("#009E73", "✓", "tracked")
    case .partial: ("#56B4E9", "◐", "partial")
    case .dark: ("#D55E00", "✗", "dark")
    case .atRisk: ("#E69F00", "⚠", "at-risk")
    case .unknown: ("#CC79A7", "?", "unknown")
    case .excluded: ("#999999", "–", "excluded")
    }
  }

  private static let statuses: [LinkStatus] = [.tracked, .partial, .dark, .atRisk, .unknown, .excluded]

  private static func percent(_ rate: Double?) -> String {
    guard let rate else { return "–" }
    let tenths = Int((rate * 1000).rounded())
    return "\(tenths / 10).\(tenths % 10)\u{00A0}%"
  }

  private static func totals(_ model: InsightsModel, into page: inout HTMLWriter) {
    let totals = model.totals
    page.raw("<section id=\"totals\" data-total-links=\"\(totals.links)\" data-judged=\"\(totals.judged)\" data-untraceable=\"\(totals.untraceable)\">\n")
    page.raw("<p class=\"rate\"><strong data-rate=\"\(totals.darkShareRate.map { String($0) } ?? "")\">")
    page.text(percent(totals.darkShareRate))
    page.raw("</strong> of the outbound links would arrive untraceable when shared (")
    page.text("\(totals.untraceable) dark or at-risk of \(totals.judged) judged")
    page.raw(").</p>\n")
    bar(totals, width: 100, into: &page)
    page.raw("<ul class=\"counts\">")
    for status in statuses {
      let style = style(of: status)
      page.raw("<li data-status=\"\(style.name)\" data-count=\"\(totals[status])\"><span class=\"sym\" style=\"color:\(style.color)\">")
      page.text(style.symbol)
      page.raw("</span> ")
      page.text("\(style.name) \(totals[status])")
      page.raw("</li>")
    }
    page.raw("</ul>\n</section>\n")
  }

  private static func legend(into page: inout HTMLWriter) {
    page.raw("<p class=\"legend\">")
    for status in statuses {
      let style = style(of: status)
      page.raw("<span><svg width=\"12\" height=\"12\" aria-hidden=\"true\"><rect width=\"12\" height=\"12\" fill=\"\(style.color)\"/></svg> ")
      page.text("\(style.symbol) \(style.name)")
      page.raw("</span> ")
    }
    page.raw("</p>\n")
  }

  /// A stacked bar of a group's statuses, as inline SVG scaled to `width` (a percentage).
  private static func bar(_ counts: InsightsModel.StatusCounts, width: Double, into page: inout HTMLWriter) {
    page.raw("<svg class=\"bar\" viewBox=\"0 0 100 6\" preserveAspectRatio=\"none\" role=\"img\" style=\"width:\(format(width))%\"><title>")
    page.text(statuses.map { "\(style(of: $0).name) \(counts[$0])" }.joined(separator: ", "))
    page.raw("</title>")
    var x = 0.0
    for status in statuses where counts[status] > 0 && counts.links > 0 {
      let w = 100 * Double(counts[status]) / Double(counts.links)
      page.raw("<rect x=\"\(format(x))\" width=\"\(format(w))\" height=\"6\" fill=\"\(style(of: status).color)\" data-status=\"\(style(of: status).name)\" data-count=\"\(counts[status])\"/>")
      x += w
    }
    page.raw("</svg>")
  }

  private static func format(_ value: Double) -> String {
    let hundredths = Int((value * 100).rounded())
    return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
  }

  private static func breakdown(_ title: String, _ groups: [InsightsModel.Group], id: String, into page: inout HTMLWriter) {
    guard !groups.isEmpty else { return }
    let widest = groups.map(\.counts.links).max() ?? 1
    page.raw("<section id=\"\(id)\" class=\"chart\">\n<h2>")
    page.text(title)
    page.raw("</h2>\n<table>\n<thead><tr><th scope=\"col\"></th><th scope=\"col\">links</th><th scope=\"col\">")
    page.text("✗ dark")
    page.raw("</th><th scope=\"col\">")
    page.text("⚠ at-risk")
    page.raw("</th><th scope=\"col\">rate</th><th scope=\"col\" class=\"barcell\"></th></tr></thead>\n<tbody>\n")
    for group in groups {
      page.raw("<tr data-key=\"")
      page.attribute(group.key)
      page.raw("\" data-links=\"\(group.counts.links)\" data-dark=\"\(group.counts.dark)\" data-at-risk=\"\(group.counts.atRisk)\"><th scope=\"row\">")
      page.text(group.key)
      page.raw("</th><td>\(group.counts.links)</td><td>\(group.counts.dark)</td><td>\(group.counts.atRisk)</td><td>")
      page.text(percent(group.counts.darkShareRate))
      page.raw("</td><td class=\"barcell\">")
      bar(group.counts, width: 100 * Double(group.counts.links) / Double(max(widest, 1)), into: &page)
      page.raw("</td></tr>\n")
    }
    page.raw("</tbody>\n</table>\n</section>\n")
  }

  private static func tallies(_ title: String, _ rows: [InsightsModel.Tally], id: String, into page: inout HTMLWriter) {
    page.raw("<section id=\"\(id)\">\n<h2>")
    page.text(title)
    page.raw("</h2>\n")
    guard !rows.isEmpty else {
      page.raw("<p>None.</p>\n</section>\n")
      return
    }
    page.raw("<table>\n<thead><tr><th scope=\"col\"></th><th scope=\"col\">links</th><th scope=\"col\">messages</th></tr></thead>\n<tbody>\n")
    for row in rows {
      page.raw("<tr data-links=\"\(row.links)\"><th scope=\"row\" class=\"wrap\">")
      page.text(row.value)
      page.raw("</th><td>\(row.links)</td><td>\(row.messages)</td></tr>\n")
    }
    page.raw("</tbody>\n</table>\n</section>\n")
  }

  private static func newsletters(_ newsletters: [InsightsModel.MessageRow], into page: inout HTMLWriter) {
    for (index, newsletter) in newsletters.enumerated() {
      guard let html = newsletter.html else { continue }
      let id = "newsletter-\(index + 1)"
      page.raw("<section id=\"\(id)\" class=\"newsletter\" data-links=\"\(newsletter.links.count)\">\n<h2>")
      page.text(newsletter.subject ?? newsletter.file)
      page.raw("</h2>\n<p class=\"meta\">")
      page.text("\(newsletter.file) · \(newsletter.counts.links) links · \(newsletter.counts.untraceable) untraceable")
      page.raw("</p>\n<iframe sandbox=\"\" referrerpolicy=\"no-referrer\" title=\"")
      page.attribute("The newsletter \(newsletter.file) with its links marked")
      page.raw("\" srcdoc=\"")
      page.attribute(NewsletterView.document(html: html, links: newsletter.links))
      page.raw("\"></iframe>\n<ol class=\"links\">\n")
      for link in newsletter.links {
        Self.link(link, anchor: "\(id)-link-\(link.number)", into: &page)
      }
      page.raw("</ol>\n</section>\n")
    }
  }

  /// One numbered link with its findings.
  private static func link(_ link: InsightsModel.LinkRow, anchor: String?, into page: inout HTMLWriter) {
    let style = style(of: link.status)
    page.raw("<li value=\"\(link.number)\" data-status=\"\(style.name)\"\(anchor.map { " id=\"\($0)\"" } ?? "")><span class=\"sym\" style=\"color:\(style.color)\">")
    page.text(style.symbol)
    page.raw("</span> <span class=\"status\">")
    page.text(style.name)
    page.raw("</span> <code class=\"wrap\">")
    page.text(link.url)
    page.raw("</code>")
    if let text = link.text, !text.isEmpty {
      page.raw(" <q>")
      page.text(text)
      page.raw("</q>")
    }
    page.raw(" <span class=\"meta\">")
    page.text("\(link.line):\(link.column)")
    page.raw("</span>")
    if !link.findings.isEmpty {
      page.raw("<ul>")
      for finding in link.findings {
        page.raw("<li><strong>")
        page.text(finding.rule)
        page.raw("</strong> ")
        page.text(finding.explanation)
        if let suggestion = finding.suggestion {
          page.raw("<br>suggested: <code class=\"wrap\">")
          page.text(suggestion)
          page.raw("</code>")
        }
        page.raw("</li>")
      }
      page.raw("</ul>")
    }
    page.raw("</li>\n")
  }

  private static func worst(_ messages: [InsightsModel.MessageRow], into page: inout HTMLWriter) {
    page.raw("<section id=\"worst\">\n<h2>Messages with the most untraceable links</h2>\n")
    guard !messages.isEmpty else {
      page.raw("<p>None.</p>\n</section>\n")
      return
    }
    for message in messages {
      page.raw("<article class=\"message\" data-untraceable=\"\(message.counts.untraceable)\">\n<h3>")
      page.text(message.subject ?? message.file)
      page.raw("</h3>\n<p class=\"meta\">")
      page.text(
        [message.file + (message.index.map { " #\($0)" } ?? ""), message.from, message.date, message.channel.rawValue]
          .compactMap { $0 }.joined(separator: " · "))
      page.raw("</p>\n<ol>\n")
      for link in message.links where !link.findings.isEmpty || link.status == .dark || link.status == .atRisk {
        Self.link(link, anchor: nil, into: &page)
      }
      page.raw("</ol>\n</article>\n")
    }
    page.raw("</section>\n")
  }

  private static let stylesheet = """
    body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;background:#fff}
    main{max-width:60rem;margin:0 auto;padding:1rem;overflow-wrap:anywhere}
    h1{font-size:1.6rem;margin:.5rem 0}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd}
    h3{font-size:1rem;margin:1rem 0 .2rem}
    .meta{color:#555;font-size:.9em}.rate{font-size:1.2rem}.rate strong{font-size:2rem}
    .counts{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.4rem 1.2rem}
    .legend span{margin-right:1rem;white-space:nowrap}.sym{font-weight:bold}
    svg.bar{height:1rem;display:block;min-width:2px;max-width:100%}
    table{border-collapse:collapse;width:100%;table-layout:fixed}th,td{text-align:left;padding:.2rem .4rem;border-bottom:1px solid #eee;vertical-align:top}
    tr>:first-child{width:34%;overflow-wrap:anywhere}tr>:not(:first-child){white-space:nowrap;width:11%}tr>.barcell{width:auto}
    td{font-variant-numeric:tabular-nums}
    .wrap{overflow-wrap:anywhere;word-break:break-word}code{font-size:.85em}
    ol{padding-left:1.6rem}li{margin:.3rem 0}
    iframe{width:100%;height:40rem;border:1px solid #ccc;background:#fff}
    @media (max-width:40rem){tr>.barcell{display:none}main{padding:.5rem}}
    @media print{body{font-size:10pt}iframe{height:60rem}main{max-width:none}h2{break-after:avoid}article,tr{break-inside:avoid}}
    """
}

/// Builds HTML text, escaping everything that is not markup written here.
struct HTMLWriter {
  private(set) var output = ""

  /// Markup written by the renderer itself.
  mutating func raw(_ markup: String) { output += markup }

  /// Text content: `&`, `<`, `>` escaped; the unsafe scalars of ``OutputSafety`` (controls, bidi
  /// overrides, invisible characters) shown as visible escapes, not obeyed.
  mutating func text(_ value: String) { output += Self.escaped(value, quotes: false) }

  /// An attribute value inside double quotes.
  mutating func attribute(_ value: String) { output += Self.escaped(value, quotes: true) }

  static func escaped(_ value: String, quotes: Bool) -> String {
    var escaped = ""
    escaped.reserveCapacity(value.utf8.count)
    for scalar in value.unicodeScalars {
      switch scalar {
      case "&": escaped += "&amp;"
      case "<": escaped += "&lt;"
      case ">": escaped += "&gt;"
      case "\"" where quotes: escaped += "&quot;"
      case "'" where quotes: escaped += "&#39;"
      case "\n", "\t": escaped.unicodeScalars.append(scalar)
      case _ where OutputSafety.isUnsafe(scalar): escaped += OutputSafety.visibleEscape(scalar)
      default: escaped.unicodeScalars.append(scalar)
      }
    }
    return escaped
  }
}

import DarkshareCore
@testable import DarkshareJudgement
import Testing

/// What only a whole message shows: a text link's HTML twin, and click trackers on hosts no
/// reference lists.
@Suite struct MessageJudgementTests {
  private func links(_ pairs: [(url: String, text: String?)], element: String = "a", message: Int? = 0) -> [Link] {
    pairs.enumerated().map { index, pair in
      Link(
        url: pair.url, location: SourceLocation(file: "m.eml", line: index + 1, column: 1), text: pair.text,
        element: pair.text == nil ? "text" : element, channel: .email,
        message: message.map { MessageContext(index: $0) })
    }
  }

  private let hubspotLike: [(url: String, text: String?)] = [
    ("https://go.brand.example/t/VWT1Sk8Hy8pQW2dR6Hx4t3J9gW3kPqZ5j7N2rYx", "Read the report"),
    ("https://go.brand.example/t/MWn9Tq2Lp4Rs8Vx3Kd7Hb5Jf1Gz6Qw0Ey4Ua", "Book a demo"),
    ("https://go.brand.example/t/N5k2Bv8Xc3Mz7Lq1Wp9Rt4Ys6Hd0Gf2Ja8Ek", "Pricing"),
    ("https://go.brand.example/t/Pq7Ws3Ed9Rf1Tg5Yh8Uj2Ik4Ol6Zx0Cv3Bn7M", "Case study"),
    ("https://www.brand.example/about", "About us"),
  ]

  /// Links are grouped by message in the order messages first appear, interleaved or not; the
  /// links of an HTML file (no message) or of one message are one group.
  @Test func linksAreGroupedByTheirMessage() {
    func grouped(_ messages: [Int?]) -> [[Int]] {
      LinkJudge.messages(
        of: messages.map { message in
          Link(
            url: "https://a.example/", location: SourceLocation(file: "m", line: 1, column: 1), text: nil, element: "a",
            channel: .email, message: message.map { MessageContext(index: $0) })
        })
    }
    #expect(grouped([]) == [])
    #expect(grouped([nil, nil, nil]) == [[0, 1, 2]])
    #expect(grouped([4, 4]) == [[0, 1]])
    #expect(grouped([1, 2, 1, nil, 2, nil]) == [[0, 2], [1, 4], [3, 5]])
    #expect(grouped([nil, 3]) == [[0], [1]])
  }

  @Test func aHostMostLinksGoThroughWithOpaqueTokensIsATracker() throws {
    let judged = LinkJudge().judge(messagesOf: links(hubspotLike))
    #expect(judged.prefix(4).allSatisfy { $0.status == .unknown && $0.inferredTracker?.host == "go.brand.example" })
    #expect(judged[4].status == .dark)
    let tracker = try #require(judged[0].inferredTracker)
    #expect(tracker.links == 4 && tracker.outboundLinks == 5)
    #expect(judged[0].needsResolution)
  }

  @Test func textLinksWithoutAnchorTextCountByTheirURLs() {
    let text = hubspotLike.prefix(4).map { (url: $0.url, text: String?.none) }
    let judged = LinkJudge().judge(messagesOf: links(text))
    #expect(judged.allSatisfy { $0.status == .unknown })
  }

  @Test func eachMessageIsJudgedOnItsOwn() {
    // The same four links spread over four messages (an SMS backup, a chat): no message shows a tracker.
    let spread = hubspotLike.prefix(4).enumerated().flatMap { index, pair in links([pair], message: index) }
    #expect(LinkJudge().judge(messagesOf: spread).allSatisfy { $0.status == .dark })
  }

  @Test(arguments: [
    // Two links through the host: too few.
    [("https://links.brand.example/e3t/Ctc/VWT1Sk8Hy8pQW2dR6Hx4t3J9gW", "A"), ("https://links.brand.example/e3t/Ctc/MWn9Tq2Lp4Rs8Vx3Kd7Hb5", "B"), ("https://www.brand.example/a", "C")],
    // Product pages: an id beside a word.
    [("https://shop.example/products/8f3a9b2c7d1e4f60a1b2", "Shirt"), ("https://shop.example/products/1c2d3e4f5a6b7c8d9e0f", "Hat"), ("https://shop.example/products/9e8d7c6b5a4f3e2d1c0b", "Bag")],
    // Slugs with dates: no token.
    [("https://blog.example/2026/03/spring-sale-2026-new-arrivals", "Sale"), ("https://blog.example/2026/03/what-we-learned-in-q1-2026", "Q1"), ("https://blog.example/2026/03/meet-the-team-behind-release-2026", "Team")],
    // Opaque links, but one thing named four times.
    [("https://links.brand.example/VWT1Sk8Hy8pQW2dR6Hx4t3J9gW", "Read more"), ("https://links.brand.example/MWn9Tq2Lp4Rs8Vx3Kd7Hb5Jf", "Read more"), ("https://links.brand.example/N5k2Bv8Xc3Mz7Lq1Wp9Rt4Ys", "Read more")],
    // Most links go elsewhere.
    [("https://links.brand.example/VWT1Sk8Hy8pQW2dR6Hx4t3J9gW", "A"), ("https://links.brand.example/MWn9Tq2Lp4Rs8Vx3Kd7Hb5Jf", "B"), ("https://links.brand.example/N5k2Bv8Xc3Mz7Lq1Wp9Rt4Ys", "C"),
     ("https://a.example/x", "D"), ("https://b.example/y", "E"), ("https://c.example/z", "F")],
    // Recipient ids in the query of real destinations: attribution, not a tracker.
    [("https://www.brand.example/?_hsenc=p2ANqtz-8Xh4Kd9Lq2Wm7Rt5Yb3Nc1Vz6Jf0Ga8Ek", "A"), ("https://www.brand.example/?_hsenc=p2ANqtz-9Zq3Lm8Ws2Ed7Rf1Tg5Yh4Uj6Ik0Ol", "B"), ("https://www.brand.example/?_hsenc=p2ANqtz-1Qa2Ws3Ed4Rf5Tg6Yh7Uj8Ik9Ol0Pz", "C")],
  ] as [[(String, String?)]])
  func normalMessagesInferNoTracker(_ pairs: [(String, String?)]) {
    let judged = LinkJudge().judge(messagesOf: links(pairs.map { (url: $0.0, text: $0.1) }))
    #expect(judged.allSatisfy { $0.inferredTracker == nil }, "\(judged.map(\.link.url))")
  }

  @Test func aTextLinkTakesTheServiceJudgementOfItsHTMLTwin() {
    let html = links([
      ("https://links.brand.example/e3t/Ctc/VWT1Sk8Hy8pQW2dR6Hx4t3J9gW", "Unsubscribe"),
      ("https://www.brand.example/newsletter/2026-03?utm_source=nl&utm_medium=email&utm_campaign=march", "View this email in your browser"),
      ("https://www.brand.example/sale?utm_source=nl&utm_medium=email&utm_campaign=march", "Shop the sale"),
    ])
    let text = links([
      ("https://links.brand.example/e3t/Ctc/VWT1Sk8Hy8pQW2dR6Hx4t3J9gW", nil),
      ("https://www.brand.example/newsletter/2026-03", nil),
      ("https://www.brand.example/sale", nil),
    ])
    let judged = LinkJudge().judge(messagesOf: html + text)
    #expect(judged[3].status == .excluded)
    #expect(judged[4].status == .excluded)  // the web version, without the HTML copy's UTMs
    #expect(judged[5].status == .dark)  // a campaign destination stays one
  }
}

/// Redirect scripts with ids (older senders' own click tracking) and what must not pass for one.
@Suite struct RedirectScriptInferenceTests {
  private func judge(_ urls: [String]) -> [JudgedLink] {
    LinkJudge().judge(
      messagesOf: urls.enumerated().map { index, url in
        Link(
          url: url, location: SourceLocation(file: "m.eml", line: index + 1, column: 1), text: nil, element: "text",
          channel: .email, message: MessageContext(index: 0))
      })
  }

  @Test(arguments: [
    ["http://isource.example/cgi-bin/goto?on=020758", "http://isource.example/cgi-bin/goto?on=020721", "http://www.example.org/about"],
    ["http://news.example/rd/rd.cfm?id=020709S2-PestPatrol&mid=96658", "http://news.example/rd/rd.cfm?id=020709S1-iHateSpam&mid=96658"],
    ["http://www.example.com/go/?&Src=1393043&Act=9", "http://www.example.com/go/?&Src=1380990&Act=7"],
    ["http://ads.example/link/93131216/aol", "http://ads.example/link/93131215/aol"],
  ])
  func twoRedirectScriptLinksThroughOneHostAreATracker(_ urls: [String]) {
    let judged = judge(urls)
    let scripts = judged.filter { $0.link.url.contains("/go") || $0.link.url.contains("/rd/") || $0.link.url.contains("/link/") }
    #expect(scripts.allSatisfy { $0.status == .unknown && $0.inferredTracker?.evidence == .redirectScript }, "\(urls)")
    #expect(judged.filter { $0.link.url.hasSuffix("/about") }.allSatisfy { $0.status == .dark })
  }

  @Test(arguments: [
    // One redirect link is not enough unless it names a script file.
    ["http://www.example.com/cgi-bin/goto?on=020758", "http://www.example.com/about"],
    // A script named like a redirect, but no id in its query.
    ["http://www.example.com/go.php?page=home", "http://www.example.com/about"],
    // A redirect word as a page, not a script file.
    ["http://www.example.com/r.html?id=12", "http://www.example.com/about"],
    // `/go/` naming a page, not an id.
    ["https://shop.example/go/summer-sale", "https://shop.example/go/winter-sale"],
    // Music pages are named `track`.
    ["https://open.spotify.com/track/2nwBJjBOkb7i90NnYnGN24?si=49bf7b089a763ccb", "https://open.spotify.com/track/ByiTALd05wo8vJHpAV1gey?si=7a13e8c32a21c93d",
     "https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC?si=1b2c3d4e5f60718a"],
  ])
  func pagesAreNotRedirectScripts(_ urls: [String]) {
    #expect(judge(urls).allSatisfy { $0.inferredTracker == nil }, "\(urls)")
  }

  /// A server script named after a redirect, with an id, is one even when the message has a
  /// single such link (Network Solutions' `go.cgi?a=`, a sponsor's `r.asp?r=`, an ad server's
  /// `click.cgi?sid=`).
  @Test(arguments: [
    "http://www.example.com/cgi-bin/go.cgi?a=w000000000000000",
    "https://www.example.com/r.asp?r=yyyyyyyyyyyy&refcode1=vs3390",
    "http://ad.example.ru/cgi-bin/click.cgi?sid=1&ad=625540&bt=21",
  ])
  func oneNamedRedirectScriptIsATracker(_ url: String) {
    let judged = judge([url, "http://www.example.com/about"])
    #expect(judged[0].status == .unknown && judged[0].inferredTracker?.evidence == .redirectScript, "\(url)")
    #expect(judged[1].status == .dark)
  }
}

/// A path of ids only, as ESPs number campaign, recipient and link.
@Suite struct IDPathTests {
  @Test func aMessageOfIDPathsThroughOneHostShowsATracker() {
    let links = (0..<4).map { index in
      Link(
        url: "https://t2d857ce9.mail.example/c/136/1071579/1264/0/4531494/9012/5287\(index)/23c7a80ab\(index).html",
        location: SourceLocation(file: "m.eml", line: index + 1, column: 1), text: ["Shoes", "Bags", "Sale", "Hats"][index],
        element: "a", channel: .email, message: MessageContext(index: 0))
    }
    #expect(LinkJudge().judge(messagesOf: links).allSatisfy { $0.status == .unknown })
  }

  /// Random word pairs around a very long token (spam and tracking hosts) do not hide it; a
  /// Google Docs id beside words, or a UUID beside a word, is still a page.
  @Test func aVeryLongTokenIsOpaqueBesideWords() {
    let spam = LinkURL("http://www.example.cam/gelatin-marionette/8be4q2395o8xZ613dP1bbabJ3871h18ViIGabIhf4IFIvErIx8wR2ndQSR7sg1FgR05fOHtN")
    #expect(OpaqueToken.isOpaque(spam))
    let doc = LinkURL("https://docs.google.com/document/d/1AbCdEfGh2IjKlMn3OpQrSt4UvWxYz5AbCdEf6GhIjKl7Mn/edit")
    #expect(!OpaqueToken.isOpaque(doc))
    let product = LinkURL("https://shop.example/products/8f3a9b2c-7d1e-4f60-a1b2-c3d4e5f60718")
    #expect(!OpaqueToken.isOpaque(product))
  }

  @Test(arguments: ["/blog/2026/03/14", "/c/136/1071579/1264", "/mailing/136/1071579/4531494/9012/index.html", "/p/12/34/56/78/ab-cd"])
  func pagesAreNotIDPaths(_ path: String) {
    #expect(!OpaqueToken.isIDPath(path), "\(path)")
  }
}

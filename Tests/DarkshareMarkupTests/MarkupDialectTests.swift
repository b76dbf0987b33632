import DarkshareTestSupport
import Testing

@testable import DarkshareMarkup

@Suite struct TemplateDialectTests {
  private func scan(_ marked: MarkedText, _ dialect: MarkupDialect = .template) -> HTMLScan {
    HTMLLinkScanner.scan(Array(marked.text.utf8), dialect: dialect)
  }

  private func locations(_ scan: HTMLScan) -> [MarkedText.Location] {
    scan.links.map { MarkedText.Location(line: $0.line, column: $0.column) }
  }

  @Test(arguments: [
    #"<a {% if vip %}href="↓https://shop.example/vip"{% endif %}>VIP</a>"#,
    #"<a {# a note > here #} href="↓https://shop.example/vip">VIP</a>"#,
    #"<a <% if vip %>href="↓https://shop.example/vip"<% end %>>VIP</a>"#,
    #"<a {if $vip}href="↓https://shop.example/vip"{/if}>VIP</a>"#,
    #"<a {{{raw_attributes}}} href="↓https://shop.example/vip">VIP</a>"#,
  ])
  func templateTagsBetweenAttributesKeepTheLink(_ source: String) {
    let marked = MarkedText(source)
    let result = scan(marked)
    #expect(result.links.map(\.value) == ["https://shop.example/vip"])
    #expect(result.links.map(\.text) == ["VIP"])
    #expect(locations(result) == marked.locations)
  }

  @Test(arguments: [
    #"<a {{#if vip}}href="↓https://shop.example/vip"{{else}}href="↓https://shop.example/"{{/if}} class="b">VIP</a>"#,
    #"<a {{#if vip}}href="↓https://shop.example/vip"{{else if gold}}href="↓https://shop.example/"{{/if}}>VIP</a>"#,
    #"<A {% if vip %}HREF="↓https://shop.example/vip"{%- else -%}href="↓https://shop.example/"{% endif %}>VIP</A>"#,
    #"<a {% if vip %}href="↓https://shop.example/vip"{% elif gold %}href="↓https://shop.example/"{% endif %}>VIP</a>"#,
    #"<a <% if vip %>href="↓https://shop.example/vip"<% else %>href="↓https://shop.example/"<% end %>>VIP</a>"#,
    #"<a {if $vip}href="↓https://shop.example/vip"{else}href="↓https://shop.example/"{/if}>VIP</a>"#,
    #"<a {{#vip}}href="↓https://shop.example/vip"{{/vip}}{{^vip}}href="↓https://shop.example/"{{/vip}}>VIP</a>"#,
  ])
  func bothBranchesOfAConditionalHrefAreFound(_ source: String) {
    let marked = MarkedText(source)
    let result = scan(marked)
    #expect(result.links.map(\.value) == ["https://shop.example/vip", "https://shop.example/"])
    #expect(result.links.map(\.text) == ["VIP", "VIP"])
    #expect(locations(result) == marked.locations)
  }

  @Test(arguments: [
    #"<td {% if a %}class="x"{% else %}class="y"{% endif %}><a href="↓https://shop.example/">Shop</a></td>"#,
    #"<a href="↓https://shop.example/" {% if a %}class="x"{% else %}class="y"{% endif %}>Shop</a> <a href="↓https://b.example/">b</a>"#,
  ])
  func anElseThatSetsNoHrefOnlyBlanks(_ source: String) {
    let marked = MarkedText(source)
    let result = scan(marked)
    #expect(result.links.first?.text == "Shop")
    #expect(locations(result) == marked.locations)
  }

  @Test func htmlDialectLosesWhatTheTemplateDialectKeeps() {
    // The reason for the dialect: ERB's `%>` ends the tag for an HTML parser.
    let source = #"<a <% if vip %>href="https://shop.example/vip"<% end %>>VIP</a>"#
    #expect(HTMLLinkScanner.scan(Array(source.utf8)).links.isEmpty)
    #expect(HTMLLinkScanner.scan(Array(source.utf8), dialect: .template).links.count == 1)
  }

  @Test func tagsInsideAndInPlaceOfValuesStayPartOfTheURL() {
    let marked = MarkedText(
      """
      <p>Grüße 👋 <a href="↓{{#if vip}}https://a.example/v{{else}}https://a.example/{{/if}}">A</a>
      <a href=↓{{url}}>B</a> <a href="↓https://c.example/?utm_campaign={{ campaign }}" {{#if x}}target="_blank"{{/if}}>C</a>
      <a href="↓<%= product_url %>">D</a></p>
      """)
    let result = scan(marked)
    #expect(
      result.links.map(\.value) == [
        "{{#if vip}}https://a.example/v{{else}}https://a.example/{{/if}}", "{{url}}",
        "https://c.example/?utm_campaign={{ campaign }}", "<%= product_url %>",
      ])
    #expect(result.links.map(\.text) == ["A", "B", "C", "D"])
    #expect(locations(result) == marked.locations)
  }

  @Test func columnsCountTheOriginalCharactersOfBlankedTags() {
    // A blanked tag with multibyte text must not shift the columns after it.
    let marked = MarkedText(#"<a {% if lang == "für" %}title="x"{% endif %} href="↓https://shop.example/€">€</a>"#)
    #expect(locations(scan(marked)) == marked.locations)
  }

  @Test func maskLeavesDocumentsWithoutTemplateTagsAlone() {
    #expect(TemplateTagMask.masked(Array(#"<a href="https://x.example/">x</a> {{ not in a tag }}"#.utf8)) == nil)
    let masked = TemplateTagMask.masked(Array("<a {{#if x}}\nhref=\"y\"{{/if}}>".utf8)).map { String(decoding: $0.bytes, as: UTF8.self) }
    #expect(masked == "<a " + String(repeating: " ", count: 9) + "\nhref=\"y\"" + String(repeating: " ", count: 7) + ">")
  }
}

@Suite struct MJMLDialectTests {
  private func scan(_ marked: MarkedText) -> HTMLScan {
    HTMLLinkScanner.scan(Array(marked.text.utf8), dialect: .mjml)
  }

  @Test func findsComponentHrefsAndTheHTMLInsideTextAtTheirPositions() {
    let marked = MarkedText(
      """
      <mjml>
        <mj-head>
          <mj-font name="Lato" href="https://fonts.example/css?family=Lato" />
          <mj-attributes><mj-button href="https://defaults.example/" /></mj-attributes>
          <mj-style>a { color: #f00; }</mj-style>
        </mj-head>
        <mj-body>
          <mj-hero background-url="https://cdn.example/bg.jpg" href="↓https://shop.example/hero">
            <mj-button href="↓https://shop.example/sale?utm_source=nl" align="center">Shop the <b>sale</b></mj-button>
          </mj-hero>
          <mj-section><mj-column>
            <mj-image src="https://cdn.example/a.png" alt="Spring look" href="↓https://shop.example/look" />
            <mj-text>Grüße 👋 <p>Read <a href="↓https://blog.example/post">the post</a><br>
              and <a href=↓https://blog.example/unquoted>more</a> &nbsp;</p></mj-text>
            <mj-raw><!--[if mso]><v:roundrect href="↓https://shop.example/vml">Go</v:roundrect><![endif]--></mj-raw>
            <mj-navbar base-url="https://shop.example"><mj-navbar-link href="↓/men">Men</mj-navbar-link></mj-navbar>
            <mj-social><mj-social-element name="facebook" href="↓https://shop.example/fb" src="x.png">Like</mj-social-element></mj-social>
            <mj-carousel><mj-carousel-image src="https://cdn.example/c.jpg" href="↓https://shop.example/c" alt="Coat" /></mj-carousel>
          </mj-column></mj-section>
        </mj-body>
      </mjml>
      """)
    let result = scan(marked)
    #expect(
      result.links.map(\.value) == [
        "https://shop.example/hero", "https://shop.example/sale?utm_source=nl", "https://shop.example/look",
        "https://blog.example/post", "https://blog.example/unquoted", "https://shop.example/vml", "/men",
        "https://shop.example/fb", "https://shop.example/c",
      ])
    #expect(
      result.links.map(\.element) == [
        "mj-hero", "mj-button", "mj-image", "a", "a", "v:roundrect", "mj-navbar-link", "mj-social-element",
        "mj-carousel-image",
      ])
    #expect(result.links.map(\.text)[1...] == ["Shop the sale", "Spring look", "the post", "more", "Go", "Men", "Like", "Coat"])
    #expect(result.links.map { MarkedText.Location(line: $0.line, column: $0.column) } == marked.locations)
  }

  @Test func mjmlComponentsAreNotLinksInHTML() {
    let source = #"<mj-button href="https://shop.example/">Shop</mj-button>"#
    #expect(HTMLLinkScanner.scan(Array(source.utf8)).links.isEmpty)
    #expect(HTMLLinkScanner.scan(Array(source.utf8), dialect: .mjml).links.count == 1)
  }

  @Test func ignoreMarkersWorkInMJML() {
    let source = """
      <mj-text><!-- darkshare-ignore-next-link --><a href="https://a.example/">a</a></mj-text>
      <mj-button data-darkshare-ignore href="https://b.example/">b</mj-button>
      <mj-button href="https://c.example/">c</mj-button>
      """
    let links = HTMLLinkScanner.scan(Array(source.utf8), dialect: .mjml).links
    #expect(links.map(\.isSuppressed) == [true, true, false])
  }
}

/// The markup language a document is written in, which decides how ``HTMLLinkScanner`` reads it.
///
/// All three are parsed by libxml2's HTML parser in recover mode; they differ in what is done to
/// the bytes first and in which elements carry links.
public enum MarkupDialect: Sendable, Hashable {
  /// HTML as a mail client receives it: `<a href>`, `<area href>`, VML and Inky links.
  case html
  /// An HTML template source (Handlebars, Liquid, Jinja/Nunjucks/Twig, ERB, Smarty): as
  /// ``html``, after template tags standing between a start tag's attributes
  /// (`<a {{#if vip}}href="…"{{/if}}>`, `<a <% if x %>href="…"<% end %>>`) are blanked out
  /// (``TemplateTagMask``), so they neither end the tag nor hide its `href`.
  case template
  /// An MJML source (`.mjml`): as ``template``, plus the `href` of `mj-button`, `mj-image`,
  /// `mj-navbar-link`, `mj-social-element`, `mj-carousel-image` and `mj-hero`. The HTML inside
  /// `mj-text`, `mj-raw` and other content elements is read as HTML; nothing inside `mj-head`
  /// (attribute defaults, fonts) is a link.
  case mjml
}

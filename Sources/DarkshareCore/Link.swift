/// A link as a reader found it in an input, before any judgement.
public struct Link: Sendable, Hashable {
  /// The URL as written, after entity and transfer decoding, surrounding whitespace trimmed.
  public var url: String
  /// Where the URL starts in the input.
  public var location: SourceLocation
  /// The anchor text (or the `alt` of an image inside the anchor), when there is one.
  public var text: String?
  /// The element that carries the link (`a`, `area`, `v:roundrect`), or `text` for plain text.
  public var element: String
  /// The kind of message the link was sent in.
  public var channel: Channel
  /// Where the URL ends in the input as stored: the position just past its last character
  /// (before a closing quote); nil when the reader cannot say (decoded mail parts).
  public var urlEnd: TextPosition?
  /// Whether the source asks darkshare to leave the link alone (`data-darkshare-ignore`,
  /// `<!-- darkshare-ignore-next-link -->`): it is listed, but no rule reports it.
  public var isSuppressed: Bool
  /// The message the link was sent in, for mail inputs; nil for HTML files.
  public var message: MessageContext?
  /// Whether the message itself declares the URL a service link (it is one of the
  /// `List-Unsubscribe` header's URLs): the judge excludes it whatever its shape.
  public var isDeclaredServiceLink: Bool
  /// For a link in plain text, the words that introduce it ("To unsubscribe, go to:"), which
  /// stand in for an anchor text when telling service links apart; never reported.
  public var leadIn: String?

  public init(
    url: String, location: SourceLocation, text: String?, element: String, channel: Channel, isSuppressed: Bool = false,
    urlEnd: TextPosition? = nil, message: MessageContext? = nil, isDeclaredServiceLink: Bool = false,
    leadIn: String? = nil
  ) {
    self.leadIn = leadIn
    self.message = message
    self.isDeclaredServiceLink = isDeclaredServiceLink
    self.urlEnd = urlEnd
    self.url = url
    self.location = location
    self.text = text
    self.element = element
    self.channel = channel
    self.isSuppressed = isSuppressed
  }

  /// Whether the link was found in mail or messages that were actually sent (a message read
  /// from `.eml`/mbox, an SMS, a chat), rather than in a template (an HTML or text file).
  ///
  /// A merge tag in a template is filled in at send time; in sent mail every recipient got it
  /// as written, so rules judge the two differently (`template-url`, `unrendered-merge-tag`).
  public var isSent: Bool {
    message != nil || channel == .sms || channel == .chat
  }
}

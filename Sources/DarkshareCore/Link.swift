/// A link as a reader found it in an input, before any judgement.
public struct Link: Sendable, Hashable {
  /// The fields, as one value.
  @usableFromInline struct Fields: Hashable {
    @usableFromInline var url: String
    @usableFromInline var location: SourceLocation
    @usableFromInline var text: String?
    @usableFromInline var element: String
    @usableFromInline var channel: Channel
    @usableFromInline var urlEnd: TextPosition?
    @usableFromInline var isSuppressed: Bool
    @usableFromInline var message: MessageContext?
    @usableFromInline var isDeclaredServiceLink: Bool
    @usableFromInline var leadIn: String?
  }

  /// The fields, held in one box: a link is copied from reader to batch to judgement to report,
  /// and copying the box is one retain where copying the fields was a dozen (its strings and
  /// message). Copied on write, so a link behaves as a value; fields are read in place, by
  /// `@inlinable` accessors: a `_read` called from another module allocated its coroutine frame
  /// on the heap for the larger fields (`message`, `location`), a malloc for every read.
  ///
  /// Its field is not checked for overlapping access at run time: the box is reached only
  /// through a `Link`, whose own accesses the compiler checks, and it is made unique before any
  /// change, so no two accesses to one box can overlap. The run-time check was a call on every
  /// read of every field.
  @usableFromInline final class Box: @unchecked Sendable {
    @exclusivity(unchecked) @usableFromInline var fields: Fields
    init(_ fields: Fields) { self.fields = fields }
  }

  @usableFromInline var box: Box

  /// The box, this value's own before it is changed.
  private mutating func uniqueBox() -> Box {
    if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
    return box
  }

  /// The URL as written, after entity and transfer decoding, surrounding whitespace trimmed.
  public var url: String {
    @inlinable _read { yield box.fields.url }
    _modify { yield &uniqueBox().fields.url }
  }
  /// Where the URL starts in the input.
  public var location: SourceLocation {
    @inlinable _read { yield box.fields.location }
    _modify { yield &uniqueBox().fields.location }
  }
  /// The anchor text (or the `alt` of an image inside the anchor), when there is one.
  public var text: String? {
    @inlinable _read { yield box.fields.text }
    _modify { yield &uniqueBox().fields.text }
  }
  /// The element that carries the link (`a`, `area`, `v:roundrect`), or `text` for plain text.
  public var element: String {
    @inlinable _read { yield box.fields.element }
    _modify { yield &uniqueBox().fields.element }
  }
  /// The kind of message the link was sent in.
  public var channel: Channel {
    @inlinable _read { yield box.fields.channel }
    _modify { yield &uniqueBox().fields.channel }
  }
  /// Where the URL ends in the input as stored: the position just past its last character
  /// (before a closing quote); nil when the reader cannot say (decoded mail parts).
  public var urlEnd: TextPosition? {
    @inlinable _read { yield box.fields.urlEnd }
    _modify { yield &uniqueBox().fields.urlEnd }
  }
  /// Whether the source asks darkshare to leave the link alone (`data-darkshare-ignore`,
  /// `<!-- darkshare-ignore-next-link -->`): it is listed, but no rule reports it.
  public var isSuppressed: Bool {
    @inlinable _read { yield box.fields.isSuppressed }
    _modify { yield &uniqueBox().fields.isSuppressed }
  }
  /// The message the link was sent in, for mail inputs; nil for HTML files.
  public var message: MessageContext? {
    @inlinable _read { yield box.fields.message }
    _modify { yield &uniqueBox().fields.message }
  }
  /// Whether the message itself declares the URL a service link (it is one of the
  /// `List-Unsubscribe` header's URLs): the judge excludes it whatever its shape.
  public var isDeclaredServiceLink: Bool {
    @inlinable _read { yield box.fields.isDeclaredServiceLink }
    _modify { yield &uniqueBox().fields.isDeclaredServiceLink }
  }
  /// For a link in plain text, the words that introduce it ("To unsubscribe, go to:"), which
  /// stand in for an anchor text when telling service links apart; never reported.
  public var leadIn: String? {
    @inlinable _read { yield box.fields.leadIn }
    _modify { yield &uniqueBox().fields.leadIn }
  }

  public init(
    url: String, location: SourceLocation, text: String?, element: String, channel: Channel, isSuppressed: Bool = false,
    urlEnd: TextPosition? = nil, message: MessageContext? = nil, isDeclaredServiceLink: Bool = false,
    leadIn: String? = nil
  ) {
    box = Box(
      Fields(
        url: url, location: location, text: text, element: element, channel: channel, urlEnd: urlEnd,
        isSuppressed: isSuppressed, message: message, isDeclaredServiceLink: isDeclaredServiceLink, leadIn: leadIn))
  }

  public static func == (lhs: Link, rhs: Link) -> Bool {
    lhs.box === rhs.box || lhs.box.fields == rhs.box.fields
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(box.fields)
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

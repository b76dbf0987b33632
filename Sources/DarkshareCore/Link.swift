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

  public init(url: String, location: SourceLocation, text: String?, element: String, channel: Channel) {
    self.url = url
    self.location = location
    self.text = text
    self.element = element
    self.channel = channel
  }
}

/// A WhatsApp export of any size, made of one 3000-line block repeated: a link message from Ann
/// every 1000 lines, a continuation line every third line, messages from Bob (with an emoji)
/// between. It knows where each link is, so tests count what a reader found.
public struct WhatsAppExportSample: Sendable {
  /// The export, UTF-8.
  public let bytes: [UInt8]
  /// The 1-based line of each link, in order.
  public let linkLines: [Int]
  /// The 0-based index of the message holding each link, in order.
  public let linkMessages: [Int]
  /// How many lines the export has.
  public var lineCount: Int { linkLines.count / 3 * 3000 }

  public init(blocks: Int) {
    var block = [UInt8]()
    var lines = [Int]()
    var messages = [Int]()
    var message = 0
    for index in 0..<3000 {
      if index % 1000 == 0 {
        block += Array("12/31/24, 9:41 PM - Ann: see https://shop.example/\(index)?utm_source=whatsapp\n".utf8)
        lines.append(index + 1)
        messages.append(message)
        message += 1
      } else if index % 3 == 0 {
        block += Array("and a continuation line without a link\n".utf8)
      } else {
        block += Array("12/31/24, 9:41 PM - Bob: Lorem ipsum dolor sit amet. \u{1F600}\n".utf8)
        message += 1
      }
    }
    var bytes = [UInt8]()
    bytes.reserveCapacity(block.count * blocks)
    for _ in 0..<blocks { bytes += block }
    self.bytes = bytes
    linkLines = (0..<blocks).flatMap { copy in lines.map { $0 + copy * 3000 } }
    linkMessages = (0..<blocks).flatMap { copy in messages.map { $0 + copy * message } }
  }
}

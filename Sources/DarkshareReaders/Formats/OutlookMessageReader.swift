import DarkshareCore
import DarkshareMarkup

/// Reads an Outlook message saved as a `.msg` file (MS-OXMSG in an OLE2 compound file, MS-CFB).
///
/// The body is read the way Outlook shows it, the first of:
///
/// 1. the HTML body (`PidTagHtml`, 0x1013, binary in the message's `PidTagInternetCodepage` or
///    a UTF-16 string), read as HTML;
/// 2. the RTF body (`PidTagRtfCompressed`, 0x1009) decompressed (``CompressedRTF``) and, when it
///    encapsulates HTML (`\fromhtml1`), the HTML taken out of it (``RTFBody``), read as HTML;
/// 3. the plain-text body (`PidTagBody`, 0x1000), or the text of an RTF body that encapsulates
///    no HTML, whose URLs are found the way mail clients linkify text.
///
/// Only one body is read: the others are renderings of the same message. Every link carries the
/// ``MessageContext`` an `.eml` would (index 0): subject (0x0037), sender (`PidTagSenderName`
/// 0x0C1A with `PidTagSenderSmtpAddress` 0x5D01 or `PidTagSenderEmailAddress` 0x0C1F, as
/// `Name <address>`), `Message-ID` (0x1035) and date (`PidTagClientSubmitTime` 0x0039, else
/// `PidTagMessageDeliveryTime` 0x0E06, in UTC). Links named in the `List-Unsubscribe` of the
/// saved transport headers (0x007D) are service links. The channel is ``Channel/email``.
///
/// Attachments are not read, embedded messages (`__substg1.0_3701000D` storages: a forwarded
/// message attached as an item) included: their links are not counted.
///
/// Position: the 1-based line and column (Unicode scalars) **within the decoded body** that was
/// read: the HTML converted to UTF-8, the HTML taken out of the RTF, or the text; the `.msg`
/// file as stored holds the body UTF-16, compressed or encapsulated, so no position in it is
/// meaningful. A body that cannot be read (a damaged stream) is the file's error; the next body
/// is read instead when there is one.
///
/// A `.msg` over 2 MiB is read in parts (``parted(_:file:largestHeld:)``): its body is decoded
/// into a temporary copy and read a chunk at a time, so its memory does not grow with its size.
///
/// - Complexity: O(*n*) in the file's size; every structure of the compound file is bounded
///   (``CompoundFile``).
public struct OutlookMessageReader: BinaryInputReader {
  public static let format = "msg"

  public init() {}

  /// Claims a `.msg` file whatever its content (one that is not an Outlook message is an
  /// error saying so), and a file that starts with the compound-file signature and names an
  /// Outlook property stream (`__substg1.0_`, `__properties_version1.0`, UTF-16) in its head: a
  /// `.doc` or `.xls` is a compound file too, and is not claimed.
  public static func accepts(path: String, head: ArraySlice<UInt8>) -> Bool {
    if InputName.hasExtension(path, ".msg") { return true }
    guard CompoundFile.hasSignature(head) else { return false }
    return head.firstIndex(ofBytes: substreamName) != nil || head.firstIndex(ofBytes: propertiesName) != nil
  }

  private static let substreamName = Array("__substg1.0_".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
  private static let propertiesName = Array("__properties_version1.0".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })

  public func links(in bytes: [UInt8], file: String) throws(ReaderError) -> [Link] {
    let read = try self.read(bytes, file: file)
    if let problem = read.problem { throw problem }
    return read.links
  }

  /// The links of the body read, and why a preferred body could not be read when another was.
  public func read(_ bytes: [UInt8], file: String) throws(ReaderError) -> (links: [Link], problem: ReaderError?) {
    guard CompoundFile.hasSignature(bytes) else { throw Self.notACompoundFile }
    let message = try OutlookMessage(try CompoundFile(bytes))
    let context = try Self.context(of: message)
    let unsubscribe = try Self.serviceLinks(of: message)
    var problems = [String]()
    for choice in OutlookBody.Choice.allCases {
      let body: OutlookBody?
      do throws(ReaderError) {
        body = try OutlookBody.body(choice, of: message)
      } catch {
        problems.append(error.message)
        continue
      }
      guard let body else { continue }
      var links = try body.links(file: file, context: context)
      for index in links.indices { links[index].isDeclaredServiceLink = unsubscribe.contains(links[index].url) }
      return (links, problems.isEmpty ? nil : ReaderError(problems.joined(separator: "; ")))
    }
    if !problems.isEmpty { throw ReaderError(problems.joined(separator: "; ")) }
    return ([], nil)
  }

  /// The error of a file that does not even start as a compound file.
  static let notACompoundFile = ReaderError(
    "not an Outlook message: the file does not start with the OLE2 compound-file signature")

  /// The message context every link of `message` carries.
  static func context(of message: OutlookMessage) throws(ReaderError) -> MessageContext {
    let name = try message.string(.senderName)
    var address = try message.string(.senderSMTPAddress)
    if address == nil, let written = try message.string(.senderEmailAddress), written.contains("@") { address = written }
    let from: String? =
      switch (name, address) {
      case (let name?, let address?) where name != address: "\(name) <\(address)>"
      case (_, let address?): address
      case (let name?, nil): name
      case (nil, nil): nil
      }
    return MessageContext(
      index: 0, id: try message.string(.internetMessageID), date: message.date(.clientSubmitTime) ?? message.date(.deliveryTime),
      from: from, subject: try message.string(.subject))
  }

  /// The URLs of the `List-Unsubscribe` field of the transport headers Outlook saved with a
  /// received message: its service links.
  static func serviceLinks(of message: OutlookMessage) throws(ReaderError) -> Set<String> {
    guard let headers = try message.string(.transportHeaders) else { return [] }
    return Set(ListUnsubscribe.urls(in: MIMEHeaders.parse(Array(headers.utf8)[...]).headers["List-Unsubscribe"] ?? ""))
  }
}

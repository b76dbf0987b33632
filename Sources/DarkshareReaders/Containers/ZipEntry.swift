/// One file listed in a zip's central directory.
///
/// The ``name`` is the archive's own text and is **only a label**: darkshare never writes an
/// entry to disk or opens a path built from it, so `../../etc/passwd` or `/x` cannot escape
/// anywhere. Print ``displayName``, which keeps such names visible as text but shows control
/// and bidirectional-override characters as `\u{…}` escapes, so a name cannot rewrite a terminal
/// line or a report.
public struct ZipEntry: Sendable, Hashable {
  /// The compression methods darkshare reads.
  public static let storedMethod: UInt16 = 0
  public static let deflateMethod: UInt16 = 8

  /// Position in the central directory, 0-based (directories included in the count).
  public var index: Int
  /// The name as stored: UTF-8 when flag bit 11 is set (or an Info-ZIP Unicode Path extra field
  /// matches), IBM code page 437 otherwise; invalid UTF-8 is replaced with U+FFFD.
  public var name: String
  /// ``name`` safe to print: control characters (C0, DEL, C1) and bidirectional overrides
  /// escaped as `\u{1B}`. Path separators and `..` are kept as they are.
  public var displayName: String
  /// Compression method (0 stored, 8 deflate; others are listed but cannot be opened).
  public var method: UInt16
  /// Whether flag bit 0 (traditional or strong encryption) is set; such entries cannot be opened.
  public var isEncrypted: Bool
  /// General-purpose bit flags, as stored.
  public var flags: UInt16
  /// CRC-32 of the expanded bytes, checked at the end of ``ZipArchive/open(_:)``.
  public var crc32: UInt32
  /// Size of the stored data, in bytes (from the ZIP64 extra field when needed).
  public var compressedSize: Int64
  /// Declared size of the expanded data, in bytes; expanding past it is an error.
  public var uncompressedSize: Int64
  /// Offset of the entry's local header from the start of the archive, in bytes.
  public var localHeaderOffset: Int64

  /// Whether the name ends with `/` (or `\`): a folder, with no data of its own.
  public var isDirectory: Bool { name.hasSuffix("/") || name.hasSuffix("\\") }

  /// Why ``ZipArchive/open(_:)`` will refuse this entry, or nil when it can be read.
  public var unsupportedReason: String? {
    if isEncrypted { return "entry '\(displayName)' is encrypted, which darkshare does not read" }
    if method != Self.storedMethod, method != Self.deflateMethod {
      return "entry '\(displayName)' uses compression method \(method), which darkshare does not read"
    }
    return nil
  }

  /// `name` with every character that could act on a terminal escaped as `\u{…}`.
  static func printable(_ name: String) -> String {
    var text = ""
    for scalar in name.unicodeScalars {
      switch scalar.value {
      case 0x00...0x1F, 0x7F...0x9F, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069:
        text += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
      default:
        text.unicodeScalars.append(scalar)
      }
    }
    return text
  }
}

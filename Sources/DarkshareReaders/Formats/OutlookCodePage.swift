/// Windows code page numbers, as Outlook stores them (`PidTagMessageCodepage`,
/// `PidTagInternetCodepage`, RTF's `\ansicpgN`), named the way iconv knows them.
enum OutlookCodePage {
  /// The iconv name of code page `number`: `65001` → `UTF-8`, `28591` → `ISO-8859-1`, `1252` →
  /// `CP1252` (iconv knows the Windows and DOS code pages by `CP` and their number).
  static func iconvName(_ number: Int) -> String {
    if let named = named[number] { return named }
    if (28591...28606).contains(number) { return "ISO-8859-\(number - 28590)" }
    return "CP\(number)"
  }

  private static let named: [Int: String] = [
    65001: "UTF-8", 65000: "UTF-7", 1200: "UTF-16LE", 1201: "UTF-16BE", 20127: "US-ASCII", 20866: "KOI8-R",
    21866: "KOI8-U", 50220: "ISO-2022-JP", 50221: "ISO-2022-JP", 50222: "ISO-2022-JP", 50225: "ISO-2022-KR",
    51932: "EUC-JP", 51936: "GB2312", 51949: "EUC-KR", 52936: "HZ-GB-2312", 54936: "GB18030", 936: "GBK", 950: "BIG5",
    10000: "MACINTOSH",
  ]
}

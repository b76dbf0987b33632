/// IBM code page 437, the encoding of zip entry names whose general-purpose flag bit 11 is
/// clear (APPNOTE.TXT, appendix D): old Windows and DOS zip tools wrote names this way.
enum CodePage437 {
  /// Bytes 0x80–0xFF, in order (as Python's `bytes(range(128, 256)).decode("cp437")`).
  private static let upperHalf: [Character] = Array(
    "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u{00A0}"
  )

  /// `bytes` decoded: ASCII as itself, the upper half through the table.
  static func decode(_ bytes: some Sequence<UInt8>) -> String {
    var text = ""
    for byte in bytes {
      if byte < 0x80 {
        text.unicodeScalars.append(Unicode.Scalar(byte))
      } else {
        text.append(upperHalf[Int(byte - 0x80)])
      }
    }
    return text
  }
}

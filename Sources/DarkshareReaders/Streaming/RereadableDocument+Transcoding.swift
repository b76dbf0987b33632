import DarkshareMarkup

extension RereadableDocument {
  /// A temporary copy of this document converted to UTF-8 from the iconv charset `charset` a
  /// chunk at a time (``Transcoder/Stream``: the bytes ``Transcoder/utf8(from:charset:)`` gives
  /// for the whole), its first `dropping` bytes (byte-order marks) left out and `prefix` written
  /// first: how a large document in UTF-16 or a legacy charset is read in parts as UTF-8.
  /// - Throws: ``ReaderError`` when iconv does not know `charset`, or the copy cannot be made.
  func utf8Copy(from charset: String, dropping: Int, prefix: [UInt8] = []) throws(ReaderError) -> RereadableDocument {
    guard let converter = Transcoder.Stream(charset: charset) else { throw ReaderError("cannot convert from \(charset)") }
    let copy = try Spool()
    try copy.append(prefix[...])
    let source = try open()
    var left = dropping
    while true {
      var chunk = try source.read(upTo: 1 << 20)
      let isLast = chunk.isEmpty
      if left > 0 {
        let dropped = min(left, chunk.count)
        chunk.removeFirst(dropped)
        left -= dropped
      }
      try copy.append(converter.convert(chunk, isLast: isLast)[...])
      if isLast { break }
    }
    return copy.document()
  }
}

extension CSVMessageLogReader {
  /// An RFC 4180 parser over UTF-8 bytes (quotes, commas and line breaks are ASCII, so never
  /// part of another character): one record that ``CSVRecordReader`` split off, or any run of
  /// whole records. A field is a range of the bytes: its text is built only when a column is
  /// read, and the file positions of its characters only for the links found in it, so memory
  /// stays a small multiple of the record whatever the size of a field.
  struct Parser {
    /// One field: where its content lies in the bytes, whether it was quoted (its `""` stand
    /// for `"`), and the file line and column (Unicode scalars, 1-based) of its first byte.
    struct Field {
      var start: Int
      var end: Int
      var isQuoted: Bool
      var line: Int
      var column: Int

      var isEmpty: Bool { start == end }
    }

    let bytes: ArraySlice<UInt8>
    var index: Int
    var line: Int
    /// Scalars on the current line before `index`, maintained lazily from `lineStart`.
    var lineStart: Int

    /// A parser of `bytes`, whose first byte starts line `line` (1-based) of the file.
    init(utf8 bytes: ArraySlice<UInt8>, line: Int = 1) {
      self.bytes = bytes
      self.line = line
      index = bytes.startIndex
      lineStart = bytes.startIndex
    }

    private static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr = UInt8(0x0D), lf = UInt8(0x0A)

    /// The 1-based column of byte `offset` on the current line.
    private func column(at offset: Int) -> Int {
      var column = 1
      var cursor = lineStart
      while cursor < offset {
        if bytes[cursor] & 0xC0 != 0x80 { column += 1 }
        cursor += 1
      }
      return column
    }

    /// Consumes a line end at `index` if there is one.
    private mutating func lineEnd() {
      if bytes[index] == Self.cr {
        index += 1
        if index < bytes.endIndex, bytes[index] == Self.lf { index += 1 }
      } else {
        index += 1
      }
      line += 1
      lineStart = index
    }

    mutating func nextRow() throws(ReaderError) -> [Field]? {
      guard index < bytes.endIndex else { return nil }
      var row = [Field]()
      var fieldStart = index
      var fieldLine = line
      var fieldColumn = column(at: index)
      var quoted: Field?
      while true {
        if index >= bytes.endIndex {
          row.append(quoted ?? Field(start: fieldStart, end: index, isQuoted: false, line: fieldLine, column: fieldColumn))
          return row
        }
        let byte = bytes[index]
        if byte == Self.quote, index == fieldStart, quoted == nil {
          let startLine = line
          index += 1
          let contentStart = index
          let contentColumn = column(at: index)
          while true {
            guard index < bytes.endIndex else {
              throw ReaderError("malformed CSV: the quoted field that starts on line \(startLine) is never closed")
            }
            let q = bytes[index]
            if q == Self.quote {
              if index + 1 < bytes.endIndex, bytes[index + 1] == Self.quote {
                index += 2
                continue
              }
              break
            }
            if q == Self.cr || q == Self.lf {
              lineEnd()
              continue
            }
            index += 1
          }
          quoted = Field(start: contentStart, end: index, isQuoted: true, line: startLine, column: contentColumn)
          index += 1
          continue
        }
        if byte == Self.comma || byte == Self.cr || byte == Self.lf {
          row.append(quoted ?? Field(start: fieldStart, end: index, isQuoted: false, line: fieldLine, column: fieldColumn))
          quoted = nil
          if byte == Self.comma {
            index += 1
            fieldStart = index
            fieldLine = line
            fieldColumn = column(at: index)
            continue
          }
          lineEnd()
          return row
        }
        // Text after a closing quote (`"a"b`) is dropped, as before; plain text is the field.
        index += 1
      }
    }

    /// The field's text (`""` unescaped in a quoted field).
    func text(of field: Field) -> String {
      let slice = bytes[field.start..<field.end]
      guard field.isQuoted, slice.contains(Self.quote) else { return String(decoding: slice, as: UTF8.self) }
      var unescaped = [UInt8]()
      unescaped.reserveCapacity(slice.count)
      var cursor = field.start
      while cursor < field.end {
        unescaped.append(bytes[cursor])
        cursor += bytes[cursor] == Self.quote ? 2 : 1
      }
      return String(decoding: unescaped, as: UTF8.self)
    }

    /// The file line and column of the text's scalars at `scalarOffsets` (ascending), found by
    /// going over the field's bytes once.
    func positions(of field: Field, scalarOffsets: [Int]) -> [(line: Int, column: Int)] {
      var positions = [(line: Int, column: Int)]()
      var wanted = scalarOffsets.makeIterator()
      var next = wanted.next()
      var line = field.line
      var column = field.column
      var scalar = 0
      var cursor = field.start
      while let target = next, cursor < field.end {
        let byte = bytes[cursor]
        guard byte & 0xC0 != 0x80 else {
          cursor += 1
          continue
        }
        if scalar == target {
          positions.append((line, column))
          next = wanted.next()
          continue
        }
        scalar += 1
        if field.isQuoted, byte == Self.quote {
          cursor += 2
          column += 2
        } else if byte == Self.cr || byte == Self.lf {
          // CR LF is two scalars of the text but one line break of the file.
          cursor += 1
          if byte == Self.lf || cursor >= field.end || bytes[cursor] != Self.lf {
            line += 1
            column = 1
          } else {
            column += 1
          }
        } else {
          cursor += 1
          column += 1
        }
      }
      while next != nil {
        positions.append((line, column))
        next = wanted.next()
      }
      return positions
    }
  }
}

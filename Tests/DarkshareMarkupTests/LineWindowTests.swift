import DarkshareMarkup
import Testing

/// The window of recent lines a streaming reader keeps for columns and for reading again.
@Suite struct LineWindowTests {
  @Test func linesAcrossChunksWithCRLF() {
    var window = LineWindow()
    for chunk in ["ab", "c\r", "\nde", "f\n", "", "gh"] { window.append(Array(chunk.utf8)) }
    #expect(window.line(1).map { String(decoding: $0, as: UTF8.self) } == "abc")
    #expect(window.line(2).map { String(decoding: $0, as: UTF8.self) } == "def")
    #expect(window.line(3).map { String(decoding: $0, as: UTF8.self) } == "gh")
    #expect(window.line(4) == nil)
    #expect(window.bytes(fromLine: 2, upToLine: 3).map { String(decoding: $0, as: UTF8.self) } == "def\n")
    #expect(window.bytes(fromLine: 2, upToLine: 9).map { String(decoding: $0, as: UTF8.self) } == "def\ngh")
  }

  @Test func discardedLinesAreGoneAndLaterLinesSurviveCompaction() {
    var window = LineWindow()
    let lines = (0..<200_000).map { "line \($0) with some text" }
    window.append(Array(lines.joined(separator: "\n").utf8))
    for line in stride(from: 1, through: 199_000, by: 997) {
      window.discard(before: line)
      #expect(window.line(line).map { String(decoding: $0, as: UTF8.self) } == lines[line - 1])
      #expect(window.line(line + 5).map { String(decoding: $0, as: UTF8.self) } == lines[line + 4])
    }
    #expect(window.line(1) == nil)
    #expect(window.bytes(fromLine: 2, upToLine: 3) == nil)
  }

  /// Line feeds anywhere (first and last byte of a chunk, several in a row, empty chunks) start
  /// the lines splitting the whole text at LF starts.
  @Test func randomChunksHoldTheLinesOfTheWholeText() {
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<300 {
      let alphabet: [UInt8] = [0x0A, 0x0A, 0x0D, 0x61, 0x62, 0x20]
      let text = (0..<Int.random(in: 0..<120, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
      var window = LineWindow()
      var rest = text[...]
      while !rest.isEmpty || Bool.random(using: &generator) {
        let size = min(rest.count, Int.random(in: 0..<9, using: &generator))
        window.append(Array(rest.prefix(size)))
        rest = rest.dropFirst(size)
        if rest.isEmpty { break }
      }
      let lines = text.split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
        line.last == 0x0D ? Array(line.dropLast()) : Array(line)
      }
      #expect(window.lastLine == lines.count)
      for (number, line) in lines.enumerated() {
        #expect(window.line(number + 1).map(Array.init) == line)
      }
    }
  }
}

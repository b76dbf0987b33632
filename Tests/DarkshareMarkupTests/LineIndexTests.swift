import DarkshareTestSupport
import Testing

@testable import DarkshareMarkup

/// Line breaks found by `memchr` are the ones a look at every byte finds: `\n`, `\r\n` and a
/// lone `\r`, in any mix and at either end.
@Suite struct LineIndexTests {
  /// The line starts as a walk over every byte finds them.
  private func startsByEveryByte(_ buffer: [UInt8]) -> [Int] {
    var starts = [0]
    var index = 0
    while index < buffer.count {
      if buffer[index] == UInt8(ascii: "\n") {
        starts.append(index + 1)
      } else if buffer[index] == UInt8(ascii: "\r") {
        if index + 1 < buffer.count, buffer[index + 1] == UInt8(ascii: "\n") { index += 1 }
        starts.append(index + 1)
      }
      index += 1
    }
    return starts
  }

  @Test func breaksAreTheOnesEveryByteShows() {
    let pieces: [[UInt8]] = [[0x0A], [0x0D], [0x0D, 0x0A], [0x0A, 0x0D], [0x61], [0x62, 0x63, 0x64], Array("é".utf8), [0x0D, 0x0D]]
    var generator = SplitMix(seed: 11)
    for length in 0..<3_000 {
      let buffer = (0..<(length % 60)).flatMap { _ in pieces.randomElement(using: &generator)! }
      let found = buffer.withUnsafeBufferPointer(LineIndex.lineStarts)
      #expect(found == startsByEveryByte(buffer), "\(buffer)")
    }
  }

  @Test func positionsCountLinesAndScalars() {
    let text = Array("ab\r\ncé\rd\n\nx".utf8)
    let offsets = [0, 1, 4, 5, 8, 9, 10, 11, text.count]
    let positions = LineIndex(text).positions(of: offsets).map { [$0.line, $0.column] }
    #expect(positions == [[1, 1], [1, 2], [2, 1], [2, 2], [3, 1], [3, 2], [4, 1], [5, 1], [5, 2]])
  }

  /// Positions of random offsets (unsorted, repeated, past either end) are the ones a walk over
  /// every byte from the start finds: lines by their breaks, columns by scalars.
  @Test func positionsAreTheOnesAWalkFinds() {
    let pieces: [[UInt8]] = [[0x0A], [0x0D], [0x0D, 0x0A], [0x61], [0x62, 0x63, 0x64], Array("é".utf8), Array("€".utf8), Array("😀".utf8)]
    var generator = SplitMix(seed: 23)
    for length in 0..<2_000 {
      let buffer = (0..<(length % 70)).flatMap { _ in pieces.randomElement(using: &generator)! }
      let offsets = (0..<(length % 9)).map { _ in Int.random(in: -2...(buffer.count + 2), using: &generator) }
      let starts = startsByEveryByte(buffer)
      let expected = offsets.map { raw -> [Int] in
        let offset = min(max(raw, 0), buffer.count)
        let line = starts.lastIndex { $0 <= offset }!
        let scalars = buffer[starts[line]..<offset].filter { $0 & 0xC0 != 0x80 }.count
        return [line + 1, scalars + 1]
      }
      #expect(LineIndex(buffer).positions(of: offsets).map { [$0.line, $0.column] } == expected, "\(buffer) \(offsets)")
    }
  }
}

import DarkshareKit
import Foundation
import Testing

/// A folder walk over a sigexport conversation reads its `chat.md` once, as Signal, and passes
/// over the `index.html` and `data.json` that repeat it, and Markdown that is not a chat.
@Suite struct SignalExportWalkTests {
  @Test func aWalkReadsChatMarkdownAndPassesOverItsCopies() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("signal-walk-\(UUID().uuidString)")
    let conversation = root.appendingPathComponent("Alice")
    try FileManager.default.createDirectory(at: conversation, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: root) }
    func write(_ name: String, _ text: String, in folder: URL = conversation) throws {
      try Data(text.utf8).write(to: folder.appendingPathComponent(name))
    }
    try write("chat.md", "[2021-08-15 12:34:56] Alice: https://a.example/x\n")
    try write("index.html", "<html><body><a href='https://a.example/x'>https://a.example/x</a></body></html>\n")
    try write("data.json", #"{"date": "2021-08-15T12:34:56", "sender": "Alice", "body": "https://a.example/x"}"# + "\n")
    try write("README.md", "# Notes\n[2021-08-15 12:34:56] Alice: x\n", in: root)
    // Elsewhere, an index.html with no Signal chat beside it is still read.
    try write("index.html", "<a href='https://b.example/'>b</a>\n", in: root)
    let resolved = InputResolver().resolveAll([root.path], rules: { _ in WalkRules() })
    let read = resolved.inputs.map { String($0.displayName.dropFirst(root.path.count + 1)) }
    #expect(read == ["Alice/chat.md", "index.html"])
    let passed = Dictionary(uniqueKeysWithValues: resolved.passedOver.map { (String($0.path.dropFirst(root.path.count + 1)), $0.reason) })
    #expect(passed["Alice/index.html"] == "the HTML view of the Signal export beside it (its chat.md is read)")
    #expect(passed["Alice/data.json"]?.hasPrefix("JSON that is not") == true)
    #expect(passed["README.md"]?.hasPrefix("Markdown that is not a Signal export") == true)
  }
}

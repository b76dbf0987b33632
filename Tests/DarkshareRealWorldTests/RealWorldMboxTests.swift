import DarkshareCore
import DarkshareKit
import DarkshareReaders
import DarkshareTestSupport
import Foundation
import Testing

/// Every real-world mbox and Maildir message in the shared folder is read without a crash, and
/// message counts checked by hand hold (grep for From_ lines, Python's `mailbox`, MimeKit's
/// `*-summary.txt`, and reading the files: Python's `mailbox.mbox` splits at every `From ` line,
/// so it counts body lines such as `From time to time` as messages).
@Suite(.enabled(if: RealWorld.isAvailable, "needs ../shared/realworld"))
struct RealWorldMboxTests {
  /// The messages of an mbox, streamed from the file.
  private func read(_ file: String) throws -> [MessageBatch] {
    let source = try FileByteSource(path: RealWorld.directory.appendingPathComponent(file).path)
    let stream = try MboxReader().messages(from: source, file: file)
    var batches = [MessageBatch]()
    while let batch = stream.next() { batches.append(batch) }
    return batches
  }

  private var mboxFiles: [String] {
    RealWorld.files(withExtensions: ["mbox", "txt"]).filter { $0.hasSuffix(".mbox") || $0.hasSuffix(".mbox.txt") }
  }

  @Test func everyMboxIsReadAndDetected() throws {
    #expect(mboxFiles.count >= 5)
    for file in mboxFiles {
      let batches = try read(file)
      #expect(!batches.isEmpty, "\(file)")
      #expect(batches.allSatisfy { $0.problem == nil }, "\(file)")
      let head = try Array(Data(contentsOf: RealWorld.directory.appendingPathComponent(file)).prefix(4096))
      #expect(BuiltInReaders.reader(forPath: file, head: head[...]).map(ObjectIdentifier.init) == ObjectIdentifier(MboxReader.self), "\(file)")
    }
  }

  /// File → top-level messages. `mailbox_01`: one message whose body has an unquoted
  /// `From time to time` (Python counts 2). `unmunged`: a BOM, bare `From -` separators and
  /// two `From Russia with love` body lines: 2 messages. `simple`: 3 `From - ` separators, two
  /// not preceded by a blank line. `issue1189`: 4 Takeout-style `From <id>@xxx` lines, as its
  /// summary. `content-length`: 29 `From - ` lines (10 right after a closing boundary, no
  /// blank line), 29 messages in MimeKit's summary and in Python's `mailbox`.
  @Test(arguments: [
    ("eml-cpython/mailbox_01.mbox", 1), ("eml-mimekit/mbox/unmunged.mbox.txt", 2),
    ("eml-mimekit/mbox/simple.mbox.txt", 3), ("eml-mimekit/mbox/issue1189.mbox.txt", 4),
    ("eml-mimekit/mbox/content-length.mbox.txt", 29),
  ])
  func messageCounts(_ file: String, _ count: Int) throws {
    let batches = try read(file)
    #expect(batches.count == count)
  }

  /// `content-length.mbox.txt`: by MimeKit's summary the second message attaches two forwards
  /// and a chain of three nested ones, so it uses 6 indices and indices run past the 29
  /// top-level messages; the CID-linking example's links carry its subject.
  @Test func contentLengthIndicesAndContext() throws {
    let batches = try read("eml-mimekit/mbox/content-length.mbox.txt")
    #expect(batches[1].messages == 6)
    #expect(batches.reduce(0) { $0 + $1.messages } > 29)
    let links = batches.flatMap(\.links)
    let indices = links.compactMap { $0.message?.index }
    #expect(indices == indices.sorted())
    #expect(links.contains { $0.message?.subject == "Example of CID linking in a multipart/related MIME message" })
  }

  @Test func issue1189SubjectsInOrder() throws {
    let file = "eml-mimekit/mbox/issue1189.mbox.txt"
    let bytes = try Array(Data(contentsOf: RealWorld.directory.appendingPathComponent(file)))
    let links = try MboxReader().links(in: bytes, file: file)
    let subjects = links.compactMap { $0.message?.subject }
    #expect(subjects == subjects.sorted())
    #expect(Set(subjects).isSubset(of: ["Message 1", "Message 2", "Message 3", "Message 4"]))
  }

  /// `maildir-notmuch/default`: 53 messages in Maildirs (`cur/`, `new/` and, as notmuch stores
  /// them, info-suffixed files in folder roots); the walker finds them all, and each is read.
  @Test func notmuchMaildirIsWalkedAndRead() throws {
    let root = RealWorld.directory.appendingPathComponent("maildir-notmuch/default").path
    let inputs = InputResolver().resolve([root])
    #expect(inputs.count == 53)
    for case .file(let path) in inputs {
      let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
      #expect(BuiltInReaders.reader(forPath: path, head: bytes.prefix(4096)).map(ObjectIdentifier.init) == ObjectIdentifier(EMLReader.self), "\(path)")
      let result = Auditor().audit(bytes: bytes, file: path)
      #expect(result.error == nil, "\(path): \(result.error ?? "")")
    }
  }
}
